import Foundation
import TilsynCore

/// Sick-leave arithmetic (R41): per zone and week, the days people were rostered and the days they
/// were away sick (self-certified or doctor-certified), and the share of those that were
/// self-certified. A rostered day counts once per person; holidays and other absence are not sickness.
struct SickLeave {
    struct Week: Sendable, Hashable {
        var monday: LocalDate
        var rosteredDays: Int
        var sickDays: Int
        var selfCertifiedDays: Int

        /// Sick days over rostered days, 0…1.
        var rate: Double { rosteredDays == 0 ? 0 : Double(sickDays) / Double(rosteredDays) }
    }

    /// The Monday of `date`'s week.
    static func monday(of date: LocalDate) -> LocalDate {
        var day = date
        while day.weekday != .monday { day = day.adding(days: -1) }
        return day
    }

    /// Week by week from `from`'s week through `to`'s, for `staff` (one zone's) on `roster`.
    static func weeks(
        staff: [StaffMember], absences: [(staffID: UUID, kind: AbsenceKind, first: LocalDate, last: LocalDate)],
        from: LocalDate, to: LocalDate, roster: Roster = .rotation
    ) -> [Week] {
        var weeks: [Week] = []
        var monday = Self.monday(of: from)
        while monday <= to {
            var week = Week(monday: monday, rosteredDays: 0, sickDays: 0, selfCertifiedDays: 0)
            for offset in 0..<7 {
                let date = monday.adding(days: offset)
                guard date >= from, date <= to else { continue }
                let shifts = roster.shifts(of: staff, on: date)
                for member in staff where shifts[member.id] != nil {
                    week.rosteredDays += 1
                    let away = absences.first { $0.staffID == member.id && $0.first <= date && date <= $0.last }
                    guard let away, away.kind == .selfCertified || away.kind == .doctorCertified else { continue }
                    week.sickDays += 1
                    if away.kind == .selfCertified { week.selfCertifiedDays += 1 }
                }
            }
            weeks.append(week)
            monday = monday.adding(days: 7)
        }
        return weeks
    }
}
