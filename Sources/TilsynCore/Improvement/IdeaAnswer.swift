import Foundation

/// The leader's answer to an idea: every idea gets one (R50).
public enum IdeaAnswerKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Prøv det: the idea becomes a trial.
    case tryIt
    /// Ikke nå, with a reason.
    case notNow
    /// Allerede gjort et annet sted, with a link to where.
    case alreadyDone
    /// Nei, with a reason.
    case no

    /// Name for people.
    public var displayName: LocalizedText {
        switch self {
        case .tryIt: LocalizedText(nb: "Prøv det", en: "Try it")
        case .notNow: LocalizedText(nb: "Ikke nå", en: "Not now")
        case .alreadyDone: LocalizedText(nb: "Allerede gjort", en: "Already done")
        case .no: LocalizedText(nb: "Nei", en: "No")
        }
    }
}

/// A leader's answer with its reason or link.
public struct IdeaAnswer: Sendable, Hashable, Codable {
    public var kind: IdeaAnswerKind
    /// Why (required for "not now" and "no"; welcome for the others).
    public var reason: String
    /// Where it was done (required for "already done").
    public var link: String

    /// Creates an answer; call `validate()`.
    public init(kind: IdeaAnswerKind, reason: String = "", link: String = "") {
        self.kind = kind
        self.reason = reason
        self.link = link
    }

    /// The rules: "not now" and "no" say why; "already done" says where.
    public func validate() throws {
        var found: [Violation] = []
        let blankReason = reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if (kind == .notNow || kind == .no), blankReason {
            found.append(
                Violation(
                    field: "reason", code: "answer.reasonRequired",
                    message: LocalizedText(
                        nb: "Et «ikke nå» eller «nei» må begrunnes, så den som foreslo det forstår hvorfor.",
                        en: "A 'not now' or 'no' needs a reason, so the person who proposed it understands why.")))
        }
        if kind == .alreadyDone, link.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append(
                Violation(
                    field: "link", code: "answer.linkRequired",
                    message: LocalizedText(
                        nb: "Vis til hvor det allerede er gjort (en lenke eller et navn).",
                        en: "Point to where it has already been done (a link or a name).")))
        }
        try ValidationFailure.throwIfAny(found)
    }
}
