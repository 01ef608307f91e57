import Foundation
import Planner
import TilsynCore
import Vapor

/// A leader moves a visit by hand: to another staff member, at a given time or the earliest that
/// fits their day. The changed plan is checked like any plan; a change that breaks a rule is
/// refused with every broken rule in words, and one that keeps them is stored with what it cost.
extension PlanningService {
    func move(
        _ day: Day, run: PlanRunModel?, visitID: UUID, to staffID: UUID, at start: Int?, by leader: UUID?
    ) async throws -> PlanRunModel {
        guard let visit = day.visits[visitID] else { throw NotFoundError.visit }
        guard visit.staffCount == 1 else { throw ManualChangeError.twoPerson }
        guard let target = day.staff[staffID] else { throw PlanningError.notOnShift }
        let problem = day.problem
        var plan = currentPlan(day, run: run)
        let before = HomeCarePlanner.evaluate(problem, plan)
        // What the plan in force already breaks (the day went differently than planned: a visit
        // ran late, an event moved things) does not block a move; only what the move breaks anew.
        let known = Set(HomeCarePlanner.check(problem, plan).map(Self.violationKey))
        for index in plan.days.indices {
            plan.days[index].stops.removeAll { $0.visitID == visitID.uuidString }
            if let pause = plan.days[index].breakStart {
                plan.days[index].breakAfterStops = plan.days[index].stops.filter { $0.start < pause }.count
            }
        }
        plan.unassignedVisitIDs.removeAll { $0 == visitID.uuidString }
        guard let dayIndex = plan.days.firstIndex(where: { $0.staffID == staffID.uuidString }) else {
            throw PlanningError.notOnShift
        }
        // Try every place in the day (or the place the given time puts it); keep the cheapest that
        // breaks nothing, otherwise report what the first try breaks.
        var best: (plan: HomeCarePlan, cost: Double)?
        var firstProblems: [PlanViolation] = []
        let stops = plan.days[dayIndex].stops
        let positions = start.map { time in [stops.filter { $0.start < Double(time) }.count] } ?? Array(0...stops.count)
        for position in positions {
            var candidate = plan
            candidate.days[dayIndex] = Self.timed(
                plan.days[dayIndex], inserting: visitID.uuidString, at: position, start: start.map(Double.init),
                problem)
            let problems = HomeCarePlanner.check(problem, candidate).filter { !known.contains(Self.violationKey($0)) }
            if problems.isEmpty {
                let cost = HomeCarePlanner.evaluate(problem, candidate).total
                if best == nil || cost < best!.cost { best = (candidate, cost) }
            } else if firstProblems.isEmpty {
                firstProblems = problems
            }
        }
        guard let best else { throw ManualChangeError.breaksRules(firstProblems) }
        let objective = HomeCarePlanner.evaluate(problem, best.plan)
        let result = HomeCareResult(plan: best.plan, objective: objective, violations: [])
        let recipient = day.recipients[visit.$recipient.id]
        let who = "\(target.givenName) \(target.familyName)"
        let whom = recipient.map { "\($0.givenName) \($0.familyName)" } ?? ""
        let travel = (before.travelMinutes, objective.travelMinutes)
        return try await store(result, day, by: leader) { run in
            run.eventNorwegian =
                "Endret for hånd: \(visit.title) hos \(whom) til \(who). Reisetid \(Int(travel.0)) → \(Int(travel.1)) min."
            run.eventEnglish =
                "Changed by hand: \(visit.title) for \(whom) to \(who). Travel \(Int(travel.0)) → \(Int(travel.1)) min."
        }
    }

    /// A rule broken, by what it is about: the visit, else the staff member.
    static func violationKey(_ violation: PlanViolation) -> String {
        "\(violation.kind.rawValue):\(violation.visitID ?? violation.staffID ?? "")"
    }

    /// A staff day with a visit inserted at `position`, times recomputed: each visit begins when
    /// the person can be there and its window allows, never earlier than planned before; the
    /// inserted one at `start` if given. The break keeps its start and its place among the visits.
    static func timed(
        _ day: StaffDay, inserting visitID: String, at position: Int, start: Double?, _ problem: HomeCareProblem
    ) -> StaffDay {
        guard let shift = problem.staff.first(where: { $0.id == day.staffID }) else { return day }
        let visits = Dictionary(problem.visits.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var stops = day.stops
        stops.insert(PlannedStop(visitID: visitID, start: start ?? 0), at: position)
        var breakAfter = day.breakAfterStops
        if let before = day.breakAfterStops, let pause = day.breakStart {
            let insertedFirst = position < before || (position == before && (start ?? 0) < pause)
            breakAfter = insertedFirst ? before + 1 : before
        }
        var time = Double(shift.shiftStart)
        var place = shift.startPlace
        for index in stops.indices {
            guard let visit = visits[stops[index].visitID] else { continue }
            let travel = problem.travel.minutes(from: place, to: visit.place, mode: shift.travelMode)
            var arrival = time + travel
            if index == breakAfter, let pause = day.breakStart, let rule = shift.breakRule {
                // As the checker reads it: travel first when the break begins after arriving.
                let length = Double(rule.lengthMinutes)
                arrival = pause >= time + travel ? pause + length : max(time, pause) + length + travel
            }
            let open = visit.windows.first { arrival <= Double($0.end) }.map { Double($0.start) } ?? arrival
            let earliest = max(arrival, open)
            let begin = index == position ? (start ?? earliest) : max(earliest, stops[index].start)
            stops[index].start = begin
            time = begin + Double(visit.durationMinutes)
            place = visit.place
        }
        return StaffDay(staffID: day.staffID, stops: stops, breakAfterStops: breakAfter, breakStart: day.breakStart)
    }
}

/// Why a change by hand was refused.
enum ManualChangeError: UserFacingError {
    case twoPerson
    case breaksRules([PlanViolation])

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String {
        switch self {
        case .twoPerson: "twoPersonVisit"
        case .breaksRules: "planBreaksRules"
        }
    }
    var field: String? { nil }
    var message: LocalizedText {
        switch self {
        case .twoPerson:
            LocalizedText(
                nb: "Besøk med to ansatte flyttes ved å planlegge vakten på nytt.",
                en: "Two-person visits are moved by planning the shift again.")
        case .breaksRules(let problems):
            LocalizedText(
                nb: "Endringen bryter planens regler: " + problems.prefix(5).map(\.norwegian).joined(separator: "; ")
                    + ".",
                en: "The change breaks the plan's rules: " + problems.prefix(5).map(\.english).joined(separator: "; ")
                    + ".")
        }
    }
}
