import Foundation
import Testing

@testable import Planner

@Suite struct HomeCarePlannerTests {
    /// The least objective over every way to give the visits to the staff (or leave them out) and
    /// order each day, with earliest-start timing.
    func bruteForce(_ problem: HomeCareProblem) -> Double {
        var best = Double.infinity
        let choices = problem.staff.count + 1
        var assignment = [Int](repeating: 0, count: problem.visits.count)
        func orders(_ visits: [CareVisit]) -> [[CareVisit]] {
            if visits.count <= 1 { return [visits] }
            return visits.indices.flatMap { index in
                var rest = visits
                let first = rest.remove(at: index)
                return orders(rest).map { [first] + $0 }
            }
        }
        func evaluate(_ staffIndex: Int, _ days: [StaffDay]) {
            if staffIndex == problem.staff.count {
                let unassigned = problem.visits.indices.filter { assignment[$0] == 0 }.map { problem.visits[$0].id }
                let plan = HomeCarePlan(days: days, unassignedVisitIDs: unassigned)
                guard HomeCarePlanner.check(problem, plan).isEmpty else { return }
                best = min(best, HomeCarePlanner.evaluate(problem, plan).total)
                return
            }
            let staff = problem.staff[staffIndex]
            let mine = problem.visits.indices.filter { assignment[$0] == staffIndex + 1 }.map { problem.visits[$0] }
            for order in orders(mine) {
                evaluate(staffIndex + 1, days + [earliestDay(problem, staff: staff, order: order)])
            }
        }
        func assign(_ index: Int) {
            if index == problem.visits.count { return evaluate(0, []) }
            for choice in 0..<choices {
                assignment[index] = choice
                assign(index + 1)
            }
        }
        assign(0)
        return best
    }

    func tinyProblem(seed: UInt64) -> HomeCareProblem {
        var random = SearchRandom(seed: seed)
        let visits = (0..<5).map { index in
            let open = 420 + random.below(240)
            return visit(
                "V\(index)", at: place(Double(random.below(12)) - 6, Double(random.below(12)) - 6),
                minutes: 20 + random.below(40), window: (open, open + 30 + random.below(90)),
                competences: random.below(4) == 0 ? ["nurse"] : [], mandatory: random.below(3) > 0,
                preferred: random.below(2) == 0 ? ["A"] : [], recipient: "R\(random.below(3))")
        }
        let staff = [shift("A", to: 600, competences: ["nurse"]), shift("B", to: 660)]
        return HomeCareProblem(
            visits: visits, staff: staff, recentCaregivers: ["R0": ["B"]])
    }

    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func findsTheOptimumOfTinyDays(seed: UInt64) throws {
        let problem = tinyProblem(seed: seed)
        let optimum = bruteForce(problem)
        let result = try HomeCarePlanner.solve(
            problem, options: HomeCareSolveOptions(budget: .iterations(4000), seed: seed))
        #expect(result.violations.isEmpty, "\(result.violations)")
        #expect(abs(result.objective.total - optimum) < 1e-6, "found \(result.objective.total), optimum \(optimum)")
    }

    @Test func theObjectiveOfTheSearchIsTheObjectiveOfThePlan() throws {
        let problem = randomZoneDay(visits: 40, staff: 5, seed: 4)
        let result = try HomeCarePlanner.solve(
            problem, options: HomeCareSolveOptions(budget: .iterations(300), seed: 1))
        #expect(HomeCarePlanner.evaluate(problem, result.plan) == result.objective)
    }

    @Test func everyReturnedPlanPassesTheCheck() throws {
        for seed in 1...12 as ClosedRange<UInt64> {
            let problem = randomZoneDay(visits: 35, staff: 5, seed: seed, twoPerson: 4)
            let result = try HomeCarePlanner.solve(
                problem, options: HomeCareSolveOptions(budget: .iterations(250), seed: seed))
            #expect(result.violations.isEmpty, "seed \(seed): \(result.violations.prefix(3))")
        }
    }

    @Test func twoPersonVisitsGetTwoStaffAtTheSameMinute() throws {
        let problem = randomZoneDay(visits: 20, staff: 4, seed: 9, twoPerson: 3)
        let result = try HomeCarePlanner.solve(
            problem, options: HomeCareSolveOptions(budget: .iterations(500), seed: 2))
        let assignments = result.plan.assignments
        for id in ["V0", "V1", "V2"] {
            let made = try #require(assignments[id], "\(id) is planned")
            #expect(Set(made.staffIDs).count == 2)
            let starts = result.plan.days.flatMap(\.stops).filter { $0.visitID == id }.map(\.start)
            #expect(starts.count == 2 && starts[0] == starts[1])
        }
    }

    @Test func pinsAreKept() throws {
        var problem = randomZoneDay(visits: 20, staff: 4, seed: 5, twoPerson: 0)
        problem.visits[3].pinnedStaffIDs = ["S2"]
        problem.visits[3].windows = [MinuteWindow(480, 720)]
        problem.visits[3].pinnedStart = 600
        problem.visits[3].requiredCompetences = []
        problem.visits[4].pinnedStaffIDs = ["S1"]
        problem.visits[4].requiredCompetences = []
        let result = try HomeCarePlanner.solve(
            problem, options: HomeCareSolveOptions(budget: .iterations(500), seed: 2))
        #expect(result.violations.isEmpty)
        let assignments = result.plan.assignments
        #expect(assignments["V3"]?.staffIDs == ["S2"])
        #expect(assignments["V3"]?.start == 600)
        #expect(assignments["V4"]?.staffIDs == ["S1"])
    }

    @Test func nurseOnlyVisitsGoToNurses() throws {
        let problem = randomZoneDay(visits: 30, staff: 6, seed: 12)
        let result = try HomeCarePlanner.solve(
            problem, options: HomeCareSolveOptions(budget: .iterations(400), seed: 1))
        let nurses = Set(problem.staff.filter { $0.competences.contains("nurse") }.map(\.id))
        for visit in problem.visits where visit.requiredCompetences.contains("nurse") {
            guard let made = result.plan.assignments[visit.id] else { continue }
            #expect(!nurses.isDisjoint(with: made.staffIDs), "\(visit.id) made by \(made.staffIDs)")
        }
    }

    @Test func everyoneGetsTheirBreakInItsWindow() throws {
        let problem = randomZoneDay(visits: 30, staff: 4, seed: 3)
        let result = try HomeCarePlanner.solve(
            problem, options: HomeCareSolveOptions(budget: .iterations(400), seed: 1))
        for day in result.plan.days {
            let start = try #require(day.breakStart, "\(day.staffID) has a break")
            #expect((660...750).contains(start), "the break starts inside its window")
        }
    }

    @Test func mandatoryVisitsGoBeforeOptionalOnes() throws {
        // One person, a short shift: room for two of the three visits.
        let visits = [
            visit("M1", at: place(1, 0), minutes: 50, window: (420, 600)),
            visit("O", at: place(0, 1), minutes: 50, window: (420, 600), mandatory: false, priority: 9),
            visit("M2", at: place(1, 1), minutes: 50, window: (420, 600)),
        ]
        let problem = HomeCareProblem(visits: visits, staff: [shift("S", to: 540, maxWorking: 125)])
        let result = try HomeCarePlanner.solve(
            problem, options: HomeCareSolveOptions(budget: .iterations(300), seed: 1))
        #expect(result.violations.isEmpty)
        #expect(result.plan.unassignedVisitIDs == ["O"])
        #expect(result.objective.unassignedOptional == 1 && result.objective.unassignedMandatory == 0)
    }

    @Test func thePrimaryContactMakesTheVisitWhenThereIsRoom() throws {
        var problem = randomZoneDay(visits: 12, staff: 4, seed: 8, twoPerson: 0)
        for index in problem.visits.indices {
            problem.visits[index].preferredStaffIDs = ["S1"]
            problem.visits[index].requiredCompetences = []
            problem.visits[index].windows = [MinuteWindow(420, 900)]
        }
        problem.visits = Array(problem.visits.prefix(4))
        let result = try HomeCarePlanner.solve(
            problem, options: HomeCareSolveOptions(budget: .iterations(500), seed: 1))
        #expect(result.objective.visitsWithoutPrimaryContact == 0)
    }

    @Test func aSeedAndAnIterationLimitRepeatExactly() throws {
        let problem = randomZoneDay(visits: 30, staff: 5, seed: 21)
        let options = HomeCareSolveOptions(budget: .iterations(300), seed: 7)
        let first = try HomeCarePlanner.solve(problem, options: options)
        let second = try HomeCarePlanner.solve(problem, options: options)
        #expect(first.plan == second.plan)
    }

    @Test func aBrokenProblemIsRefusedWithItsReasons() {
        var problem = randomZoneDay(visits: 3, staff: 1, seed: 1, twoPerson: 0)
        problem.visits[1].windows = [MinuteWindow(600, 500)]
        problem.visits[2].pinnedStaffIDs = ["nobody"]
        #expect(throws: ProblemErrors.self) {
            try HomeCarePlanner.solve(problem, options: HomeCareSolveOptions(budget: .iterations(10)))
        }
        let messages = problem.problems().map(\.description)
        #expect(messages.contains("visit V1: a time window ends before it starts"))
        #expect(messages.contains("visit V2: is locked to nobody, who is not on shift"))
    }
}
