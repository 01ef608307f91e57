import Testing

@testable import Planner

/// A route retimes only what an insertion can change (and a removal, were it to): afterwards
/// every figure must be what timing the same elements from scratch gives.
@Suite struct CareRouteRetimingTests {
    /// What a route knows about its day, figure by figure, against the same elements timed anew.
    private static func mismatch(_ route: CareRoute, _ data: HomeCareSearchData, _ fixedStart: [Double]) -> String? {
        let fresh = CareRoute(staff: route.staff, elements: route.elements, data, fixedStart)
        func differs(_ a: [Double], _ b: [Double]) -> Bool {
            a.count != b.count || zip(a, b).contains { abs($0 - $1) > 1e-9 && !($0.isInfinite && $0 == $1) }
        }
        for (name, figure) in [
            ("begin", \StopTiming.begin), ("leave", \.leave), ("latest arrivals", \.latestArrival),
            ("travel", \.travelUntil),
        ] {
            let mine = route.timing.map { $0[keyPath: figure] }
            let anew = fresh.timing.map { $0[keyPath: figure] }
            if differs(mine, anew) { return "\(name) \(mine) against \(anew)" }
        }
        let places = (route.timing.map(\.placeAfter), fresh.timing.map(\.placeAfter))
        if places.0 != places.1 { return "places \(places.0) against \(places.1)" }
        if abs(route.travelMinutes - fresh.travelMinutes) > 1e-9 || abs(route.returnTime - fresh.returnTime) > 1e-9 {
            return
                "travel \(route.travelMinutes) / return \(route.returnTime) against \(fresh.travelMinutes) / \(fresh.returnTime)"
        }
        if route.feasible != fresh.feasible || route.firstLate != fresh.firstLate {
            return
                "feasible \(route.feasible) from \(String(describing: route.firstLate)) against \(fresh.feasible) from \(String(describing: fresh.firstLate))"
        }
        return nil
    }

    /// Visits (and sometimes the break) taken out of planned days at random — one, a string, or
    /// scattered — and put back at random places, 300 times per day.
    @Test(arguments: [2, 5] as [UInt64])
    func removingAndInsertingRetimesAsTimingAnew(seed: UInt64) {
        var (data, state, random) = plannedExampleDay(seed: seed)
        var checked = 0
        for step in 0..<300 {
            let staff = random.below(data.staffCount)
            var route = state.routes[staff]
            guard route.count > 0 else { continue }
            let elements = route.elements
            let chance = [0.1, 0.3, 0.6][random.below(3)]
            let start = random.below(elements.count)
            let length = 1 + random.below(3)
            let taken = Set(
                elements.indices.filter { index in
                    random.unit() < chance || (start..<(start + length)).contains(index)
                }.map { elements[$0] })
            route.remove(where: { taken.contains($0) }, data, state.fixedStart)
            if let problem = Self.mismatch(route, data, state.fixedStart) {
                Issue.record("day \(seed), step \(step): removing \(taken.sorted()) from \(elements): \(problem)")
                return
            }
            for element in taken.shuffled(using: &random) {
                route.insert(element, at: random.below(route.count + 1), data, state.fixedStart)
                if let problem = Self.mismatch(route, data, state.fixedStart) {
                    Issue.record("day \(seed), step \(step): inserting \(element) into \(route.elements): \(problem)")
                    return
                }
            }
            checked += 1
            state.routes[staff] = route
        }
        #expect(checked > 200)
    }
}
