import Foundation

/// One measured value of an indicator.
public struct IndicatorValue: Sendable, Hashable, Codable {
    /// The day it was measured.
    public var date: LocalDate
    /// The value, in the indicator's unit.
    public var value: Double

    public init(date: LocalDate, value: Double) {
        self.date = date
        self.value = value
    }
}

/// An indicator a trial is measured by (R51): baseline, target and values over time.
public struct TrialIndicator: Sendable, Hashable, Codable, Identifiable {
    public var id: UUID
    /// What is measured, e.g. "Besøk startet innenfor tidsvinduet".
    public var name: String
    /// The unit, e.g. "%", "minutter per dag".
    public var unit: String
    /// The value before the trial.
    public var baseline: Double
    /// The value the trial aims for.
    public var target: Double
    /// Values measured during the trial, oldest first.
    public var values: [IndicatorValue]

    public init(
        id: UUID = UUID(), name: String, unit: String, baseline: Double, target: Double, values: [IndicatorValue] = []
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.baseline = baseline
        self.target = target
        self.values = values
    }

    /// The latest value minus the baseline, or nil before the first measurement.
    public var effect: Double? { values.max { $0.date < $1.date }.map { $0.value - baseline } }

    /// Whether the latest value has reached the target (in the target's direction from the baseline).
    public var targetReached: Bool {
        guard let latest = values.max(by: { $0.date < $1.date })?.value else { return false }
        return target >= baseline ? latest >= target : latest <= target
    }
}

/// What becomes of a trial at its evaluation.
public enum TrialDecision: String, Sendable, Hashable, Codable, CaseIterable {
    case adopt, adjustAndContinue, stop

    public var displayName: LocalizedText {
        switch self {
        case .adopt: LocalizedText(nb: "Innføres", en: "Adopt")
        case .adjustAndContinue: LocalizedText(nb: "Justeres og fortsetter", en: "Adjust and continue")
        case .stop: LocalizedText(nb: "Avsluttes", en: "Stop")
        }
    }
}

/// Gjort – Lært – Lurt: the evaluation every trial ends with (R52).
public struct Evaluation: Sendable, Hashable, Codable {
    /// Gjort: what was done.
    public var done: String
    /// Lært: what was learned.
    public var learned: String
    /// Lurt: what would be wise next time.
    public var next: String
    public var decision: TrialDecision

    public init(done: String, learned: String, next: String, decision: TrialDecision) {
        self.done = done
        self.learned = learned
        self.next = next
        self.decision = decision
    }

    /// All three parts must say something.
    public func validate() throws {
        var found: [Violation] = []
        for (field, text, nb, en) in [
            ("done", done, "Gjort", "Done"), ("learned", learned, "Lært", "Learned"), ("next", next, "Lurt", "Next"),
        ] where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found.append(
                Violation(
                    field: field, code: "evaluation.\(field)Required",
                    message: LocalizedText(nb: "Skriv hva som er «\(nb)».", en: "Write what is '\(en)'.")))
        }
        try ValidationFailure.throwIfAny(found)
    }
}

/// An accepted idea being tried: owner, period, cost and indicators (R51).
public struct Trial: Sendable, Hashable, Codable, Identifiable {
    public var id: UUID
    public var ideaID: UUID
    /// The staff member who owns it.
    public var ownerID: UUID?
    public var startDate: LocalDate
    public var endDate: LocalDate
    /// What the trial costs in staff time, hours per week.
    public var costHoursPerWeek: Double
    public var indicators: [TrialIndicator]
    /// Set when the trial is closed; a trial is never closed without one.
    public var evaluation: Evaluation?

    public init(
        id: UUID = UUID(), ideaID: UUID, ownerID: UUID?, startDate: LocalDate, endDate: LocalDate,
        costHoursPerWeek: Double, indicators: [TrialIndicator], evaluation: Evaluation? = nil
    ) {
        self.id = id
        self.ideaID = ideaID
        self.ownerID = ownerID
        self.startDate = startDate
        self.endDate = endDate
        self.costHoursPerWeek = costHoursPerWeek
        self.indicators = indicators
        self.evaluation = evaluation
    }

    /// No trial without an owner and a measure; it ends after it starts; its cost is not negative.
    public func validate() throws {
        var found: [Violation] = []
        if ownerID == nil {
            found.append(
                Violation(
                    field: "ownerId", code: "trial.ownerRequired",
                    message: LocalizedText(
                        nb: "En utprøving må ha en eier.", en: "A trial needs an owner.")))
        }
        if indicators.isEmpty {
            found.append(
                Violation(
                    field: "indicators", code: "trial.indicatorRequired",
                    message: LocalizedText(
                        nb: "En utprøving må ha minst ett måltall, ellers vet ingen om den virket.",
                        en: "A trial needs at least one indicator, or nobody will know whether it worked.")))
        }
        for (index, indicator) in indicators.enumerated()
        where indicator.name.trimmingCharacters(in: .whitespaces).isEmpty {
            found.append(.required("indicators[\(index)].name"))
        }
        if endDate < startDate {
            found.append(
                Violation(
                    field: "endDate", code: "trial.period",
                    message: LocalizedText(
                        nb: "Utprøvingen kan ikke slutte før den begynner.",
                        en: "The trial cannot end before it starts.")))
        }
        if costHoursPerWeek < 0 {
            found.append(
                Violation(
                    field: "costHoursPerWeek", code: "trial.cost",
                    message: LocalizedText(nb: "Kostnaden kan ikke være negativ.", en: "The cost cannot be negative.")))
        }
        try ValidationFailure.throwIfAny(found)
    }

    /// Why a running trial has stalled on `today`, if it has: no measurement for `measurementDays`, or
    /// past its end without an evaluation. Initiatives that are not measured "run into the sand".
    public func stalledReason(on today: LocalDate, measurementDays: Int = 30) -> StalledReason? {
        guard evaluation == nil else { return nil }
        if today > endDate { return .pastEndWithoutEvaluation }
        let latest = indicators.flatMap(\.values).map(\.date).max() ?? startDate
        if latest.days(until: today) > measurementDays { return .noRecentMeasurement }
        return nil
    }
}

/// Why a trial is flagged as stalled.
public enum StalledReason: String, Sendable, Hashable, Codable {
    case noRecentMeasurement, pastEndWithoutEvaluation

    public var displayName: LocalizedText {
        switch self {
        case .noRecentMeasurement:
            LocalizedText(nb: "Ingen måling på over 30 dager", en: "No measurement for over 30 days")
        case .pastEndWithoutEvaluation:
            LocalizedText(nb: "Sluttdato passert uten evaluering", en: "Past its end without an evaluation")
        }
    }
}
