import Testing

@testable import Planner

/// Several search chains at once: they meet and go on from the best plan found, and a seeded run
/// with an iteration limit still repeats exactly.
@Suite struct HomeCareSearchChainTests {
    @Test func aChainThatAdoptsAnotherChainsBestGoesOnFromIt() {
        let (data, start, startCost, settings) = firstPlanOfExampleDay(visits: 40, staff: 4, seed: 3)
        let options = HomeCareSolveOptions(budget: .iterations(400))
        var leader = HomeCareSearchChain(
            start: start, cost: startCost, budget: options.budget, random: SearchRandom(seed: 1))
        leader.run(until: 2, options, settings, baseline: nil, data)
        var follower = HomeCareSearchChain(
            start: start, cost: startCost, budget: options.budget, random: SearchRandom(seed: 2))
        #expect(leader.bestCost < startCost - 1, "the search improved on the first plan")

        follower.adopt(leader.best, cost: leader.bestCost)
        #expect(follower.bestCost == leader.bestCost)
        #expect(follower.best.plan(data) == leader.best.plan(data))
        #expect(follower.current.plan(data) == leader.best.plan(data))
        let measured = data.measure(follower.current.routes, unassigned: follower.current.unassigned, baseline: nil)
        #expect(abs(measured.total - follower.currentCost) < 1e-9)
    }

    @Test func twoThreadsShareTheIterationLimitAndRepeatExactly() throws {
        let problem = ExampleDay.generate(visits: 60, staff: 6, seed: 4)
        var options = HomeCareSolveOptions(budget: .iterations(1_000), seed: 5)
        options.threads = 2
        options.chainMeetings = 4
        let first = try HomeCarePlanner.solve(problem, options: options)
        let second = try HomeCarePlanner.solve(problem, options: options)
        #expect(first.plan == second.plan)
        #expect(first.iterations == 1_000)
        #expect(first.violations.isEmpty)
        #expect(abs(HomeCarePlanner.evaluate(problem, first.plan).total - first.objective.total) < 1e-6)
    }
}
