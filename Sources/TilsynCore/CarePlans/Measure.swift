import Foundation

/// Tiltak: one thing the care plan says to do, on given weekdays, within time windows.
///
/// A measure with two windows on a day (medication morning and evening) gives two visits that day.
public struct Measure: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public var id: UUID
    /// The recipient whose care plan holds the measure.
    public var recipientID: UUID
    /// The decision that grants it; a measure without a valid decision must not drop out silently.
    public var decisionID: UUID?
    /// What to do, e.g. "Morgenstell og medisiner".
    public var title: String
    /// Days of the week it applies.
    public var weekdays: Set<Weekday>
    /// Time windows on each of those days; one visit per window.
    public var windows: [TimeWindow]
    /// Expected duration of each visit in minutes.
    public var durationMinutes: Int
    /// Competences the visit needs (medication → nurse).
    public var requiredCompetences: Set<Competence>
    /// 1, or 2 for a two-person visit (e.g. lifting).
    public var staffCount: Int
    /// Free-text instructions for the staff on the visit.
    public var instructions: String
    /// Whether the measure is in force; ended measures are kept for history.
    public var isActive: Bool

    /// Creates a measure; call `validate()` before storing it.
    public init(
        id: UUID = UUID(), recipientID: UUID, decisionID: UUID?, title: String, weekdays: Set<Weekday>,
        windows: [TimeWindow], durationMinutes: Int, requiredCompetences: Set<Competence>, staffCount: Int = 1,
        instructions: String = "", isActive: Bool = true
    ) {
        self.id = id
        self.recipientID = recipientID
        self.decisionID = decisionID
        self.title = title
        self.weekdays = weekdays
        self.windows = windows
        self.durationMinutes = durationMinutes
        self.requiredCompetences = requiredCompetences
        self.staffCount = staffCount
        self.instructions = instructions
        self.isActive = isActive
    }

    /// Whether the visit needs two staff at the same time.
    public var isTwoPerson: Bool { staffCount == 2 }

    /// The rules a measure must satisfy: a title, days, valid windows the visit fits in, a sensible
    /// duration, one or two staff.
    public func validate() throws {
        var found: [Violation] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty { found.append(.required("title")) }
        if weekdays.isEmpty {
            found.append(
                Violation(
                    field: "weekdays", code: "measure.noWeekdays",
                    message: LocalizedText(nb: "Velg minst én ukedag.", en: "Choose at least one weekday.")))
        }
        if !(1...720).contains(durationMinutes) {
            found.append(
                Violation(
                    field: "durationMinutes", code: "measure.duration",
                    message: LocalizedText(
                        nb: "Varigheten må være mellom 1 og 720 minutter.",
                        en: "The duration must be between 1 and 720 minutes.")))
        }
        if windows.isEmpty {
            found.append(
                Violation(
                    field: "windows", code: "measure.noWindows",
                    message: LocalizedText(nb: "Angi minst ett tidsvindu.", en: "Give at least one time window.")))
        }
        for (index, window) in windows.enumerated() {
            found += window.violations(duration: durationMinutes, field: "windows[\(index)]")
        }
        let sorted = windows.sorted { $0.start < $1.start }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.start < earlier.end {
            found.append(
                Violation(
                    field: "windows", code: "measure.overlappingWindows",
                    message: LocalizedText(
                        nb: "Tidsvinduene \(earlier) og \(later) overlapper.",
                        en: "The time windows \(earlier) and \(later) overlap.")))
        }
        if !(1...2).contains(staffCount) {
            found.append(
                Violation(
                    field: "staffCount", code: "measure.staffCount",
                    message: LocalizedText(
                        nb: "Et tiltak utføres av én eller to ansatte.", en: "A measure is done by one or two staff.")))
        }
        try ValidationFailure.throwIfAny(found)
    }
}
