import Foundation

/// One simulated-annealing run of ruin and recreate: a current plan it moves from, a candidate it
/// works on, and the best plan it has seen. Several chains can search the same day at once, each
/// on its own thread with its own random numbers; `HomeCarePlanner.solve` lets them meet now and
/// then and go on from the best plan any of them has found.
struct HomeCareSearchChain {
    private(set) var current: HomeCareSearchState
    private var candidate: HomeCareSearchState
    private(set) var best: HomeCareSearchState
    private(set) var currentCost: Double
    private(set) var bestCost: Double
    private var random: SearchRandom
    private(set) var clock: SearchProgressClock
    /// Kept between calls of `run`: the cooling's wait for left-out visits counts across meetings.
    private var cooling: PausingCooling?
    /// Kept between calls of `run`, as the cooling is.
    private var returnToBest: ReturnToBest?
    /// Per visit: whether the cooling waits while it is left out (mandatory, and some plan could
    /// place it); empty for never.
    private let coolingWaitsFor: [Bool]
    /// A step's buffers, kept from step to step: the ruin's, the visits it took out, those left
    /// out before, and both in the order they go back.
    private var ruinScratch: RuinScratch
    private var removed: [Int] = []
    private var waiting: [Int] = []
    private var reinserted: [Int] = []

    /// `start` must be marked unchanged (its routes are copied into three buffers of their own).
    /// `started` is when the budget began (uptime nanoseconds; by default now).
    init(
        start: HomeCareSearchState, cost: Double, budget: SearchBudget, random: SearchRandom,
        coolingWaitsFor: [Bool] = [], started: UInt64 = DispatchTime.now().uptimeNanoseconds
    ) {
        self.coolingWaitsFor = coolingWaitsFor
        ruinScratch = RuinScratch(visitCount: start.fixedStart.count, staffCount: start.routes.count)
        current = start
        candidate = start
        best = start
        currentCost = cost
        bestCost = cost
        self.random = random
        clock = SearchProgressClock(budget: budget, started: started)
    }

    /// Searches until `fraction` of the budget is used or the budget is spent. `report` is called
    /// every 128 iterations.
    mutating func run(
        until fraction: Double, _ settings: HomeCareSolveOptions, _ ruinSettings: RuinSettings,
        baseline: Baseline?, _ data: HomeCareSearchData, report: ((HomeCareSearchChain) -> Void)? = nil
    ) {
        var cooling =
            self.cooling
            ?? PausingCooling(
                AnnealingSchedule(initial: settings.initialTemperature, final: settings.finalTemperature),
                pauseLimit: settings.coolingPauseLimit
            )
        var returnToBest = self.returnToBest ?? ReturnToBest(after: settings.returnToBestAfter)
        defer {
            self.cooling = cooling
            self.returnToBest = returnToBest
        }
        while clock.fraction < fraction {
            guard data.visitCount > 0, clock.tick() else { return }
            let aVisitWaits = !coolingWaitsFor.isEmpty && current.unassigned.contains { coolingWaitsFor[$0] }
            let temperature = cooling.temperature(at: clock.fraction, mandatoryLeftOut: aVisitWaits)
            // Visits left out last time go back first: they are the hardest to place.
            CareRoute.copy(&waiting, candidate.unassigned)
            candidate.unassigned.removeAll(keepingCapacity: true)
            candidate.ruin(ruinSettings, data, &random, scratch: &ruinScratch, removed: &removed)
            let order = VisitOrder.pick(&random)
            order.sort(&waiting, data, &random)
            order.sort(&removed, data, &random)
            CareRoute.copy(&reinserted, waiting)
            reinserted.append(contentsOf: removed)
            // The most this step may cost and be accepted, known before it is made: a recreate that
            // leaves out more than that allows stops there.
            let acceptable = currentCost - temperature * log(random.unit() + .leastNonzeroMagnitude)
            let complete = candidate.recreate(
                reinserted, blinkRate: settings.blinkRate, baseline: baseline, data, &random,
                giveUpAt: data.partsAreNonNegative ? acceptable : .infinity)
            let cost =
                complete
                ? data.measure(candidate.routes, unassigned: candidate.unassigned, baseline: baseline).total
                : .infinity
            if cost < acceptable {
                if cost < bestCost - 1e-9 {
                    // Before `current`, which clears the candidate's changed marks.
                    best.copyContents(of: candidate, all: true)
                    bestCost = cost
                }
                current.copyContents(of: candidate)
                currentCost = cost
            } else {
                candidate.copyContents(of: current)
            }
            candidate.markUnchanged()
            if returnToBest.shouldReturn(
                at: clock.fraction, stepCost: cost, bestCost: bestCost, currentCost: currentCost, waiting: aVisitWaits)
            {
                adopt(best, cost: bestCost)
            }
            if let report, clock.iteration & 127 == 0 { report(self) }
        }
    }

    /// Goes on from `plan` (another chain's best, or this chain's own when it goes back to it): it
    /// becomes this chain's current plan, and its best when better.
    mutating func adopt(_ plan: HomeCareSearchState, cost: Double) {
        current.copyContents(of: plan, all: true)
        candidate.copyContents(of: plan, all: true)
        current.markUnchanged()
        candidate.markUnchanged()
        currentCost = cost
        returnToBest?.reachedBest(at: clock.fraction)
        if cost < bestCost - 1e-9 {
            best.copyContents(of: plan, all: true)
            bestCost = cost
        }
    }
}
