import Testing

@testable import Planner

/// A one-person visit that fits a day only if the two-person visit after it begins later: the
/// insertion moves the two-person visit's start in both staff members' days, when both allow it.
@Suite struct TwoPersonPostponeTests {
    /// Two staff, a two-person visit from 10:00 and a one-person visit across town that ends by
    /// 10:00 at the latest: with the way there, it fits before the two-person visit only if that
    /// begins later than 10:00.
    @Test func aVisitFitsByStartingTheTwoPersonVisitLater() {
        let problem = HomeCareProblem(
            visits: [
                visit("P", at: place(10, 0), minutes: 30, window: (600, 700), staff: 2),
                visit("V", at: place(-10, 0), minutes: 30, window: (565, 570)),
            ],
            staff: [shift("A"), shift("B")])
        let data = HomeCareSearchData(problem)
        var random = SearchRandom(seed: 1)
        var state = HomeCareSearchState(data)
        // The two-person visit first, at the earliest both can make: 10:00.
        state.recreate([0], blinkRate: 0, baseline: nil, data, &random)
        #expect(state.fixedStart[0] == 600)
        state.recreate([1], blinkRate: 0, baseline: nil, data, &random)
        #expect(state.unassigned.isEmpty, "the one-person visit is placed")
        #expect(state.fixedStart[0] > 600, "the two-person visit begins later")
        #expect(state.routes.allSatisfy { $0.feasible })
        let plan = state.plan(data)
        #expect(HomeCarePlanner.check(problem, plan).isEmpty)
        let starts = plan.days.flatMap { $0.stops.filter { $0.visitID == "P" }.map(\.start) }
        #expect(starts.count == 2 && starts[0] == starts[1], "both begin at the same minute")
    }

    /// Wherever a one-person visit could go by starting a two-person visit later, doing so leaves
    /// both days feasible and the two-person visit at one start in both.
    @Test(arguments: [2, 5] as [UInt64])
    func startingATwoPersonVisitLaterKeepsBothDaysFeasible(seed: UInt64) {
        let (data, state, _) = plannedExampleDay(seed: seed)
        var postponed = 0
        for visit in 0..<data.visitCount where data.partsNeeded[visit] == 1 {
            guard let holder = state.routes.firstIndex(where: { $0.elements.contains(visit) }) else { continue }
            var without = state
            without.removeVisits(from: holder, where: { $0 == visit }, data)
            for staff in 0..<data.staffCount where data.eligible[visit * data.staffCount + staff] {
                for position in 0...without.routes[staff].count {
                    guard
                        let found = without.postponing(
                            visit, in: staff, at: position, extraCost: 0, baseline: nil, data)
                    else { continue }
                    postponed += 1
                    var trial = without
                    trial.insertPostponing(
                        visit, into: staff, at: position, pair: found.pair, start: found.pairStart, data)
                    let holders = trial.routes.filter { $0.elements.contains(found.pair) }
                    #expect(holders.count == 2)
                    for route in holders {
                        #expect(route.feasible, "visit \(visit) before \(found.pair) for staff \(staff)")
                        let index = route.elements.firstIndex(of: found.pair)!
                        #expect(abs(route.timing[index].begin - found.pairStart) < 1e-9)
                    }
                }
            }
        }
        // The test means something only if visits could go in this way.
        #expect(postponed >= 5)
    }
}
