import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    /// The demo's past weeks: visits made and checked off, so the follow-up pages have something.
    @Suite struct DemoCareHistoryTests {
        @Test func pastVisitsAreCheckedOffWithActualTimesAndAFewNotDone() async throws {
            try await withTilsyn(demoRecipients: 30) { app in
                let demo = DemoMunicipality.generate(.init(seed: 11, referenceDate: app.today, recipientCount: 30))
                try await DemoLoader(database: app.db).loadCareHistory(
                    demo, seed: 11, today: app.today, timeZone: app.tilsyn.timeZone, expiryNoticeDays: 14)
                let past = try await VisitModel.query(on: app.db).filter(\.$date < app.today.description).all()
                try #require(past.count > 50)
                let done = past.filter { $0.outcome == "done" }
                let notDone = past.filter { $0.outcome == "notDone" }
                #expect(done.count + notDone.count == past.count, "every past visit is checked off")
                #expect(Double(done.count) / Double(past.count) > 0.9)
                #expect(notDone.allSatisfy { NotDoneReason(rawValue: $0.notDoneReason ?? "") != nil })
                #expect(
                    done.allSatisfy { visit in
                        guard let start = visit.startedAt, let end = visit.finishedAt else { return false }
                        return end > start
                    })
                // The dashboards measure done visits from them.
                let zone = try await app.anyZone()
                let values = try await DashboardIndicators(database: app.db, today: app.today, expiryNoticeDays: 14)
                    .measure(zone)
                #expect(values[.doneVisits].map { $0 > 85 && $0 <= 100 } == true)
            }
        }
    }
}
