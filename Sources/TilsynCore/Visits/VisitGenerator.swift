import Foundation

/// Something the leader must see about the visits of a date, so no service drops out silently.
public struct PlanningWarning: Sendable, Hashable, Codable {
    /// What kind of warning.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The measure's decision ended before the date; the visit is still made until someone decides.
        case decisionExpired
        /// The measure's decision ends within the notice period.
        case decisionExpiresSoon
        /// The measure has no decision at all.
        case noDecision
        /// The decision starts after the date.
        case decisionNotYetValid
    }

    /// What kind of warning.
    public var kind: Kind
    /// The recipient concerned.
    public var recipientID: UUID
    /// The measure concerned.
    public var measureID: UUID
    /// The decision concerned, if any.
    public var decisionID: UUID?
    /// The text for people.
    public var message: LocalizedText
}

/// Makes the visits of a date from care plans, and the warnings about their decisions.
public struct VisitGenerator: Sendable {
    /// How many days ahead an ending decision is flagged.
    public var expiryNoticeDays: Int

    /// Creates a generator.
    public init(expiryNoticeDays: Int = 14) {
        self.expiryNoticeDays = expiryNoticeDays
    }

    /// The visits and warnings of `date`.
    ///
    /// A measure whose decision has expired still yields its visits: dropping them would be the
    /// silent failure the studies describe. The warning asks a person to renew or end the measure.
    public func visits(
        on date: LocalDate, measures: [Measure], decisions: [UUID: Decision]
    ) -> (visits: [Visit], warnings: [PlanningWarning]) {
        var visits: [Visit] = []
        var warnings: [PlanningWarning] = []
        for measure in measures where measure.isActive && measure.weekdays.contains(date.weekday) {
            if let warning = warning(for: measure, on: date, decisions: decisions) { warnings.append(warning) }
            for (index, window) in measure.windows.enumerated() {
                visits.append(
                    Visit(
                        id: Self.visitID(measureID: measure.id, date: date, windowIndex: index), date: date,
                        recipientID: measure.recipientID, measureID: measure.id, windowIndex: index,
                        title: measure.title, window: window, durationMinutes: measure.durationMinutes,
                        requiredCompetences: measure.requiredCompetences, staffCount: measure.staffCount))
            }
        }
        visits.sort { ($0.window.start, $0.recipientID.uuidString) < ($1.window.start, $1.recipientID.uuidString) }
        return (visits, warnings)
    }

    private func warning(for measure: Measure, on date: LocalDate, decisions: [UUID: Decision]) -> PlanningWarning? {
        func make(_ kind: PlanningWarning.Kind, _ decision: Decision?, nb: String, en: String) -> PlanningWarning {
            PlanningWarning(
                kind: kind, recipientID: measure.recipientID, measureID: measure.id, decisionID: decision?.id,
                message: LocalizedText(nb: nb, en: en))
        }
        guard let decisionID = measure.decisionID, let decision = decisions[decisionID] else {
            return make(
                .noDecision, nil, nb: "Tiltaket «\(measure.title)» har ikke noe vedtak.",
                en: "The measure '\(measure.title)' has no decision.")
        }
        if decision.hasExpired(on: date), let end = decision.validTo {
            return make(
                .decisionExpired, decision,
                nb:
                    "Vedtaket for «\(measure.title)» gikk ut \(end). Besøket er tatt med til noen fornyer eller avslutter tiltaket.",
                en:
                    "The decision for '\(measure.title)' expired on \(end). The visit is kept until someone renews or ends the measure."
            )
        }
        if date < decision.validFrom {
            return make(
                .decisionNotYetValid, decision,
                nb: "Vedtaket for «\(measure.title)» gjelder først fra \(decision.validFrom).",
                en: "The decision for '\(measure.title)' is valid only from \(decision.validFrom).")
        }
        if let left = decision.daysLeft(on: date), left < expiryNoticeDays, let end = decision.validTo {
            return make(
                .decisionExpiresSoon, decision,
                nb: "Vedtaket for «\(measure.title)» går ut \(end) (om \(left) dager).",
                en: "The decision for '\(measure.title)' expires on \(end) (in \(left) days).")
        }
        return nil
    }

    /// A name-based id (UUID version 5 style, from a stable hash) for a visit, so regeneration is idempotent.
    public static func visitID(measureID: UUID, date: LocalDate, windowIndex: Int) -> UUID {
        StableUUID.make(from: "visit:\(measureID.uuidString):\(date):\(windowIndex)")
    }
}
