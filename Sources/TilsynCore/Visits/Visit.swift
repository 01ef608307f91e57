import Foundation

/// One visit to a recipient on a date, generated from one window of a measure.
public struct Visit: Sendable, Hashable, Codable, Identifiable {
    /// Stable id, derived from measure, date and window so that generating twice makes nothing twice.
    public var id: UUID
    /// The day of the visit.
    public var date: LocalDate
    /// Whom the visit is to.
    public var recipientID: UUID
    /// The measure it comes from.
    public var measureID: UUID
    /// Which of the measure's windows (0-based).
    public var windowIndex: Int
    /// What to do.
    public var title: String
    /// When it must start and end.
    public var window: TimeWindow
    /// Expected minutes on site.
    public var durationMinutes: Int
    /// Competences it needs.
    public var requiredCompetences: Set<Competence>
    /// 1, or 2 for a two-person visit.
    public var staffCount: Int
    /// Who is to go; empty until planned.
    public var assignedStaffIDs: [UUID]

    /// Creates a visit.
    public init(
        id: UUID, date: LocalDate, recipientID: UUID, measureID: UUID, windowIndex: Int, title: String,
        window: TimeWindow, durationMinutes: Int, requiredCompetences: Set<Competence>, staffCount: Int,
        assignedStaffIDs: [UUID] = []
    ) {
        self.id = id
        self.date = date
        self.recipientID = recipientID
        self.measureID = measureID
        self.windowIndex = windowIndex
        self.title = title
        self.window = window
        self.durationMinutes = durationMinutes
        self.requiredCompetences = requiredCompetences
        self.staffCount = staffCount
        self.assignedStaffIDs = assignedStaffIDs
    }

    /// The rules of an assignment: exactly `staffCount` different people (a two-person visit needs
    /// two), and together they hold every required competence.
    public func assignmentViolations(staff: [StaffMember]) -> [Violation] {
        var found: [Violation] = []
        let assigned = staff.filter { assignedStaffIDs.contains($0.id) }
        if Set(assignedStaffIDs).count != assignedStaffIDs.count {
            found.append(
                Violation(
                    field: "assignedStaffIDs", code: "visit.duplicateStaff",
                    message: LocalizedText(
                        nb: "Samme ansatt er satt opp to ganger på besøket.",
                        en: "The same staff member is assigned twice to the visit.")))
        }
        if !assignedStaffIDs.isEmpty, Set(assignedStaffIDs).count != staffCount {
            found.append(
                Violation(
                    field: "assignedStaffIDs", code: staffCount == 2 ? "visit.needsTwoStaff" : "visit.staffCount",
                    message: staffCount == 2
                        ? LocalizedText(
                            nb: "Besøket krever to ansatte samtidig.", en: "The visit needs two staff at the same time."
                        )
                        : LocalizedText(
                            nb: "Besøket skal ha \(staffCount) ansatt.",
                            en: "The visit takes \(staffCount) staff member.")))
        }
        let held = assigned.reduce(into: Set<Competence>()) { $0.formUnion($1.competences) }
        if !assignedStaffIDs.isEmpty, !requiredCompetences.isSubset(of: held) {
            let missing = requiredCompetences.subtracting(held).sorted().map(\.rawValue).joined(separator: ", ")
            found.append(
                Violation(
                    field: "assignedStaffIDs", code: "visit.missingCompetence",
                    message: LocalizedText(
                        nb: "De som er satt opp mangler kompetansen \(missing).",
                        en: "Those assigned lack the competence \(missing).")))
        }
        return found
    }
}
