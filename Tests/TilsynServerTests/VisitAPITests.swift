import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct VisitAPITests {
        @Test func generatingTwiceCreatesNothingTwice() async throws {
            try await withTilsyn(demoRecipients: 12) { app in
                let date = app.today.adding(days: 1).description
                let first = try await app.send(.POST, "/api/v1/visits/generate", json: ["date": date])
                #expect(first.status == .ok)
                let created = try #require(first.object["created"] as? Int)
                #expect(created >= 24, "12 recipients with at least two visits a day")
                let second = try await app.send(.POST, "/api/v1/visits/generate", json: ["date": date])
                #expect(second.object["created"] as? Int == 0)
                #expect(second.object["alreadyPresent"] as? Int == created)
                let listed = try await app.send(.GET, "/api/v1/visits?date=\(date)")
                #expect(listed.array.count == created)
            }
        }

        @Test func expiredDecisionShowsAWarningAndKeepsTheVisit() async throws {
            try await withTilsyn(demoRecipients: 3) { app in
                let decision = try #require(
                    try await DecisionModel.query(on: app.db).filter(\.$serviceType == "homeNursing").first())
                decision.validTo = app.today.adding(days: -3).description
                try await decision.save(on: app.db)
                let measures = try await MeasureModel.query(on: app.db).filter(\.$decision.$id == decision.id!).all()
                let response = try await app.send(
                    .POST, "/api/v1/visits/generate", json: ["date": app.today.description])
                let warnings = response.object["warnings"] as? [[String: Any]] ?? []
                let expired = warnings.filter { $0["kind"] as? String == "decisionExpired" }
                #expect(
                    Set(expired.compactMap { $0["measureId"] as? String }) == Set(measures.map { $0.id!.uuidString }))
                let visits = try await app.send(
                    .GET, "/api/v1/visits?date=\(app.today)&recipient=\(decision.$recipient.id)")
                #expect(!visits.array.isEmpty)
            }
        }

        @Test func badDateIsRejected() async throws {
            try await withTilsyn { app in
                let badQuery = try await app.send(.GET, "/api/v1/visits?date=22.11.2026")
                let badBody = try await app.send(.POST, "/api/v1/visits/generate", json: ["date": "i morgen"])
                #expect(badQuery.status == .unprocessableEntity)
                #expect(badBody.status == .unprocessableEntity)
            }
        }

        @Test func fullDemoHasSixZonesAndTwoToThreeVisitsPerRecipient() async throws {
            try await withTilsyn { app in
                let report = try await TilsynOperations.loadDemo(app, seed: 2026)
                #expect(report.zones == 6)
                #expect(report.recipients == 280)
                let perRecipient = Double(report.visitsToday) / Double(report.recipients)
                #expect(perRecipient >= 2 && perRecipient <= 3)
                await #expect(throws: DemoError.self) { try await TilsynOperations.loadDemo(app, seed: 2026) }
                let zones = try await app.send(.GET, "/api/v1/zones").array
                #expect(zones.count == 6)
                #expect(zones.allSatisfy { ($0["staffCount"] as? Int ?? 99) <= 20 })
                #expect(zones.reduce(0) { $0 + ($1["recipientCount"] as? Int ?? 0) } == 280)
                #expect(zones.reduce(0) { $0 + ($1["visitsToday"] as? Int ?? 0) } == report.visitsToday)
                #expect(zones.allSatisfy { ($0["nurseCount"] as? Int ?? 0) >= 5 })
            }
        }
    }
}
