import Fluent
import Foundation
import Planner
import TilsynCore

/// Sends staff to an alarm (R5): proposes those on shift with the competence the alarm needs,
/// ranked by estimated arrival from where their work list has them now; asks one at a time; moves
/// on to the next when someone declines or does not answer in time; and when someone accepts,
/// re-plans the rest of their day around the alarm.
struct AlarmDispatch {
    let database: any Database
    /// Seconds a staff member has to answer before the next one is asked.
    var answerSeconds: Double = 120
    /// Minutes the planner reserves on site, after the travel, for a re-plan.
    var minutesOnSite = 30

    struct Candidate: Sendable {
        var staff: StaffMember
        var etaMinutes: Int
        /// Free now, or busy until this minute of the day.
        var busyUntil: Int?
        var zoneName: String
    }

    /// Staff on the current shift of the recipient's unit, with the competence the alarm needs, by
    /// estimated arrival: the time to finish what their plan has them doing now, then the travel.
    func candidates(for event: AlarmEventModel, now: Date, timeZone: TimeZone) async throws -> [Candidate] {
        guard let recipientID = event.$recipient.id,
            let recipient = try await RecipientModel.find(recipientID, on: database),
            let zone = try await ZoneModel.find(recipient.$zone.id, on: database)
        else { return [] }
        let (date, minute) = Self.local(now, timeZone)
        guard let shift = ShiftKind.of(windowStart: minute) else { return [] }
        guard
            let day = try await PlanningService(database: database).day(.unit(zone.$unit.id), date: date, shift: shift)
        else { return [] }
        let needed = Self.neededCompetence(event.statusCode)
        let declined = Set(
            try await AlarmDispatchModel.query(on: database).filter(\.$event.$id == event.id!).all()
                .filter { $0.state == "declined" || $0.state == "unanswered" }.map { $0.$staff.id })
        let travel = GreatCircleTravel()
        let target = Place(latitude: recipient.latitude, longitude: recipient.longitude)
        let zoneNames = day.zoneNames
        var result: [Candidate] = []
        for member in day.staff.values where !declined.contains(member.id) {
            if let needed, !member.competences.contains(needed) { continue }
            if let away = day.absentFrom[member.id], away <= minute { continue }
            // Where the plan has them: in a visit now (until it ends), or at the last place they left.
            let visits = day.visits.values.filter { $0.assignedStaffIDs.contains(member.id) && $0.plannedStart != nil }
                .sorted { $0.plannedStart! < $1.plannedStart! }
            var place = day.problem.staff.first { $0.id == member.id.uuidString }?.startPlace ?? target
            var freeAt = Double(minute)
            var busyUntil: Int?
            for visit in visits where visit.plannedStart! <= Double(minute) {
                let end = visit.plannedStart! + Double(visit.durationMinutes)
                if let home = day.recipients[visit.$recipient.id] {
                    place = Place(latitude: home.latitude, longitude: home.longitude)
                }
                if end > Double(minute) {
                    freeAt = end
                    busyUntil = Int(end.rounded(.up))
                }
            }
            let eta = freeAt - Double(minute) + travel.minutes(from: place, to: target, mode: .car)
            result.append(
                Candidate(
                    staff: member, etaMinutes: Int(eta.rounded(.up)), busyUntil: busyUntil,
                    zoneName: member.zoneID.flatMap { zoneNames[$0] } ?? ""))
        }
        return result.sorted { ($0.etaMinutes, $0.staff.employeeNumber) < ($1.etaMinutes, $1.staff.employeeNumber) }
    }

    /// The estimated arrival of anyone in the recipient's unit: as a candidate when they are one,
    /// otherwise the drive from the middle of their zone (or the recipient's, for unit-wide roles).
    /// Nil when they are not of the recipient's unit.
    func estimate(_ staffID: UUID, for event: AlarmEventModel, now: Date, timeZone: TimeZone) async throws -> Int? {
        if let candidate = try await candidates(for: event, now: now, timeZone: timeZone)
            .first(where: { $0.staff.id == staffID })
        {
            return candidate.etaMinutes
        }
        guard let member = try await StaffMemberModel.find(staffID, on: database),
            let recipientID = event.$recipient.id,
            let recipient = try await RecipientModel.find(recipientID, on: database),
            let home = try await ZoneModel.find(recipient.$zone.id, on: database)
        else { return nil }
        let zoneID = member.$zone.id ?? home.id!
        guard let zone = try await ZoneModel.find(zoneID, on: database), zone.$unit.id == home.$unit.id else {
            return nil
        }
        let homes = try await RecipientModel.query(on: database).filter(\.$zone.$id == zoneID).all()
        let count = Double(max(1, homes.count))
        let middle = Place(
            latitude: homes.reduce(0) { $0 + $1.latitude } / count,
            longitude: homes.reduce(0) { $0 + $1.longitude } / count)
        let minutes = GreatCircleTravel().minutes(
            from: middle, to: Place(latitude: recipient.latitude, longitude: recipient.longitude), mode: .car)
        return Int(minutes.rounded(.up))
    }

    /// What an alarm needs of the one who goes: medicines for a missed pill, otherwise anyone.
    static func neededCompetence(_ statusCode: Int?) -> Competence? { statusCode == 81 ? .medication : nil }

    static func local(_ date: Date, _ timeZone: TimeZone) -> (LocalDate, Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return (
            LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!, parts.hour! * 60 + parts.minute!
        )
    }

    /// Asks `staffID` to go.
    func send(_ event: AlarmEventModel, to staffID: UUID, etaMinutes: Int, by operatorID: UUID?, now: Date) async throws
    {
        guard Self.open(event) else { throw AlarmConsoleError.closed }
        if try await AlarmDispatchModel.query(on: database).filter(\.$event.$id == event.id!)
            .filter(\.$state ~~ ["sent", "accepted"]).count() > 0
        {
            throw AlarmConsoleError.alreadyDispatched
        }
        guard let staff = try await StaffMemberModel.find(staffID, on: database) else {
            throw NotFoundError.staffMember
        }
        try await database.writeTransaction { database in
            let dispatch = AlarmDispatchModel()
            dispatch.$event.id = event.id!
            dispatch.$staff.id = staffID
            dispatch.state = "sent"
            dispatch.etaMinutes = etaMinutes
            dispatch.sentAt = now
            try await dispatch.save(on: database)
            try await AlarmStepModel(
                eventID: event.id!, kind: "sent",
                note: "\(staff.givenName) \(staff.familyName) spurt (ca. \(etaMinutes) min unna)", staffID: operatorID,
                at: now
            ).save(on: database)
        }
    }

    static func open(_ event: AlarmEventModel) -> Bool {
        [AlarmState.queued, .taken, .escalated].map(\.rawValue).contains(event.state)
    }

    /// The staff member's answer. Accepting re-plans the rest of their day around the alarm.
    func answer(
        _ dispatch: AlarmDispatchModel, accepted: Bool, by staff: StaffMember, now: Date, timeZone: TimeZone,
        replanSeconds: Double
    ) async throws {
        guard dispatch.state == "sent" else { throw AlarmConsoleError.notAsked }
        guard let event = try await AlarmEventModel.find(dispatch.$event.id, on: database) else {
            throw NotFoundError.alarm
        }
        try await database.writeTransaction { database in
            dispatch.state = accepted ? "accepted" : "declined"
            dispatch.answeredAt = now
            try await dispatch.save(on: database)
            if accepted {
                event.dispatchedAt = now
                try await event.save(on: database)
            }
            try await AlarmStepModel(
                eventID: event.id!, kind: accepted ? "accepted" : "declined",
                note: accepted ? "På vei, ca. \(dispatch.etaMinutes) min" : "", staffID: staff.id, at: now
            ).save(on: database)
        }
        if accepted {
            try await replanAround(
                event, responder: staff, minutes: dispatch.etaMinutes + minutesOnSite, now: now,
                timeZone: timeZone, seconds: replanSeconds)
        } else {
            try await askNext(event, now: now, timeZone: timeZone)
        }
    }

    /// The responder's remaining visits move around the alarm; the run says who was moved.
    private func replanAround(
        _ event: AlarmEventModel, responder: StaffMember, minutes: Int, now: Date, timeZone: TimeZone,
        seconds: Double
    ) async throws {
        guard let recipientID = event.$recipient.id,
            let recipient = try await RecipientModel.find(recipientID, on: database),
            let zoneID = responder.zoneID
        else { return }
        let (date, minute) = Self.local(now, timeZone)
        guard let shift = ShiftKind.of(windowStart: minute) else { return }
        let service = PlanningService(database: database)
        // The plan in force: the zone's, or the unit's when the unit was planned last.
        guard var day = try await service.day(.zone(zoneID), date: date, shift: shift) else { return }
        var (run, conflict) = try await service.latestRun(day)
        if case .plannedForUnit(let unitID) = conflict,
            let unitDay = try await service.day(.unit(unitID), date: date, shift: shift)
        {
            day = unitDay
            (run, _) = try await service.latestRun(day)
        }
        guard run != nil, day.staff[responder.id] != nil else { return }
        _ = try await service.replanAlarm(
            day, run: run, responder: responder, recipient: recipient, now: minute, minutes: minutes,
            seconds: seconds, by: nil)
    }

    /// Asks the next candidate, or — when nobody is left — records that the escalation chain
    /// (relatives, leader, 113) is the operator's to follow.
    func askNext(_ event: AlarmEventModel, now: Date, timeZone: TimeZone) async throws {
        guard Self.open(event), event.dispatchedAt == nil else { return }
        if let next = try await candidates(for: event, now: now, timeZone: timeZone).first {
            try await send(event, to: next.staff.id, etaMinutes: next.etaMinutes, by: nil, now: now)
        } else {
            try await AlarmStepModel(
                eventID: event.id!, kind: "escalated",
                note: "Ingen ansatte igjen å spørre: følg varslingskjeden (pårørende, leder, 113).", at: now
            ).save(on: database)
        }
    }

    /// Dispatches nobody answered in time move on to the next candidate.
    func sweepUnanswered(now: Date, timeZone: TimeZone) async throws -> Int {
        let cutoff = now.addingTimeInterval(-answerSeconds)
        let stale = try await AlarmDispatchModel.query(on: database).filter(\.$state == "sent")
            .filter(\.$sentAt < cutoff).all()
        for dispatch in stale {
            dispatch.state = "unanswered"
            dispatch.answeredAt = now
            try await dispatch.save(on: database)
            guard let event = try await AlarmEventModel.find(dispatch.$event.id, on: database) else { continue }
            try await AlarmStepModel(
                eventID: event.id!, kind: "unanswered", note: "Ikke svar innen \(Int(answerSeconds)) s", at: now
            ).save(on: database)
            try await askNext(event, now: now, timeZone: timeZone)
        }
        return stale.count
    }
}
