/// When a search that has wandered from its best plan goes back to it: once it has made no plan
/// as good as its best for `after` of the budget. A one-second run that drifts into a worse
/// region late has no time to climb out; going back spends the rest of the budget near the best
/// plan found. (Zone days at 1 s: 0.2–0.5 points closer to the 60 s results in the lab; the 60 s
/// results improve as well.)
/// Not while the cooling waits for a left-out mandatory visit: the best plan leaves it out as
/// well, and wandering is what finds it room.
struct ReturnToBest {
    /// Share of the budget; 1 or more never returns.
    var after: Double
    /// The share of the budget when the search last made a plan as good as its best, or went back.
    private(set) var lastAtBest = 0.0

    init(after: Double) {
        self.after = after
    }

    /// Called after every step with the cost of the step's plan (infinite when it gave up), the
    /// best cost (after the step) and the current plan's cost; true when the search should now
    /// go back to its best plan.
    mutating func shouldReturn(
        at fraction: Double, stepCost: Double, bestCost: Double, currentCost: Double, waiting: Bool
    ) -> Bool {
        if stepCost <= bestCost + 1e-9 { lastAtBest = fraction }
        guard !waiting, currentCost > bestCost + 1e-9, fraction - lastAtBest > after else { return false }
        lastAtBest = fraction
        return true
    }

    /// The search moved to a plan at least as good as its best by other means (another chain's, or
    /// back to its own).
    mutating func reachedBest(at fraction: Double) {
        lastAtBest = fraction
    }
}
