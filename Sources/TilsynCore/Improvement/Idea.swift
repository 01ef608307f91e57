import Foundation

/// Where an idea is in its flow: submitted → answered, or in trial → evaluated → adopted.
public enum IdeaStage: String, Sendable, Hashable, Codable, CaseIterable {
    case waitingForAnswer, answered, inTrial, evaluated, adopted

    public var displayName: LocalizedText {
        switch self {
        case .waitingForAnswer: LocalizedText(nb: "Venter på svar", en: "Waiting for an answer")
        case .answered: LocalizedText(nb: "Besvart", en: "Answered")
        case .inTrial: LocalizedText(nb: "Prøves ut", en: "In trial")
        case .evaluated: LocalizedText(nb: "Evaluert", en: "Evaluated")
        case .adopted: LocalizedText(nb: "Innført", en: "Adopted")
        }
    }
}

/// An improvement idea from anyone on staff (R50). Ideas hold no health data.
public struct Idea: Sendable, Hashable, Codable, Identifiable {
    public var id: UUID
    public var title: String
    /// The problem as the proposer sees it.
    public var problem: String
    /// What they propose.
    public var proposal: String
    public var category: IdeaCategory
    /// The unit it concerns, and the zone if only one.
    public var unitID: UUID
    public var zoneID: UUID?
    public var values: Set<MunicipalValue>
    /// The staff member who submitted it.
    public var authorID: UUID
    public var submittedAt: Date
    public var answer: IdeaAnswer?
    public var answeredAt: Date?

    public init(
        id: UUID = UUID(), title: String, problem: String, proposal: String, category: IdeaCategory, unitID: UUID,
        zoneID: UUID? = nil, values: Set<MunicipalValue> = [], authorID: UUID, submittedAt: Date = Date(),
        answer: IdeaAnswer? = nil, answeredAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.problem = problem
        self.proposal = proposal
        self.category = category
        self.unitID = unitID
        self.zoneID = zoneID
        self.values = values
        self.authorID = authorID
        self.submittedAt = submittedAt
        self.answer = answer
        self.answeredAt = answeredAt
    }

    /// A title, a problem and a proposal: quick to write, but something to answer.
    public func validate() throws {
        var found: [Violation] = []
        for (field, text) in [("title", title), ("problem", problem), ("proposal", proposal)]
        where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append(.required(field))
        }
        if title.count > 120 {
            found.append(
                Violation(
                    field: "title", code: "idea.titleTooLong",
                    message: LocalizedText(
                        nb: "Tittelen kan ha høyst 120 tegn.", en: "The title can have at most 120 characters.")))
        }
        try ValidationFailure.throwIfAny(found)
    }

    /// When the idea should have its answer, `targetDays` after it was submitted.
    public func answerDue(targetDays: Int) -> Date { submittedAt.addingTimeInterval(Double(targetDays) * 86400) }

    /// Whether the idea has waited past its target time for an answer.
    public func isOverdue(at now: Date, targetDays: Int) -> Bool {
        answer == nil && now > answerDue(targetDays: targetDays)
    }

    /// The stage, given the idea's trial if it has one.
    public func stage(trial: Trial?) -> IdeaStage {
        guard let answer else { return .waitingForAnswer }
        guard answer.kind == .tryIt else { return .answered }
        guard let evaluation = trial?.evaluation else { return .inTrial }
        return evaluation.decision == .adopt ? .adopted : .evaluated
    }
}
