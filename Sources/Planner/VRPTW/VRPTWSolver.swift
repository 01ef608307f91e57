import Foundation

/// Settings of a VRPTW search. The defaults are those measured in `scripts/bench-vrptw.sh`.
public struct VRPTWSolveOptions: Sendable {
    public var budget: SearchBudget
    public var seed: UInt64
    /// At most this many routes; nil takes the instance's `VEHICLES`.
    public var maxVehicles: Int?
    /// Mean number of customers a ruin step removes (SISR's c̄).
    public var averageRemoved = 10.0
    /// Longest string of consecutive customers removed from one route (SISR's L_max).
    public var maxStringLength = 10
    /// Chance to stop growing the kept run inside a split string (SISR's β).
    public var splitDepth = 0.01
    /// Chance to skip an insertion position (SISR's blink rate).
    public var blinkRate = 0.01
    /// Simulated annealing temperature (distance units) at the start and the end of the distance phase.
    public var initialTemperature = 30.0
    public var finalTemperature = 0.1
    /// What leaving a customer out costs during the distance phase, in multiples of the mean
    /// distance from the depot to a customer.
    public var unassignedPenaltyFactor = 5.0
    /// How many iterations the distance phase may stay with a customer left out before it returns
    /// to the best complete solution.
    public var incompleteLimit = 2000

    public init(budget: SearchBudget, seed: UInt64 = 1, maxVehicles: Int? = nil) {
        self.budget = budget
        self.seed = seed
        self.maxVehicles = maxVehicles
    }
}

/// Where a running search is; reported to a progress callback.
public struct VRPTWProgress: Sendable {
    public enum Phase: String, Sendable { case fleet, distance }
    public var phase: Phase
    public var iteration: Int
    public var seconds: Double
    public var vehicles: Int
    public var distance: Double
    public var unassigned: Int
}

/// The outcome of a search: the best solution found, measured and checked.
public struct VRPTWResult: Sendable {
    public var solution: VRPTWSolution
    public var vehicles: Int { solution.routes.count }
    public var distance: Double
    /// Broken rules of the returned solution against the fleet limit; empty when it is feasible.
    public var violations: [VRPTWViolation]
    public var feasible: Bool { violations.isEmpty }
    public var iterations: Int
    public var seconds: Double
}

/// Ruin and recreate with string removals and simulated annealing (SISR, Christiaens & Vanden
/// Berghe 2020), in two phases: first reach the fleet limit (customers that do not fit wait in an
/// absent set; a change is kept when fewer, or less often absent, customers are left out), then
/// minimise distance with that fleet.
public enum VRPTWSolver {
    public static func solve(
        _ instance: VRPTWInstance, options: VRPTWSolveOptions,
        progress: ((VRPTWProgress) -> Void)? = nil
    ) -> VRPTWResult {
        let data = VRPTWSearchData(instance)
        let fleet = options.maxVehicles ?? instance.vehicles
        var clock = SearchProgressClock(budget: options.budget)
        var random = SearchRandom(seed: options.seed)
        var reporter = ProgressReporter(callback: progress)

        var current = VRPTWSearchState(routes: [], data)
        let byWindow = (1..<data.nodeCount).sorted { (data.latest[$0], $0) < (data.latest[$1], $1) }
        current.recreate(byWindow, maxRoutes: fleet, blinkRate: 0, data, &random)

        var running = true
        if !current.unassigned.isEmpty {
            running = minimiseFleet(&current, fleet: fleet, options, data, &clock, &random, &reporter)
        }
        guard current.unassigned.isEmpty else {
            // The fleet limit was not reached in the budget: return a complete solution with more
            // routes, which the checker reports as too many.
            let fallback = CheapestInsertion.construct(instance)
            return result(fallback, instance, fleet: fleet, clock)
        }
        if running {
            minimiseDistance(&current, fleet: fleet, options, data, &clock, &random, &reporter)
        }
        return result(current.solution, instance, fleet: fleet, clock)
    }

    /// One step of either phase: the customers left out last time and a few strings go back in.
    private static func ruinAndRecreate(
        _ current: VRPTWSearchState, fleet: Int, _ options: VRPTWSolveOptions, _ data: VRPTWSearchData,
        _ random: inout SearchRandom
    ) -> VRPTWSearchState {
        var candidate = current
        var removed = candidate.unassigned
        candidate.unassigned = []
        removed += candidate.removeStrings(
            averageRemoved: options.averageRemoved, maxStringLength: options.maxStringLength,
            splitDepth: options.splitDepth, data, &random)
        InsertionOrder.pick(&random).sort(&removed, data, &random)
        candidate.recreate(removed, maxRoutes: fleet, blinkRate: options.blinkRate, data, &random)
        return candidate
    }

    /// Phase 1; returns false when the budget ran out.
    private static func minimiseFleet(
        _ current: inout VRPTWSearchState, fleet: Int, _ options: VRPTWSolveOptions, _ data: VRPTWSearchData,
        _ clock: inout SearchProgressClock, _ random: inout SearchRandom, _ reporter: inout ProgressReporter
    ) -> Bool {
        var absences = [Int](repeating: 0, count: data.nodeCount)
        func absenceSum(_ state: VRPTWSearchState) -> Int { state.unassigned.reduce(0) { $0 + absences[$1] } }
        while !current.unassigned.isEmpty {
            guard clock.tick() else { return false }
            let candidate = ruinAndRecreate(current, fleet: fleet, options, data, &random)
            for customer in candidate.unassigned { absences[customer] += 1 }
            if candidate.unassigned.count < current.unassigned.count || absenceSum(candidate) < absenceSum(current) {
                current = candidate
            }
            reporter.report(.fleet, current, clock)
        }
        return true
    }

    /// Phase 2: simulated annealing on distance, never more than `fleet` routes nor a customer left out.
    private static func minimiseDistance(
        _ current: inout VRPTWSearchState, fleet: Int, _ options: VRPTWSolveOptions, _ data: VRPTWSearchData,
        _ clock: inout SearchProgressClock, _ random: inout SearchRandom, _ reporter: inout ProgressReporter
    ) {
        let schedule = AnnealingSchedule(initial: options.initialTemperature, final: options.finalTemperature)
        let phaseStart = clock.fraction
        // A customer that does not fit back in costs a penalty instead of ending the move, so the
        // search can pass through incomplete solutions when the fleet is tight; only complete ones
        // are kept as the best.
        let penalty =
            options.unassignedPenaltyFactor * (1..<data.nodeCount).reduce(0) { $0 + data.distance(0, $1) }
            / Double(max(1, data.customerCount))
        func cost(_ state: VRPTWSearchState) -> Double { state.distance + penalty * Double(state.unassigned.count) }
        var currentCost = cost(current)
        var best = current
        var bestCost = currentCost
        var incompleteFor = 0
        while clock.tick() {
            // An incomplete solution may be a bridge, but not a place to stay: after a while back
            // to the best complete one.
            incompleteFor = current.unassigned.isEmpty ? 0 : incompleteFor + 1
            if incompleteFor > options.incompleteLimit {
                current = best
                currentCost = bestCost
                incompleteFor = 0
            }
            let temperature = schedule.temperature(at: (clock.fraction - phaseStart) / max(1e-9, 1 - phaseStart))
            let candidate = ruinAndRecreate(current, fleet: fleet, options, data, &random)
            let candidateCost = cost(candidate)
            if candidateCost < currentCost - temperature * log(random.unit() + .leastNonzeroMagnitude) {
                current = candidate
                currentCost = candidateCost
                if candidate.unassigned.isEmpty, candidateCost < bestCost - 1e-9 {
                    best = candidate
                    bestCost = candidateCost
                    reporter.report(.distance, best, clock)
                }
            }
        }
        current = best
    }

    private static func result(
        _ solution: VRPTWSolution, _ instance: VRPTWInstance, fleet: Int, _ clock: SearchProgressClock
    ) -> VRPTWResult {
        VRPTWResult(
            solution: solution, distance: VRPTWChecker.distance(instance, solution),
            violations: VRPTWChecker.check(instance, solution, maxVehicles: fleet),
            iterations: clock.iteration, seconds: clock.elapsedSeconds)
    }
}

/// Calls the progress callback at most four times a second.
private struct ProgressReporter {
    let callback: ((VRPTWProgress) -> Void)?
    var lastReport = -1.0

    mutating func report(_ phase: VRPTWProgress.Phase, _ state: VRPTWSearchState, _ clock: SearchProgressClock) {
        guard let callback, clock.iteration & 255 == 0 || phase == .distance else { return }
        let seconds = clock.elapsedSeconds
        guard seconds - lastReport >= 0.25 else { return }
        lastReport = seconds
        callback(
            VRPTWProgress(
                phase: phase, iteration: clock.iteration, seconds: seconds, vehicles: state.routes.count,
                distance: state.distance, unassigned: state.unassigned.count))
    }
}
