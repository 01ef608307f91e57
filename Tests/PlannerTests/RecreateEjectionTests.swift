import Testing

@testable import Planner

/// A one-person visit that fits nowhere takes the place of one put in before it in the same
/// recreate, which goes back elsewhere: the room the step's own insertions took.
@Suite struct RecreateEjectionTests {
    /// Two staff; X prefers A, Y needs A's competence, and both have to begin at 10:00. X goes
    /// first, to A; Y then fits only in X's place, and X moves to B.
    static let problem = HomeCareProblem(
        visits: [
            visit("X", at: place(1, 0), window: (600, 605), preferred: ["A"]),
            visit("Y", at: place(0, 1), window: (600, 605), competences: ["medisin"]),
        ],
        staff: [shift("A", competences: ["medisin"]), shift("B")])

    @Test func aVisitThatFitsNowhereTakesThePlaceOfOneBeforeIt() {
        let data = HomeCareSearchData(Self.problem)
        var random = SearchRandom(seed: 1)
        var state = HomeCareSearchState(data)
        let complete = state.recreate([0, 1], blinkRate: 0, baseline: nil, data, &random)
        #expect(complete)
        #expect(state.unassigned.isEmpty)
        #expect(state.routes[0].elements == [1], "A makes Y")
        #expect(state.routes[1].elements == [0], "B makes X")
        #expect(state.routeOfVisit == [1, 0])
        #expect(HomeCarePlanner.check(Self.problem, state.plan(data)).isEmpty)
    }

    @Test func withoutTakingPlacesTheVisitIsLeftOut() {
        let data = HomeCareSearchData(Self.problem)
        var random = SearchRandom(seed: 1)
        var state = HomeCareSearchState(data)
        state.recreate([0, 1], blinkRate: 0, baseline: nil, data, &random, ejecting: false)
        #expect(state.unassigned == [1])
        #expect(state.routes[0].elements == [0])
    }
}
