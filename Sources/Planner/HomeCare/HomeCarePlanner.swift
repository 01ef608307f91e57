import Foundation

/// Settings of a home-care planning run.
public struct HomeCareSolveOptions: Sendable {
    public var budget: SearchBudget
    public var seed: UInt64
    /// Start from this plan (for example the current one when re-planning) instead of from nothing.
    public var initialPlan: HomeCarePlan?
    /// Compare with this plan: every visit that changes hands or time costs (re-planning).
    public var baseline: HomeCarePlan?
    public var averageRemoved = 8.0
    public var maxStringLength = 6
    public var blinkRate = 0.01
    /// Share of ruin steps that move a recipient's visits towards someone they know.
    public var continuityRuinRate = 0.4
    /// Share of the other ruin steps that take out the visits at about the same time in a few
    /// routes (who makes which of them), instead of strings of nearby visits.
    public var concurrentRuinRate = 0.6
    /// Share of the routes a ruin step touches whose break moves to another place that fits.
    public var breakMoveRate = 0.2
    /// Search chains run at once, each on a thread of its own; they meet `chainMeetings - 1` times
    /// along the way and all go on from the best plan found so far. An iteration limit is shared
    /// out between them. A number chosen by the caller, not the machine's core count, so a seeded
    /// run with an iteration limit plans alike everywhere.
    public var threads = 1
    public var chainMeetings = 4
    public var initialTemperature = 50.0
    public var finalTemperature = 0.5
    /// Share of the budget the cooling may wait while the search leaves a mandatory visit out.
    public var coolingPauseLimit = 0.5
    /// Share of the budget after which a search that has made no plan as good as its best goes
    /// back to its best plan (`ReturnToBest`); 1 never.
    public var returnToBestAfter = 0.08

    public init(budget: SearchBudget, seed: UInt64 = 1, initialPlan: HomeCarePlan? = nil, baseline: HomeCarePlan? = nil)
    {
        self.budget = budget
        self.seed = seed
        self.initialPlan = initialPlan
        self.baseline = baseline
    }
}

/// Where a planning run is.
public struct HomeCareProgress: Sendable {
    public var iteration: Int
    public var seconds: Double
    /// Fraction of the budget used, 0…1.
    public var fraction: Double
    public var best: ObjectiveBreakdown
}

/// The outcome of a planning run: the best plan, its objective part by part, and its check.
public struct HomeCareResult: Sendable {
    public var plan: HomeCarePlan
    public var objective: ObjectiveBreakdown
    public var violations: [PlanViolation]
    public var iterations: Int
    public var seconds: Double

    public init(
        plan: HomeCarePlan, objective: ObjectiveBreakdown, violations: [PlanViolation], iterations: Int = 0,
        seconds: Double = 0
    ) {
        self.plan = plan
        self.objective = objective
        self.violations = violations
        self.iterations = iterations
        self.seconds = seconds
    }
}

/// The home-care planner: ruin and recreate (string, continuity and concurrent removals, see
/// `HomeCareRuin.swift`) and simulated annealing over routes of staff, with two-person visits,
/// competences, breaks, pins, continuity and re-planning.
public enum HomeCarePlanner {
    /// Plans a day. Throws the problem's inconsistencies instead of planning around them.
    public static func solve(
        _ problem: HomeCareProblem, options: HomeCareSolveOptions,
        progress: ((HomeCareProgress) -> Void)? = nil
    ) throws(ProblemErrors) -> HomeCareResult {
        // The budget covers the whole solve, the first plan included: "planned in 1 s" is wall time.
        let started = DispatchTime.now().uptimeNanoseconds
        let errors = problem.problems()
        guard errors.isEmpty else { throw ProblemErrors(errors: errors) }
        let data = HomeCareSearchData(problem)
        var random = SearchRandom(seed: options.seed)
        let baseline = options.baseline.map { Self.baseline($0, data) }

        var start = initialState(options.initialPlan, data, baseline: baseline, &random)
        start.markUnchanged()
        let startCost = data.measure(start.routes, unassigned: start.unassigned, baseline: baseline).total
        let chainCount = max(1, options.threads)
        // An iteration limit is shared out, so a run does as much work whatever the thread count.
        var chainBudget = options.budget
        if let limit = chainBudget.iterations { chainBudget.iterations = (limit + chainCount - 1) / chainCount }
        let coolingWaitsFor = visitsTheCoolingWaitsFor(data)
        // The first chain goes on with the construction's random numbers; the others have their own.
        var chains = (0..<chainCount).map { index in
            HomeCareSearchChain(
                start: start, cost: startCost, budget: chainBudget,
                random: index == 0
                    ? random : SearchRandom(seed: options.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15),
                coolingWaitsFor: coolingWaitsFor, started: started
            )
        }
        let ruinSettings = RuinSettings(options)
        var lastReport = -1.0
        // The first chain runs on the calling thread and reports progress from there.
        let report: ((HomeCareSearchChain) -> Void)? = progress.map { progress in
            { chain in
                let seconds = chain.clock.elapsedSeconds
                guard seconds - lastReport >= 0.25 else { return }
                lastReport = seconds
                progress(
                    HomeCareProgress(
                        iteration: chain.clock.iteration * chainCount, seconds: seconds,
                        fraction: chain.clock.fraction,
                        best: data.measure(chain.best.routes, unassigned: chain.best.unassigned, baseline: baseline)))
            }
        }
        let meetings = chainCount == 1 ? 1 : max(1, options.chainMeetings)
        for meeting in 1...meetings {
            let until = meeting == meetings ? 2 : Double(meeting) / Double(meetings)
            Self.runConcurrently(&chains) { chain in
                chain.run(until: until, options, ruinSettings, baseline: baseline, data)
            } first: { chain in
                chain.run(until: until, options, ruinSettings, baseline: baseline, data, report: report)
            }
            // All go on from the best plan found so far (the lowest-numbered chain's on a tie).
            if meeting < meetings {
                let leader = Self.leader(chains)
                let plan = chains[leader].best
                for index in chains.indices { chains[index].adopt(plan, cost: chains[leader].bestCost) }
            }
        }
        let best = chains[Self.leader(chains)].best
        let plan = best.plan(data)
        return HomeCareResult(
            plan: plan, objective: data.measure(best.routes, unassigned: best.unassigned, baseline: baseline),
            violations: check(problem, plan), iterations: chains.reduce(0) { $0 + $1.clock.iteration },
            seconds: chains[0].clock.elapsedSeconds)
    }

    /// The chain with the best plan (the lowest-numbered on a tie, so a seeded run repeats).
    private static func leader(_ chains: [HomeCareSearchChain]) -> Int {
        chains.indices.min { (chains[$0].bestCost, $0) < (chains[$1].bestCost, $1) }!
    }

    /// Runs `work` on every chain but the first, each on a thread of its own, and `first` on the first
    /// on this thread; returns when all are done.
    private static func runConcurrently(
        _ chains: inout [HomeCareSearchChain], _ work: @escaping @Sendable (inout HomeCareSearchChain) -> Void,
        first: (inout HomeCareSearchChain) -> Void
    ) {
        chains.withUnsafeMutableBufferPointer { buffer in
            let others = ChainBuffer(chains: buffer)
            let group = DispatchGroup()
            for index in buffer.indices.dropFirst() {
                DispatchQueue.global(qos: .userInitiated).async(group: group) { work(&others.chains[index]) }
            }
            first(&buffer[0])
            group.wait()
        }
    }

    /// The objective of any plan, part by part (times as given in the plan).
    public static func evaluate(
        _ problem: HomeCareProblem, _ plan: HomeCarePlan, baseline: HomeCarePlan? = nil
    )
        -> ObjectiveBreakdown
    {
        let data = HomeCareSearchData(problem)
        let visitIndex = Dictionary(problem.visits.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let staffIndex = Dictionary(problem.staff.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var fixed = Array(data.pinnedStart)
        for day in plan.days {
            for stop in day.stops { if let visit = visitIndex[stop.visitID] { fixed[visit] = stop.start } }
        }
        var routes: [CareRoute] = []
        var planned = Set<Int>()
        for day in plan.days {
            guard let staff = staffIndex[day.staffID] else { continue }
            var elements = day.stops.compactMap { visitIndex[$0.visitID] }
            planned.formUnion(elements)
            if let after = day.breakAfterStops, data.hasBreak[staff] {
                elements.insert(CareRoute.breakElement, at: min(after, elements.count))
            }
            routes.append(CareRoute(staff: staff, elements: elements, data, fixed))
        }
        let unassigned = (0..<data.visitCount).filter { !planned.contains($0) }
        return data.measure(routes, unassigned: unassigned, baseline: baseline.map { Self.baseline($0, data) })
    }

    static func baseline(_ plan: HomeCarePlan, _ data: HomeCareSearchData) -> Baseline {
        var staff = [[Int]](repeating: [], count: data.visitCount)
        var start = [Double](repeating: .nan, count: data.visitCount)
        let visitIndex = Dictionary(
            data.problem.visits.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let staffIndex = Dictionary(
            data.problem.staff.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for day in plan.days {
            for stop in day.stops {
                guard let visit = visitIndex[stop.visitID] else { continue }
                if let person = staffIndex[day.staffID] { staff[visit].append(person) }
                start[visit] = stop.start
            }
        }
        return Baseline(staff: staff, start: start)
    }

    /// Per visit: whether the search's cooling waits while the visit is left out — mandatory, and
    /// enough of those who may make it have a day it fits (a visit nobody can make would otherwise
    /// hold the search hot for nothing).
    static func visitsTheCoolingWaitsFor(_ data: HomeCareSearchData) -> [Bool] {
        let empty = HomeCareSearchState(data)
        return (0..<data.visitCount).map { visit in
            data.problem.visits[visit].mandatory
                && HomeCareSearchState.staffWhoseEmptyDayFits(visit, empty, data).count >= data.partsNeeded[visit]
        }
    }

    /// The starting point: the given plan's routes kept as far as they stay feasible (the rest is
    /// re-inserted), or every visit inserted into empty routes; locked visits first.
    private static func initialState(
        _ plan: HomeCarePlan?, _ data: HomeCareSearchData, baseline: Baseline?, _ random: inout SearchRandom
    ) -> HomeCareSearchState {
        var state = HomeCareSearchState(data)
        var pending = Array(0..<data.visitCount)
        if let plan {
            let visitIndex = Dictionary(
                data.problem.visits.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            let staffIndex = Dictionary(
                data.problem.staff.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            let keptPairs = keepPairs(plan, data, &state, visitIndex: visitIndex, staffIndex: staffIndex)
            var kept = Set<Int>()
            for day in plan.days {
                guard let staff = staffIndex[day.staffID] else { continue }
                // Keep the plan's order; drop each visit that can no longer begin in time.
                var elements: [Int] = []
                for (index, stop) in day.stops.enumerated() {
                    if day.breakAfterStops == index, data.hasBreak[staff] { elements.append(CareRoute.breakElement) }
                    guard let visit = visitIndex[stop.visitID], !kept.contains(visit) || data.partsNeeded[visit] == 2,
                        data.eligible[visit * data.staffCount + staff],
                        data.partsNeeded[visit] == 1 || HomeCareSearchState.isLocked(visit, data)
                            || keptPairs.contains(visit)
                    else { continue }
                    let route = CareRoute(staff: staff, elements: elements + [visit], data, state.fixedStart)
                    if route.firstLate == nil || route.firstLate! < elements.count { elements.append(visit) }
                }
                if day.breakAfterStops == day.stops.count, data.hasBreak[staff] {
                    elements.append(CareRoute.breakElement)
                }
                var route = CareRoute(staff: staff, elements: elements, data, state.fixedStart)
                if data.hasBreak[staff], route.breakPosition == nil || !route.feasible {
                    state.routes[staff] = route
                    state.placeBreak(staff, data)
                    route = state.routes[staff]
                }
                while !route.feasible,
                    let last = route.elements.lastIndex(where: {
                        $0 != CareRoute.breakElement && !HomeCareSearchState.isLocked($0, data)
                    })
                {
                    let dropped = route.elements[last]
                    route.remove(where: { $0 == dropped }, data, state.fixedStart)
                    if data.hasBreak[staff] {
                        state.routes[staff] = route
                        state.placeBreak(staff, data)
                        route = state.routes[staff]
                    }
                }
                state.routes[staff] = route
                kept.formUnion(route.elements.filter { $0 != CareRoute.breakElement })
            }
            // A two-person visit one of its days had to drop leaves the other too, and is placed anew.
            for visit in keptPairs where state.routes.count(where: { $0.elements.contains(visit) }) < 2 {
                state.fixedStart[visit] = data.pinnedStart[visit]
                for staff in state.routes.indices where state.routes[staff].elements.contains(visit) {
                    state.routes[staff].remove(where: { $0 == visit }, data, state.fixedStart)
                    if data.hasBreak[staff] { state.placeBreak(staff, data) }
                }
                kept.remove(visit)
            }
            pending.removeAll { kept.contains($0) }
            state.recount(data)
        }
        let locked = pending.filter { HomeCareSearchState.isLocked($0, data) }
        let rest = pending.filter { !HomeCareSearchState.isLocked($0, data) }
            .sorted { (data.lastWindowEnd($0), $0) < (data.lastWindowEnd($1), $1) }
        state.recreate(locked + rest, blinkRate: 0, baseline: baseline, data, &random)
        return state
    }
}

extension HomeCarePlanner {
    /// The two-person visits a plan gives to two staff who may make it together, at one start
    /// inside its windows: each keeps that start (as the search would have chosen it), so both
    /// days can keep it in place when re-planning. Without this, every two-person visit not yet
    /// begun left the plan and had to find room in two busy days anew.
    fileprivate static func keepPairs(
        _ plan: HomeCarePlan, _ data: HomeCareSearchData, _ state: inout HomeCareSearchState,
        visitIndex: [String: Int], staffIndex: [String: Int]
    ) -> Set<Int> {
        var parts: [Int: [(staff: Int, start: Double)]] = [:]
        for day in plan.days {
            guard let staff = staffIndex[day.staffID] else { continue }
            for stop in day.stops {
                guard let visit = visitIndex[stop.visitID], data.partsNeeded[visit] == 2,
                    !HomeCareSearchState.isLocked(visit, data)
                else { continue }
                parts[visit, default: []].append((staff, Double(stop.start)))
            }
        }
        var kept = Set<Int>()
        for (visit, both) in parts where both.count == 2 {
            let (first, second) = (both[0], both[1])
            let start = first.start
            let pinned = data.pinnedStart[visit]
            guard first.staff != second.staff, second.start == start,
                data.eligible[visit * data.staffCount + first.staff],
                data.eligible[visit * data.staffCount + second.staff],
                data.mayMakeTogether(visit, first.staff, second.staff),
                pinned.isNaN ? data.firstBegin(visit, fixedStart: .nan, after: start) == start : pinned == start
            else { continue }
            state.fixedStart[visit] = start
            kept.insert(visit)
        }
        return kept
    }
}

/// The chains, shared with the threads that run them: each thread touches only its own chain,
/// and the caller waits for all before it reads any.
private struct ChainBuffer: @unchecked Sendable {
    let chains: UnsafeMutableBufferPointer<HomeCareSearchChain>
}

/// The problem's inconsistencies, all at once.
public struct ProblemErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ProblemError]
    public var description: String { errors.map(\.description).joined(separator: "; ") }
}

/// The order in which removed visits are put back.
enum VisitOrder {
    case random, tightestWindow, longest, earliest, twoPersonFirst

    static func pick(_ random: inout SearchRandom) -> VisitOrder {
        switch random.below(10) {
        case 0..<3: .random
        case 3..<6: .tightestWindow
        case 6..<7: .longest
        case 7..<9: .earliest
        default: .twoPersonFirst
        }
    }

    func sort(_ visits: inout [Int], _ data: HomeCareSearchData, _ random: inout SearchRandom) {
        visits.shuffle(using: &random)
        switch self {
        case .random: break
        case .tightestWindow: visits.sort { data.windowSlack($0) < data.windowSlack($1) }
        case .longest: visits.sort { data.duration[$0] > data.duration[$1] }
        case .earliest: visits.sort { data.firstWindowStart($0) < data.firstWindowStart($1) }
        case .twoPersonFirst: visits.sort { data.partsNeeded[$0] > data.partsNeeded[$1] }
        }
    }
}
