import Fluent
import Foundation
import Planner
import TilsynCore

/// Re-planning when the day changes: a sick call, an alarm that takes a staff member away, an
/// urgent visit. Each keeps what was begun before `now`, moves as little as it can, and stores the
/// new plan with a line saying what happened and what moved (so the people affected can be told).
extension PlanningService {
    /// A staff member is away from `now` through `lastDate`: their visits not yet begun go to
    /// others, and the absence is stored with the plan (so planning again leaves them out).
    func replanAbsence(
        _ day: Day, run: PlanRunModel?, absent: StaffMember, kind: AbsenceKind, now: Int, lastDate: LocalDate,
        seconds: Double, by leader: UUID?
    ) async throws -> PlanRunModel {
        let name = "\(absent.givenName) \(absent.familyName)"
        let time = HomeCarePlanner.clock(Double(now))
        let absence = AbsenceModel(
            staffID: absent.id, kind: kind, first: day.date, last: lastDate, fromMinute: now, by: leader)
        return try await replan(
            day, run: run, now: now, event: .staffAbsent(staffID: absent.id.uuidString), seconds: seconds,
            by: leader,
            what: LocalizedText(
                nb: "Fravær (\(kind.displayName.nb.lowercased())): \(name) fra kl. \(time).",
                en: "Absence (\(kind.displayName.en.lowercased())): \(name) from \(time)."),
            alongside: { database in try await absence.save(on: database) })
    }

    /// An alarm at `recipient`'s home takes `responder` from `now` for `minutes`; afterwards they
    /// carry on from there.
    func replanAlarm(
        _ day: Day, run: PlanRunModel?, responder: StaffMember, recipient: RecipientModel, now: Int, minutes: Int,
        seconds: Double, by leader: UUID?
    ) async throws -> PlanRunModel {
        let name = "\(responder.givenName) \(responder.familyName)"
        let time = HomeCarePlanner.clock(Double(now))
        let place = Place(latitude: recipient.latitude, longitude: recipient.longitude)
        return try await replan(
            day, run: run, now: now,
            event: .alarm(staffID: responder.id.uuidString, place: place, minutes: minutes), seconds: seconds,
            by: leader,
            what: LocalizedText(
                nb: "Alarm: \(name) rykker ut kl. \(time) i \(minutes) min.",
                en: "Alarm: \(name) responds at \(time) for \(minutes) min."))
    }

    /// A visit that must be made today, from `now` and begun by `latestStart`, for one of the
    /// zone's measures: stored as a visit of the day and fitted into the plan.
    func replanUrgentVisit(
        _ day: Day, run: PlanRunModel?, measure: MeasureModel, now: Int, latestStart: Int, seconds: Double,
        by leader: UUID?
    ) async throws -> PlanRunModel {
        guard let recipient = day.recipients[measure.$recipient.id] else { throw NotFoundError.recipient }
        guard latestStart >= now else { throw PlanningError.deadlineBeforeNow }
        guard latestStart <= day.shift.end else { throw PlanningError.deadlineAfterShift }
        // Extra visits of a measure on a date are numbered from 100; the generated ones from 0.
        let taken = try await VisitModel.query(on: database).filter(\.$measure.$id == measure.id!)
            .filter(\.$date == day.date.description).all(\.$windowIndex)
        let visit = VisitModel()
        visit.id = UUID()
        visit.date = day.date.description
        visit.$recipient.id = recipient.id!
        visit.$measure.id = measure.id!
        visit.windowIndex = max(100, (taken.max() ?? 0) + 1)
        visit.title = measure.title
        visit.windowStart = now
        visit.windowEnd = latestStart
        visit.durationMinutes = measure.durationMinutes
        visit.requiredCompetences = measure.requiredCompetences
        visit.staffCount = measure.staffCount
        visit.assignedStaffIDs = []
        let care = CareVisit(
            id: visit.id!.uuidString, recipientID: recipient.id!.uuidString,
            place: Place(latitude: recipient.latitude, longitude: recipient.longitude),
            durationMinutes: visit.durationMinutes, windows: [MinuteWindow(now, latestStart)],
            requiredCompetences: Set(visit.requiredCompetences), staffCount: visit.staffCount,
            zoneID: recipient.$zone.id.uuidString)
        var day = day
        day.visits[visit.id!] = visit
        let who = "\(recipient.givenName) \(recipient.familyName)"
        let time = HomeCarePlanner.clock(Double(latestStart))
        return try await replan(
            day, run: run, now: now, event: .urgentVisit(care), seconds: seconds, by: leader,
            what: LocalizedText(
                nb: "Hastebesøk: \(measure.title) hos \(who), senest kl. \(time).",
                en: "Urgent visit: \(measure.title) for \(who), by \(time)."))
    }

    /// Re-plans from `now` after `event` and stores the result (with the event's visit, if new).
    private func replan(
        _ day: Day, run: PlanRunModel?, now: Int, event: ReplanEvent, seconds: Double, by leader: UUID?,
        what: LocalizedText, alongside: @escaping @Sendable (any Database) async throws -> Void = { _ in }
    ) async throws -> PlanRunModel {
        let problem = day.problem
        let current = currentPlan(day, run: run)
        let outcome = try await Task.detached(priority: .userInitiated) {
            try HomeCarePlanner.replan(
                problem, current: current, now: now, event: event,
                options: Self.solveOptions(seconds: seconds))
        }.value
        var explained = day
        if case .urgentVisit(let visit) = event { explained.problem.visits.append(visit) }
        let moved = outcome.movedVisits.count
        let retimed = outcome.retimedVisits.count
        // Everyone whose day changed is told, in the same transaction as the new plan.
        let notices = Self.notices(outcome, explained)
        return try await store(
            outcome.result, explained, by: leader,
            note: { run in
                run.eventNorwegian = "\(what.nb) \(moved) besøk fikk ny ansatt, \(retimed) fikk ny tid."
                run.eventEnglish = "\(what.en) \(moved) visits changed staff, \(retimed) changed time."
            },
            alongside: { database in
                try await alongside(database)
                for notice in notices { try await notice.save(on: database) }
            })
    }
}
