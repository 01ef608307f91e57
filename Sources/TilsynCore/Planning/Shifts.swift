import Foundation

/// The shifts the planner plans: home care works days and evenings; nights are covered by a
/// small night team outside these work lists.
public enum ShiftKind: String, Sendable, Hashable, Codable, CaseIterable {
    case day, evening

    /// Minutes after midnight.
    public var start: Int { self == .day ? 450 : 900 }
    public var end: Int { self == .day ? 900 : 1350 }
    /// The meal break: 30 minutes starting in this window.
    public var breakWindow: (start: Int, end: Int) { self == .day ? (660, 750) : (1050, 1140) }
    public var breakMinutes: Int { 30 }

    public var displayName: LocalizedText {
        switch self {
        case .day: LocalizedText(nb: "Dagvakt 07:30–15:00", en: "Day shift 07:30–15:00")
        case .evening: LocalizedText(nb: "Kveldsvakt 15:00–22:30", en: "Evening shift 15:00–22:30")
        }
    }

    /// The shift a visit belongs to, by when its window opens.
    public static func of(windowStart: Int) -> ShiftKind? {
        allCases.first { windowStart >= $0.start && windowStart < $0.end }
    }
}

/// The rotation a zone's roster starts from (see `Roster` for the changes a leader makes): a fixed
/// rotation, so the same person works the same shifts every time a day is planned. Within each role of a zone, people take turns by
/// employee number: each works five days in seven, and two in three of them work days, the rest
/// evenings, so every shift has some of each role (nurses included).
public enum DefaultRoster {
    public static let plannedRoles: Set<StaffRole> = [.nurse, .careWorker, .assistant, .substitute]

    /// The shift of each member of `staff` (one zone's staff) on `date`; those off are left out.
    public static func shifts(of staff: [StaffMember], on date: LocalDate) -> [UUID: ShiftKind] {
        let dayNumber = LocalDate(year: 2000, month: 1, day: 3)!.days(until: date)  // a Monday
        var result: [UUID: ShiftKind] = [:]
        for role in plannedRoles {
            let members = staff.filter { $0.role == role }.sorted { $0.employeeNumber < $1.employeeNumber }
            for (index, member) in members.enumerated() where ((index + dayNumber) % 7 + 7) % 7 < 5 {
                result[member.id] = index % 3 == 2 ? .evening : .day
            }
        }
        return result
    }
}

/// Who works when: the default rotation, changed day by day where a leader has changed it (a
/// swapped shift, an extra shift, a day off).
public struct Roster: Sendable, Equatable {
    /// Per date and staff member: the shift they work, or nil for a day off.
    public var changes: [LocalDate: [UUID: ShiftKind?]]

    public init(changes: [LocalDate: [UUID: ShiftKind?]] = [:]) {
        self.changes = changes
    }

    /// The default rotation with no changes.
    public static let rotation = Roster()

    /// The shift of each member of `staff` (one zone's staff) on `date`; those off are left out.
    public func shifts(of staff: [StaffMember], on date: LocalDate) -> [UUID: ShiftKind] {
        var shifts = DefaultRoster.shifts(of: staff, on: date)
        guard let changed = changes[date] else { return shifts }
        for member in staff {
            if let change = changed[member.id] { shifts[member.id] = change }
        }
        return shifts
    }
}
