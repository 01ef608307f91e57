import Testing

@testable import Planner

/// A search that has made no plan as good as its best for a share of the budget goes back to it.
@Suite struct ReturnToBestTests {
    @Test func goesBackOnlyAfterTheShareOfTheBudgetAwayFromTheBest() {
        var policy = ReturnToBest(after: 0.1)
        // At the best until 0.2, then worse plans only.
        #expect(!ask(&policy, 0.2, stepCost: 100, bestCost: 100, currentCost: 100, waiting: false))
        #expect(!ask(&policy, 0.25, stepCost: 120, bestCost: 100, currentCost: 120, waiting: false))
        #expect(!ask(&policy, 0.3, stepCost: .infinity, bestCost: 100, currentCost: 120, waiting: false))
        #expect(ask(&policy, 0.31, stepCost: 130, bestCost: 100, currentCost: 130, waiting: false))
        // The clock starts again from the return.
        #expect(!ask(&policy, 0.4, stepCost: 130, bestCost: 100, currentCost: 130, waiting: false))
        #expect(ask(&policy, 0.42, stepCost: 130, bestCost: 100, currentCost: 130, waiting: false))
    }

    @Test func aPlanAsGoodAsTheBestStartsTheClockAgain() {
        var policy = ReturnToBest(after: 0.1)
        #expect(!ask(&policy, 0.05, stepCost: 110, bestCost: 100, currentCost: 110, waiting: false))
        #expect(!ask(&policy, 0.09, stepCost: 100, bestCost: 100, currentCost: 110, waiting: false))
        #expect(!ask(&policy, 0.15, stepCost: 110, bestCost: 100, currentCost: 110, waiting: false))
        #expect(ask(&policy, 0.2, stepCost: 110, bestCost: 100, currentCost: 110, waiting: false))
    }

    @Test func notWhileAtTheBestNorWhileAVisitWaits() {
        var policy = ReturnToBest(after: 0.1)
        #expect(!ask(&policy, 0.5, stepCost: 110, bestCost: 100, currentCost: 100, waiting: false))
        #expect(!ask(&policy, 0.6, stepCost: 110, bestCost: 100, currentCost: 110, waiting: true))
        #expect(ask(&policy, 0.6, stepCost: 110, bestCost: 100, currentCost: 110, waiting: false))
    }

    @Test func neverWithAShareOfOne() {
        var policy = ReturnToBest(after: 1)
        #expect(!ask(&policy, 1, stepCost: 110, bestCost: 100, currentCost: 110, waiting: false))
    }

    /// A search hot enough to accept almost any step wanders off its best plan; going back after
    /// no share of the budget at all keeps it there after every step.
    @Test func aChainGoesBackToItsBestPlan() {
        let (data, start, startCost, settings) = firstPlanOfExampleDay(visits: 40, staff: 4, seed: 3)
        func finalCosts(returnAfter: Double) -> (current: Double, best: Double, measured: Double) {
            var options = HomeCareSolveOptions(budget: .iterations(300))
            options.initialTemperature = 1e5
            options.finalTemperature = 1e5
            options.returnToBestAfter = returnAfter
            var chain = HomeCareSearchChain(
                start: start, cost: startCost, budget: options.budget, random: SearchRandom(seed: 1))
            chain.run(until: 2, options, settings, baseline: nil, data)
            let measured = data.measure(chain.current.routes, unassigned: chain.current.unassigned, baseline: nil)
            return (chain.currentCost, chain.bestCost, measured.total)
        }
        let wandering = finalCosts(returnAfter: 1)
        #expect(wandering.current > wandering.best + 1, "without going back the hot search ends off its best")
        let returning = finalCosts(returnAfter: 0)
        #expect(abs(returning.current - returning.best) < 1e-9)
        #expect(
            abs(returning.measured - returning.current) < 1e-6, "the current plan is the best plan, not just its cost")
    }
}

/// One step's question to the policy (`#expect` cannot call a mutating method itself).
private func ask(
    _ policy: inout ReturnToBest, _ fraction: Double, stepCost: Double, bestCost: Double, currentCost: Double,
    waiting: Bool
) -> Bool {
    policy.shouldReturn(
        at: fraction, stepCost: stepCost, bestCost: bestCost, currentCost: currentCost, waiting: waiting)
}
