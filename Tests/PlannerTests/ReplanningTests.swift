import Foundation
import Testing

@testable import Planner

@Suite struct ReplanningTests {
    let problem = randomZoneDay(visits: 40, staff: 6, seed: 31, twoPerson: 2)

    func planned() throws -> HomeCarePlan {
        try HomeCarePlanner.solve(problem, options: HomeCareSolveOptions(budget: .iterations(1500), seed: 3)).plan
    }

    func replan(
        _ plan: HomeCarePlan, _ event: ReplanEvent, now: Int = 600, iterations: Int = 600
    ) throws
        -> ReplanResult
    {
        try HomeCarePlanner.replan(
            problem, current: plan, now: now, event: event,
            options: HomeCareSolveOptions(budget: .iterations(iterations)))
    }

    @Test func aSickCallHandsTheAbsentPersonsVisitsToOthers() throws {
        let plan = try planned()
        // The person with the most visits left after 10:00 calls in sick.
        let absentDay = try #require(
            plan.days.max { $0.stops.filter { $0.start >= 600 }.count < $1.stops.filter { $0.start >= 600 }.count })
        let released = Set(absentDay.stops.filter { $0.start >= 600 }.map(\.visitID))
        #expect(!released.isEmpty, "the test needs visits to release")
        let outcome = try replan(plan, .staffAbsent(staffID: absentDay.staffID))
        #expect(outcome.result.violations.isEmpty, "\(outcome.result.violations.prefix(3))")
        let newDay = outcome.result.plan.days.first { $0.staffID == absentDay.staffID }
        #expect((newDay?.stops ?? []).allSatisfy { $0.start < 600 }, "the absent person keeps only what was begun")
        for id in released {
            #expect(outcome.movedVisits[id] != nil, "\(id) was S1's and must move")
        }
        let movedOthers = outcome.movedVisits.keys.filter { !released.contains($0) }
        #expect(movedOthers.count <= released.count, "moves few others: \(movedOthers.sorted())")
        // What was begun before the call stays exactly as it was.
        for day in plan.days {
            let begun = day.stops.filter { $0.start < 600 }
            let kept = outcome.result.plan.days.first { $0.staffID == day.staffID }?.stops.prefix(begun.count)
            #expect(kept.map(Array.init) == begun)
        }
    }

    @Test func nothingChangedMeansNothingMoves() throws {
        let plan = try planned()
        let later = try #require(plan.days.flatMap(\.stops).first { $0.start > 700 })
        let outcome = try replan(plan, .visitOverran(visitID: later.visitID, extraMinutes: 0))
        #expect(outcome.movedVisits.isEmpty, "\(outcome.movedVisits.keys.sorted())")
        #expect(outcome.retimedVisits.isEmpty)
        #expect(outcome.result.violations.isEmpty)
    }

    /// Before any search, the re-plan's starting point is the plan itself: two-person visits keep
    /// both staff and their start, breaks stay between the same visits, and a visit someone is on
    /// the way to at `now` stays theirs even when its window closes minutes later.
    @Test func theStartingPointOfAReplanIsThePlan() throws {
        let plan = try planned()
        let later = try #require(plan.days.flatMap(\.stops).first { $0.start > 700 })
        let outcome = try replan(plan, .visitOverran(visitID: later.visitID, extraMinutes: 0), iterations: 1)
        let pairs = problem.visits.filter { $0.staffCount == 2 }.map(\.id)
        let pairsLater = plan.days.flatMap(\.stops).filter { pairs.contains($0.visitID) && $0.start >= 600 }
        #expect(!pairsLater.isEmpty, "the test needs a two-person visit after 10:00")
        #expect(outcome.movedVisits.isEmpty, "\(outcome.movedVisits.keys.sorted())")
        #expect(outcome.retimedVisits.isEmpty, "\(outcome.retimedVisits.keys.sorted())")
        #expect(outcome.result.plan.unassignedVisitIDs == plan.unassignedVisitIDs)
        #expect(outcome.result.violations.isEmpty, "\(outcome.result.violations.prefix(3))")
    }

    /// A break not yet taken stays between the same visits (placed anew, it would go nearest the
    /// middle of its window: after V2 here).
    @Test func aBreakStaysWhereThePlanPutIt() throws {
        let lunch = BreakRule(window: MinuteWindow(660, 750), lengthMinutes: 30)
        let problem = HomeCareProblem(
            visits: [
                visit("V1", at: place(1, 1), window: (610, 640)), visit("V2", at: place(1, 2), window: (700, 800)),
            ],
            staff: [shift("S1", breakRule: lunch)])
        let plan = HomeCarePlan(
            days: [
                StaffDay(
                    staffID: "S1",
                    stops: [PlannedStop(visitID: "V1", start: 615), PlannedStop(visitID: "V2", start: 700)],
                    breakAfterStops: 1, breakStart: 660)
            ], unassignedVisitIDs: [])
        let outcome = try HomeCarePlanner.replan(
            problem, current: plan, now: 600, event: .visitOverran(visitID: "V2", extraMinutes: 0),
            options: HomeCareSolveOptions(budget: .iterations(1)))
        #expect(outcome.result.plan.days.first?.breakAfterStops == 1)
        #expect(outcome.result.violations.isEmpty, "\(outcome.result.violations.prefix(3))")
    }

    /// A plan's two-person visit stays with both its staff and its start when planning goes on
    /// from the plan, even where planning from nothing would give it to others (here S3, the
    /// recipient's preferred caregiver).
    @Test func aTwoPersonVisitStaysWhereThePlanPutIt() throws {
        let problem = HomeCareProblem(
            visits: [visit("P", at: place(2, 2), window: (540, 600), staff: 2, preferred: ["S3"])],
            staff: [shift("S1"), shift("S2"), shift("S3")])
        let plan = HomeCarePlan(
            days: [
                StaffDay(staffID: "S1", stops: [PlannedStop(visitID: "P", start: 560)]),
                StaffDay(staffID: "S2", stops: [PlannedStop(visitID: "P", start: 560)]),
            ], unassignedVisitIDs: [])
        var options = HomeCareSolveOptions(budget: .iterations(1))
        let fromNothing = try HomeCarePlanner.solve(problem, options: options).plan.assignments["P"]
        #expect(fromNothing?.staffIDs.contains("S3") == true, "planned from nothing, S3 takes part")
        options.initialPlan = plan
        let kept = try #require(try HomeCarePlanner.solve(problem, options: options).plan.assignments["P"])
        #expect(Set(kept.staffIDs) == ["S1", "S2"] && kept.start == 560)
    }

    @Test func anAlarmTakesTheStaffMemberOffTheirRoute() throws {
        let plan = try planned()
        let outcome = try replan(plan, .alarm(staffID: "S2", place: place(3, 3), minutes: 45))
        let day = try #require(outcome.result.plan.days.first { $0.staffID == "S2" })
        #expect(!day.stops.contains { $0.start >= 600 && $0.start < 645 }, "busy with the alarm until 10:45")
        #expect(outcome.result.violations.isEmpty, "\(outcome.result.violations.prefix(3))")
    }

    @Test func anUrgentVisitIsFittedIn() throws {
        let plan = try planned()
        let urgent = visit("URGENT", at: place(2, -2), minutes: 20, window: (600, 690), recipient: "R-new")
        let outcome = try replan(plan, .urgentVisit(urgent))
        #expect(outcome.result.plan.assignments["URGENT"] != nil)
        #expect(outcome.result.violations.isEmpty, "\(outcome.result.violations.prefix(3))")
    }

    @Test func aVisitWhoseWindowHasPassedIsReportedMissed() throws {
        var plan = try planned()
        // Take a morning visit out of the plan as if it had been forgotten.
        let morning = try #require(
            problem.visits.first { visit in
                visit.windows.allSatisfy { $0.end < 600 } && visit.staffCount == 1
                    && plan.days.contains { $0.stops.contains { $0.visitID == visit.id } }
            })
        for index in plan.days.indices { plan.days[index].stops.removeAll { $0.visitID == morning.id } }
        let outcome = try replan(plan, .visitOverran(visitID: "none", extraMinutes: 0))
        #expect(outcome.missedVisitIDs.contains(morning.id))
        #expect(outcome.result.plan.unassignedVisitIDs.contains(morning.id))
    }
}

@Suite struct ExplanationTests {
    @Test func aVisitNobodyOnShiftIsQualifiedFor() {
        let problem = HomeCareProblem(
            visits: [visit("A", at: place(1, 1), competences: ["nurse"])], staff: [shift("H")])
        let plan = HomeCarePlan(days: [StaffDay(staffID: "H", stops: [])], unassignedVisitIDs: ["A"])
        let explanation = HomeCarePlanner.explain(problem, plan, visitID: "A")
        #expect(explanation.reason == .noCompetence)
        #expect(explanation.norwegian == "Ingen på vakt har kompetansen besøket krever (nurse).")
    }

    @Test func aVisitOutsideEveryShift() {
        let problem = HomeCareProblem(
            visits: [visit("A", at: place(1, 1), window: (1200, 1260))], staff: [shift("H", to: 900)])
        let plan = HomeCarePlan(days: [StaffDay(staffID: "H", stops: [])], unassignedVisitIDs: ["A"])
        #expect(HomeCarePlanner.explain(problem, plan, visitID: "A").reason == .outsideShifts)
    }

    @Test func aFullyBookedDay() throws {
        let visits = (0..<3).map { visit("V\($0)", at: place(Double($0), 1), minutes: 50, window: (420, 480)) }
        let problem = HomeCareProblem(visits: visits, staff: [shift("H")])
        let result = try HomeCarePlanner.solve(problem, options: HomeCareSolveOptions(budget: .iterations(200)))
        let left = try #require(result.plan.unassignedVisitIDs.first)
        #expect(HomeCarePlanner.explain(problem, result.plan, visitID: left).reason == .fullyBooked)
    }

    @Test func thePrimaryContactOrWhyNot() throws {
        let problem = HomeCareProblem(
            visits: [
                visit("A", at: place(1, 1), preferred: ["P"]),
                visit("B", at: place(1, 2), competences: ["nurse"], preferred: ["P"]),
            ],
            staff: [shift("P"), shift("N", competences: ["nurse"])])
        let result = try HomeCarePlanner.solve(problem, options: HomeCareSolveOptions(budget: .iterations(200)))
        #expect(HomeCarePlanner.explain(problem, result.plan, visitID: "A").reason == .primaryContact)
        let other = HomeCarePlanner.explain(problem, result.plan, visitID: "B")
        #expect(other.reason == .primaryContactUnavailable)
        #expect(other.norwegian.hasSuffix("primærkontakten P mangler kompetanse besøket krever."))
    }
}
