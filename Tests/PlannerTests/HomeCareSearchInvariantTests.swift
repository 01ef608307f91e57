import Testing

@testable import Planner

/// Every route stays feasible through every ruin and every recreate: the search never relies on
/// the final check to catch a broken day. The count of each recipient's visits per route (what an
/// insertion reads to know whether someone is new) stays equal to counting them anew, and the
/// route each visit is said to be in (what the ruin reads) holds it.
@Suite struct HomeCareSearchInvariantTests {
    /// Each ruin kind on its own (continuity, concurrent, strings), then all mixed.
    static let ruinKinds: [(continuity: Double, concurrent: Double)] = [(1, 0), (0, 1), (0, 0), (0.4, 0.6)]

    @Test(arguments: [1, 2] as [UInt64], 0..<4)
    func routesStayFeasibleThroughRuinAndRecreate(seed: UInt64, kind: Int) {
        let settings = RuinSettings(
            averageRemoved: 8, maxStringLength: 6, continuityRate: Self.ruinKinds[kind].continuity,
            concurrentRate: Self.ruinKinds[kind].concurrent)
        let problem = ExampleDay.generate(visits: 100, staff: 10, seed: seed)
        let data = HomeCareSearchData(problem)
        var random = SearchRandom(seed: seed)
        var state = HomeCareSearchState(data)
        let emptyDaysFeasible = state.routes.allSatisfy { $0.feasible }
        #expect(emptyDaysFeasible, "empty days with their breaks")
        state.recreate(Array(0..<data.visitCount), blinkRate: 0, baseline: nil, data, &random)
        let firstDaysFeasible = state.routes.allSatisfy { $0.feasible }
        #expect(firstDaysFeasible, "after the first insertion of every visit")
        for iteration in 0..<400 {
            var candidate = state
            var removed = candidate.unassigned
            candidate.unassigned = []
            removed += candidate.ruin(settings, data, &random)
            if let broken = candidate.routes.first(where: { !$0.feasible }) {
                Issue.record("iteration \(iteration): ruin left \(problem.staff[broken.staff].id)'s day infeasible")
                return
            }
            candidate.recreate(removed, blinkRate: 0.01, baseline: nil, data, &random)
            if let broken = candidate.routes.first(where: { !$0.feasible }) {
                Issue.record("iteration \(iteration): recreate left \(problem.staff[broken.staff].id)'s day infeasible")
                return
            }
            var recounted = candidate
            recounted.recount(data)
            if recounted.recipientVisits != candidate.recipientVisits {
                Issue.record("iteration \(iteration): the recipients' visits per route were miscounted")
                return
            }
            for visit in 0..<data.visitCount {
                let holders = candidate.routes.indices.filter { candidate.routes[$0].elements.contains(visit) }
                let said = candidate.routeOfVisit[visit]
                if holders.isEmpty ? said != -1 : !holders.contains(said) {
                    Issue.record(
                        "iteration \(iteration): visit \(visit) is said to be in route \(said), held by \(holders)")
                    return
                }
            }
            state = candidate
        }
    }
}

/// A search step's recreate gives up once its left-out visits cost more than the step would
/// accept: it must give up only on steps that, finished, would have cost at least that.
@Suite struct RecreateGiveUpTests {
    /// With and without a left-out visit taking an earlier one's place (as the search does).
    @Test(arguments: [3, 5] as [UInt64], [false, true])
    func aRecreateGivesUpOnlyOnStepsThatWouldCostTooMuch(seed: UInt64, ejecting: Bool) {
        var (data, state, random) = plannedExampleDay(seed: seed)
        #expect(data.partsAreNonNegative)
        let settings = RuinSettings(averageRemoved: 8, maxStringLength: 6, continuityRate: 0.4, concurrentRate: 0.6)
        var gaveUp = 0
        for _ in 0..<300 {
            let limit = data.measure(state.routes, unassigned: state.unassigned, baseline: nil).total + 20
            var ruined = state
            let waiting = ruined.unassigned
            ruined.unassigned = []
            let removed = ruined.ruin(settings, data, &random)
            // The same step twice, from the same random numbers: once allowed to give up, once not.
            var partial = ruined
            var partialRandom = random
            let complete = partial.recreate(
                waiting + removed, blinkRate: 0.01, baseline: nil, data, &partialRandom, giveUpAt: limit,
                ejecting: ejecting)
            var full = ruined
            full.recreate(waiting + removed, blinkRate: 0.01, baseline: nil, data, &random, ejecting: ejecting)
            let cost = data.measure(full.routes, unassigned: full.unassigned, baseline: nil).total
            if !complete {
                gaveUp += 1
                #expect(cost >= limit, "gave up on a step that costs \(cost), less than \(limit)")
            } else {
                #expect(partial.routes.map(\.elements) == full.routes.map(\.elements))
            }
            if cost < limit { state = full }
        }
        #expect(gaveUp > 5, "the test means something only if steps were given up")
    }
}

@Suite struct CareRouteTests {
    /// An insertion retimes only part of a day: the result equals timing the whole day anew,
    /// late and infeasible days included.
    @Test(arguments: [7, 8] as [UInt64])
    func aRetimedInsertionEqualsTimingTheWholeDay(seed: UInt64) {
        let data = HomeCareSearchData(ExampleDay.generate(visits: 60, staff: 3, seed: seed))
        var random = SearchRandom(seed: seed)
        var fixedStart = Array(data.pinnedStart)
        for visit in 0..<data.visitCount where random.below(6) == 0 { fixedStart[visit] = data.firstWindowStart(visit) }
        for staff in 0..<data.staffCount {
            var route = CareRoute(staff: staff, elements: [CareRoute.breakElement], data, fixedStart)
            for visit in (0..<data.visitCount).shuffled(using: &random).prefix(14) {
                route.insert(visit, at: random.below(route.count + 1), data, fixedStart)
                let whole = CareRoute(staff: staff, elements: route.elements, data, fixedStart)
                #expect(route.timing == whole.timing)
                #expect(abs(route.travelMinutes - whole.travelMinutes) < 1e-9 && route.returnTime == whole.returnTime)
                #expect(route.feasible == whole.feasible && route.firstLate == whole.firstLate)
            }
        }
    }

    /// The insertion search starts each day at `firstPosition(endingNotBefore:)`: no place it skips
    /// could have taken the visit.
    @Test(arguments: [5, 6] as [UInt64])
    func noSkippedPlaceFits(seed: UInt64) {
        let (data, state, _) = plannedExampleDay(seed: seed)
        let problem = data.problem
        var skipped = 0
        for visit in 0..<data.visitCount {
            for route in state.routes where !route.elements.contains(visit) {
                let first = route.firstPosition(endingNotBefore: data.earliestEnd(visit, fixedStart: .nan))
                for position in 0..<first {
                    skipped += 1
                    if let span = route.insertionSpan(of: visit, at: position, data),
                        let begin = data.firstBegin(visit, fixedStart: .nan, after: span.arrival),
                        begin <= span.latestBegin + 1e-9
                    {
                        Issue.record(
                            "visit \(visit) fits \(problem.staff[route.staff].id)'s day at \(position) < \(first)")
                    }
                }
            }
        }
        // The test means something only if places were skipped.
        #expect(skipped > 1000)
    }

    /// `firstPosition` is a search without branches; it must find what a plain scan finds: the
    /// first element whose latest arrival is not before the time, or the break before it.
    @Test(arguments: [2, 5] as [UInt64])
    func firstPositionIsWhatAScanFinds(seed: UInt64) {
        var (data, state, random) = plannedExampleDay(seed: seed)
        var compared = 0
        for _ in 0..<40 {
            for route in state.routes {
                let readyBy = 420 + Double(random.below(600)) + random.unit()
                var scan = route.timing.firstIndex { $0.latestArrival >= readyBy - 1e-9 } ?? route.count
                if scan > 0, route.elements[scan - 1] == CareRoute.breakElement { scan -= 1 }
                #expect(route.firstPosition(endingNotBefore: readyBy) == scan, "\(route.elements) at \(readyBy)")
                compared += 1
            }
            // Every day one element shorter each round: days of every length, down to empty ones.
            for staff in state.routes.indices {
                if let last = state.routes[staff].elements.last {
                    state.routes[staff].remove(where: { $0 == last }, data, state.fixedStart)
                }
            }
        }
        #expect(compared == 40 * data.staffCount)
        #expect(state.routes.allSatisfy { $0.count == 0 })
    }
}
