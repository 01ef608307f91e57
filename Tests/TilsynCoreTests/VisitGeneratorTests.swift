import Foundation
import Testing

@testable import TilsynCore

@Suite struct VisitGeneratorTests {
    let recipientID = UUID()
    let monday = LocalDate("2026-11-23")!

    func decision(validTo: String?) -> Decision {
        Decision(
            recipientID: recipientID, serviceType: .homeNursing, hoursPerWeek: 5, validFrom: LocalDate("2026-01-01")!,
            validTo: validTo.flatMap { LocalDate($0) })
    }

    func measure(decision: Decision?, days: Set<Weekday> = .everyDay, windows: [String] = ["08:00-09:30"]) -> Measure {
        Measure(
            recipientID: recipientID, decisionID: decision?.id, title: "Medisiner", weekdays: days,
            windows: windows.map { TimeWindow($0)! }, durationMinutes: 15, requiredCompetences: [.medication])
    }

    @Test func oneVisitPerWindowOnMatchingWeekdaysOnly() {
        let valid = decision(validTo: nil)
        let daily = measure(decision: valid, windows: ["08:00-09:30", "20:00-21:30"])
        let tuesdays = measure(decision: valid, days: [.tuesday])
        let result = VisitGenerator().visits(on: monday, measures: [daily, tuesdays], decisions: [valid.id: valid])
        #expect(monday.weekday == .monday)
        #expect(result.visits.count == 2)
        #expect(result.visits.map(\.window.description) == ["08:00-09:30", "20:00-21:30"])
        #expect(result.warnings.isEmpty)
    }

    @Test func expiredDecisionWarnsForEveryMeasureItCoversAndKeepsTheVisits() {
        let expired = decision(validTo: "2026-11-20")
        let measures = [measure(decision: expired), measure(decision: expired, windows: ["12:00-13:00"])]
        let result = VisitGenerator().visits(on: monday, measures: measures, decisions: [expired.id: expired])
        #expect(result.visits.count == 2, "services must not silently drop out")
        #expect(result.warnings.count == 2)
        #expect(result.warnings.allSatisfy { $0.kind == .decisionExpired })
        #expect(Set(result.warnings.map(\.measureID)) == Set(measures.map(\.id)))
    }

    @Test func decisionEndingWithinNoticeWarnsAsExpiringSoon() {
        let ending = decision(validTo: "2026-11-30")
        let result = VisitGenerator(expiryNoticeDays: 14).visits(
            on: monday, measures: [measure(decision: ending)], decisions: [ending.id: ending])
        #expect(result.warnings.map(\.kind) == [.decisionExpiresSoon])
    }

    @Test func measureWithoutDecisionWarns() {
        let result = VisitGenerator().visits(on: monday, measures: [measure(decision: nil)], decisions: [:])
        #expect(result.warnings.map(\.kind) == [.noDecision])
    }

    @Test func endedMeasuresMakeNoVisits() {
        let valid = decision(validTo: nil)
        var ended = measure(decision: valid)
        ended.isActive = false
        #expect(VisitGenerator().visits(on: monday, measures: [ended], decisions: [valid.id: valid]).visits.isEmpty)
    }

    @Test func visitIDsAreStableAcrossRuns() {
        let valid = decision(validTo: nil)
        let daily = measure(decision: valid)
        let first = VisitGenerator().visits(on: monday, measures: [daily], decisions: [valid.id: valid]).visits
        let second = VisitGenerator().visits(on: monday, measures: [daily], decisions: [valid.id: valid]).visits
        #expect(first.map(\.id) == second.map(\.id))
        let nextDay = VisitGenerator().visits(
            on: monday.adding(days: 1), measures: [daily], decisions: [valid.id: valid])
        #expect(nextDay.visits[0].id != first[0].id)
    }
}
