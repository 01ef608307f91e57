import Testing

@testable import Planner

/// What each kind of ruin step takes out of a full zone day.
@Suite struct HomeCareRuinTests {
    private static func plannedDay(seed: UInt64) -> (HomeCareSearchData, HomeCareSearchState, SearchRandom) {
        let data = HomeCareSearchData(ExampleDay.generate(visits: 100, staff: 10, seed: seed))
        var random = SearchRandom(seed: seed)
        var state = HomeCareSearchState(data)
        state.recreate(Array(0..<data.visitCount), blinkRate: 0, baseline: nil, data, &random)
        return (data, state, random)
    }

    private static func begins(_ state: HomeCareSearchState) -> [Int: Double] {
        var begins: [Int: Double] = [:]
        for route in state.routes {
            for (index, visit) in route.elements.enumerated() where visit != CareRoute.breakElement {
                begins[visit] = route.begin[index]
            }
        }
        return begins
    }

    @Test func aConcurrentStepTakesVisitsAtAboutTheSameTimeFromAFewDays() {
        var (data, state, random) = Self.plannedDay(seed: 3)
        let settings = RuinSettings(averageRemoved: 8, maxStringLength: 6, continuityRate: 0, concurrentRate: 1)
        for step in 0..<60 {
            let begins = Self.begins(state)
            var candidate = state
            let removed = candidate.ruin(settings, data, &random)
            #expect(!removed.isEmpty, "step \(step)")
            // Within 90 minutes either side of one moment (and the visit's length before it).
            let times = removed.compactMap { begins[$0] }
            #expect(times.max()! - times.min()! <= 180 + 45, "step \(step): \(times.sorted())")
            let lost = zip(state.routes, candidate.routes).filter { $0.visitCount != $1.visitCount }.count
            let pairs = removed.filter { data.partsNeeded[$0] == 2 }.count
            #expect(lost <= 4 + pairs, "step \(step): \(lost) days lost visits")
            state = candidate
            state.recreate(removed, blinkRate: 0, baseline: nil, data, &random)
        }
    }

    @Test func aContinuityStepTakesOutEveryVisitOfOneRecipientWithAcquaintances() {
        var (data, state, random) = Self.plannedDay(seed: 4)
        let settings = RuinSettings(averageRemoved: 8, maxStringLength: 6, continuityRate: 1, concurrentRate: 0)
        for step in 0..<60 {
            let planned = Self.begins(state)
            var candidate = state
            let removed = Set(candidate.ruin(settings, data, &random))
            let whole = (0..<data.recipientCount).filter { recipient in
                !data.acquainted[recipient].isEmpty
                    && data.visitsOfRecipient[recipient].allSatisfy { planned[$0] == nil || removed.contains($0) }
                    && data.visitsOfRecipient[recipient].contains(where: removed.contains)
            }
            #expect(!whole.isEmpty, "step \(step): no recipient lost all visits")
            state = candidate
            state.recreate(Array(removed), blinkRate: 0, baseline: nil, data, &random)
        }
    }
}
