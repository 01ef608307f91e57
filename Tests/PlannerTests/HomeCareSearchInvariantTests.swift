import Testing

@testable import Planner

/// Every route stays feasible through every ruin and every recreate: the search never relies on
/// the final check to catch a broken day.
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
            state = candidate
        }
    }
}
