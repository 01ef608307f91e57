import Testing

@testable import Planner

/// What each kind of ruin step takes out of a full zone day.
@Suite struct HomeCareRuinTests {
    private static func begins(_ state: HomeCareSearchState) -> [Int: Double] {
        var begins: [Int: Double] = [:]
        for route in state.routes {
            for (index, visit) in route.elements.enumerated() where visit != CareRoute.breakElement {
                begins[visit] = route.timing[index].begin
            }
        }
        return begins
    }

    /// Sixty ruin steps of one kind on a planned day, each checked against the plan before it and
    /// then recreated.
    private static func ruinSteps(
        seed: UInt64, continuity: Double, concurrent: Double, breakMove: Double = 0,
        check: (
            _ data: HomeCareSearchData, _ before: HomeCareSearchState, _ after: HomeCareSearchState,
            _ removed: [Int], _ step: Int
        ) -> Void
    ) {
        var (data, state, random) = plannedExampleDay(seed: seed)
        let settings = RuinSettings(
            averageRemoved: 8, maxStringLength: 6, continuityRate: continuity, concurrentRate: concurrent,
            breakMoveRate: breakMove)
        for step in 0..<60 {
            var candidate = state
            let removed = candidate.ruin(settings, data, &random)
            check(data, state, candidate, removed, step)
            state = candidate
            state.recreate(removed, blinkRate: 0, baseline: nil, data, &random)
        }
    }

    @Test func aConcurrentStepTakesVisitsAtAboutTheSameTimeFromAFewDays() {
        Self.ruinSteps(seed: 3, continuity: 0, concurrent: 1) { data, before, after, removed, step in
            #expect(!removed.isEmpty, "step \(step)")
            // Within 90 minutes either side of one moment (and the visit's length before it).
            let begins = Self.begins(before)
            let times = removed.compactMap { begins[$0] }
            #expect(times.max()! - times.min()! <= 180 + 45, "step \(step): \(times.sorted())")
            let lost = zip(before.routes, after.routes).filter { $0.visitCount != $1.visitCount }.count
            let pairs = removed.filter { data.partsNeeded[$0] == 2 }.count
            #expect(lost <= 4 + pairs, "step \(step): \(lost) days lost visits")
        }
    }

    @Test func aContinuityStepTakesOutEveryVisitOfOneRecipientWithAcquaintances() {
        Self.ruinSteps(seed: 4, continuity: 1, concurrent: 0) { data, before, _, removed, step in
            let planned = Self.begins(before)
            let removed = Set(removed)
            let whole = (0..<data.recipientCount).filter { recipient in
                !data.acquainted[recipient].isEmpty
                    && data.visitsOfRecipient[recipient].allSatisfy { planned[$0] == nil || removed.contains($0) }
                    && data.visitsOfRecipient[recipient].contains(where: removed.contains)
            }
            #expect(!whole.isEmpty, "step \(step): no recipient lost all visits")
        }
    }

    /// The visits before a day's break.
    private static func beforeBreak(_ route: CareRoute) -> Set<Int> {
        Set(route.elements.prefix(route.breakPosition ?? 0))
    }

    /// Breaks move: after a step, some day has among its remaining visits others before its break
    /// than it had, and every day stays feasible. Without it a break stays where the first plan put
    /// it (taking visits out never changes which of the rest come before it).
    @Test func aStepMovesBreaksToOtherPlacesThatFit() {
        var moved = 0
        Self.ruinSteps(seed: 5, continuity: 0, concurrent: 1, breakMove: 1) { _, before, after, _, step in
            for (old, new) in zip(before.routes, after.routes) {
                let remaining = Set(new.elements)
                if Self.beforeBreak(old).intersection(remaining) != Self.beforeBreak(new) { moved += 1 }
            }
            let feasible = after.routes.allSatisfy { $0.feasible }
            #expect(feasible, "step \(step)")
        }
        #expect(moved > 0, "no break moved in sixty steps")
    }
}
