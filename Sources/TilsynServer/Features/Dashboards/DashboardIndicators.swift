import Fluent
import Foundation
import TilsynCore

/// Measures the dashboard indicators of a zone, or of a unit's zones together, from what Tilsyn
/// records (nil when there is nothing to measure yet).
struct DashboardIndicators {
    let database: any Database
    let today: LocalDate
    let expiryNoticeDays: Int

    func measure(_ zone: ZoneModel) async throws -> [DashboardIndicator: Double] {
        try await measure(zoneIDs: [zone.id!])
    }

    /// The indicators over all of `zoneIDs` at once (a unit): shares and medians of the pooled
    /// visits, staff and alarms, not averages of the zones' figures.
    func measure(zoneIDs: [UUID]) async throws -> [DashboardIndicator: Double] {
        var values: [DashboardIndicator: Double] = [:]
        let staff = try await RosterStore(database: database).staff(inZones: zoneIDs)
        let recipients = try await RecipientModel.query(on: database).filter(\.$zone.$id ~~ zoneIDs).all()
        let ids = recipients.map { $0.id! }

        // Sick leave over the last four weeks.
        let from = today.adding(days: -27)
        let spans = try await AbsenceModel.query(on: database).filter(\.$staff.$id ~~ staff.map(\.id))
            .filter(\.$lastDate >= from.description).all()
            .compactMap { absence -> (staffID: UUID, kind: AbsenceKind, first: LocalDate, last: LocalDate)? in
                guard let kind = AbsenceKind(rawValue: absence.kind), let first = LocalDate(absence.firstDate),
                    let last = LocalDate(absence.lastDate)
                else { return nil }
                return (absence.$staff.id, kind, first, last)
            }
        let roster = try await RosterStore(database: database).roster(of: staff.map(\.id), from: from, through: today)
        // The rotation counts within each zone's staff.
        let staffByZone = Array(Dictionary(grouping: staff, by: \.zoneID).values)
        var weeks: [SickLeave.Week] = []
        for zoneStaff in staffByZone {
            weeks += SickLeave.weeks(staff: zoneStaff, absences: spans, from: from, to: today, roster: roster)
        }
        let rostered = weeks.reduce(0) { $0 + $1.rosteredDays }
        if rostered > 0 { values[.sickLeave] = Double(weeks.reduce(0) { $0 + $1.sickDays }) / Double(rostered) * 100 }

        // Today's plan: time with recipients and visits by the primary contact.
        let todays = try await VisitModel.query(on: database).filter(\.$date == today.description)
            .filter(\.$recipient.$id ~~ ids).all().filter { $0.plannedStart != nil }
        let onShift = staffByZone.reduce(0) {
            $0 + roster.shifts(of: $1, on: today).count
        }
        if onShift > 0, !todays.isEmpty {
            let minutes = todays.reduce(0) { $0 + $1.durationMinutes * $1.assignedStaffIDs.count }
            values[.faceToFace] = Double(minutes) / Double(onShift * 450) * 100
        }
        let primary = Dictionary(uniqueKeysWithValues: recipients.map { ($0.id!, $0.$primaryContact.id) })
        let withPrimary = todays.filter { primary[$0.$recipient.id] ?? nil != nil }
        if !withPrimary.isEmpty {
            let byPrimary = withPrimary.filter { visit in
                primary[visit.$recipient.id].flatMap { $0 }.map(visit.assignedStaffIDs.contains) ?? false
            }
            values[.primaryContactShare] = Double(byPrimary.count) / Double(withPrimary.count) * 100
        }

        // Different caregivers per recipient over the last 14 days.
        let recent = try await VisitModel.query(on: database).filter(\.$recipient.$id ~~ ids)
            .filter(\.$date >= today.adding(days: -13).description).filter(\.$date <= today.description).all()
        var caregivers: [UUID: Set<UUID>] = [:]
        for visit in recent where !visit.assignedStaffIDs.isEmpty {
            caregivers[visit.$recipient.id, default: []].formUnion(visit.assignedStaffIDs)
        }
        if !caregivers.isEmpty {
            values[.caregiversPerRecipient] =
                Double(caregivers.values.reduce(0) { $0 + $1.count }) / Double(caregivers.count)
        }

        // Planned against allocated hours this week.
        let monday = SickLeave.monday(of: today)
        let decisions = try await DecisionModel.query(on: database).filter(\.$recipient.$id ~~ ids).all().map(\.domain)
        let allocated = AllocatedHours.allocated(decisions, weekOf: monday).values.reduce(0) { $0 + $1.hours }
        if allocated > 0 {
            let service = VisitService(database: database, expiryNoticeDays: expiryNoticeDays)
            let planned = try await AllocatedHours.plannedWeek(service, from: monday, recipients: Set(ids)).values
                .reduce(0, +)
            values[.hoursAgainstAllocation] = planned / allocated * 100
        }

        // Alarm response, last 30 days.
        let alarms = try await AlarmEventModel.query(on: database).filter(\.$recipient.$id ~~ ids)
            .filter(\.$category == AlarmCategory.emergency.rawValue)
            .filter(\.$receivedAt >= Date().addingTimeInterval(-30 * 86_400)).all()
        func median(_ pick: (AlarmEventModel) -> Date?) -> Double? {
            let minutes = alarms.compactMap { event in pick(event).map { $0.timeIntervalSince(event.receivedAt) / 60 } }
                .sorted()
            return minutes.isEmpty ? nil : minutes[minutes.count / 2]
        }
        values[.minutesToTaken] = median { $0.takenAt }
        values[.minutesToOnSite] = median { $0.onSiteAt }

        // Planned visits done over the last seven days, once the tablet's check-offs are in use.
        let week = try await VisitModel.query(on: database).filter(\.$recipient.$id ~~ ids)
            .filter(\.$date >= today.adding(days: -7).description).filter(\.$date < today.description).all()
            .filter { $0.plannedStart != nil }
        if week.contains(where: { $0.outcome != nil }) {
            values[.doneVisits] = Double(week.filter { $0.outcome == "done" }.count) / Double(week.count) * 100
        }

        // Deviations past their follow-up time.
        let deviations = try await DeviationModel.query(on: database).filter(\.$zone.$id ~~ zoneIDs).all()
        values[.overdueDeviations] = Double(deviations.filter { $0.isOverdue() }.count)
        return values
    }
}
