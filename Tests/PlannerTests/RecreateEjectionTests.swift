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

/// A two-person visit that fits in no two days at once takes the place of a one-person visit put
/// in before it in one day, beside the visits of another.
@Suite struct RecreatePairEjectionTests {
    /// X prefers A; P needs A and B (C may not make it), both at 10:00. X goes first, to A; P then
    /// fits only in X's place at A and beside B's day, and X moves to C (when there is a C).
    static func problem(withC: Bool) -> HomeCareProblem {
        HomeCareProblem(
            visits: [
                visit("X", at: place(1, 0), window: (600, 605), preferred: ["A"]),
                visit("P", at: place(0, 1), window: (600, 605), staff: 2, excluded: ["C"]),
            ],
            staff: [shift("A"), shift("B")]
                + (withC ? [shift("C")] : []))
    }

    @Test func aPairThatFitsNowhereTakesThePlaceOfAVisitBeforeIt() {
        let problem = Self.problem(withC: true)
        let data = HomeCareSearchData(problem)
        var random = SearchRandom(seed: 1)
        var state = HomeCareSearchState(data)
        #expect(state.recreate([0, 1], blinkRate: 0, baseline: nil, data, &random))
        #expect(state.unassigned.isEmpty)
        #expect(state.routes.map(\.elements) == [[1], [1], [0]], "A and B make P, C makes X")
        #expect(state.fixedStart[1] == 600)
        #expect(HomeCarePlanner.check(problem, state.plan(data)).isEmpty)
    }

    @Test func whenTheVisitTakenOutFitsNowhereBothGoBack() {
        let problem = Self.problem(withC: false)
        let data = HomeCareSearchData(problem)
        var random = SearchRandom(seed: 1)
        var state = HomeCareSearchState(data)
        state.recreate([0, 1], blinkRate: 0, baseline: nil, data, &random)
        #expect(state.unassigned == [1])
        #expect(state.routes.map(\.elements) == [[0], []])
        #expect(state.fixedStart[1].isNaN, "the pair's start is free again")
        #expect(state.routeOfVisit == [0, -1])
    }

    @Test func withoutTakingPlacesThePairIsLeftOut() {
        let problem = Self.problem(withC: true)
        let data = HomeCareSearchData(problem)
        var random = SearchRandom(seed: 1)
        var state = HomeCareSearchState(data)
        state.recreate([0, 1], blinkRate: 0, baseline: nil, data, &random, ejecting: false)
        #expect(state.unassigned == [1])
        #expect(state.routes.map(\.elements) == [[0], [], []])
    }
}
