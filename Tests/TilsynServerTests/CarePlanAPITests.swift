import Fluent
import Foundation
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct CarePlanAPITests {
        /// A recipient of the small demo and their home-nursing decision.
        func recipientAndDecision(_ app: Application) async throws -> (recipient: UUID, decision: UUID) {
            let decision = try #require(
                try await DecisionModel.query(on: app.db).filter(\.$serviceType == "homeNursing").first())
            return (decision.$recipient.id, decision.id!)
        }

        func measureBody(decision: UUID, windows: [[String: String]]) -> [String: Any] {
            [
                "title": "Øyedråper", "decisionId": decision.uuidString, "weekdays": ["monday", "thursday"],
                "windows": windows, "durationMinutes": 10, "requiredCompetences": ["medication"],
            ]
        }

        @Test func measureWithWindowEndingBeforeItStartsIsRejected() async throws {
            try await withTilsyn(demoRecipients: 4) { app in
                let (recipient, decision) = try await recipientAndDecision(app)
                let before = try await MeasureModel.query(on: app.db).count()
                let response = try await app.send(
                    .POST, "/api/v1/recipients/\(recipient)/care-plan/measures",
                    json: measureBody(decision: decision, windows: [["start": "10:00", "end": "09:00"]]))
                #expect(response.status == .unprocessableEntity)
                #expect(response.object["field"] as? String == "windows[0]")
                #expect(response.object["code"] as? String == "window.endBeforeStart")
                #expect(try await MeasureModel.query(on: app.db).count() == before)
            }
        }

        @Test func malformedTimeIsRejectedWithItsField() async throws {
            try await withTilsyn(demoRecipients: 4) { app in
                let (recipient, decision) = try await recipientAndDecision(app)
                let response = try await app.send(
                    .POST, "/api/v1/recipients/\(recipient)/care-plan/measures",
                    json: measureBody(decision: decision, windows: [["start": "25:00", "end": "26:00"]]))
                #expect(response.status == .unprocessableEntity)
                #expect((response.object["field"] as? String)?.hasPrefix("windows[0]") == true)
            }
        }

        @Test func measureChangesAndEndingKeepEveryVersion() async throws {
            try await withTilsyn(demoRecipients: 4) { app in
                let (recipient, decision) = try await recipientAndDecision(app)
                let created = try await app.send(
                    .POST, "/api/v1/recipients/\(recipient)/care-plan/measures",
                    json: measureBody(decision: decision, windows: [["start": "08:00", "end": "09:00"]]))
                #expect(created.status == .created)
                let id = try #require(created.object["id"] as? String)

                var changed = measureBody(decision: decision, windows: [["start": "08:00", "end": "10:00"]])
                changed["reason"] = "Legen har endret tidspunkt"
                let updated = try await app.send(.PUT, "/api/v1/measures/\(id)", json: changed)
                #expect(updated.status == .ok)
                #expect(updated.object["version"] as? Int == 2)

                let noReason = try await app.send(.POST, "/api/v1/measures/\(id)/end", json: [String: String]())
                #expect(noReason.status == .unprocessableEntity)
                let ended = try await app.send(
                    .POST, "/api/v1/measures/\(id)/end", json: ["reason": "Behandling avsluttet"])
                #expect(ended.object["isActive"] as? Bool == false)

                let history = try await app.send(.GET, "/api/v1/measures/\(id)/history").array
                #expect(history.map { $0["change"] as? String } == ["created", "updated", "ended"])
                #expect((history[0]["snapshot"] as? String)?.contains("09:00") == true)
                let plan = try await app.send(.GET, "/api/v1/recipients/\(recipient)/care-plan")
                let measures = plan.object["measures"] as? [[String: Any]] ?? []
                #expect(measures.contains { $0["id"] as? String == id && $0["isActive"] as? Bool == false })
            }
        }

        @Test func measureCannotUseAnotherRecipientsDecision() async throws {
            try await withTilsyn(demoRecipients: 4) { app in
                let decisions = try await DecisionModel.query(on: app.db).all()
                let first = try #require(decisions.first)
                let other = try #require(decisions.first { $0.$recipient.id != first.$recipient.id })
                let response = try await app.send(
                    .POST, "/api/v1/recipients/\(first.$recipient.id)/care-plan/measures",
                    json: measureBody(decision: other.id!, windows: [["start": "08:00", "end": "09:00"]]))
                #expect(response.status == .unprocessableEntity)
                #expect(response.object["field"] as? String == "decisionId")
            }
        }

        @Test func decisionUpdateNeedsReasonAndKeepsHistory() async throws {
            try await withTilsyn(demoRecipients: 4) { app in
                let (recipient, _) = try await recipientAndDecision(app)
                let created = try await app.send(
                    .POST, "/api/v1/recipients/\(recipient)/decisions",
                    json: ["serviceType": "practicalAssistance", "hoursPerWeek": 2, "validFrom": "2026-01-01"])
                #expect(created.status == .created)
                let id = try #require(created.object["id"] as? String)

                let badPeriod = try await app.send(
                    .PUT, "/api/v1/decisions/\(id)",
                    json: [
                        "serviceType": "practicalAssistance", "hoursPerWeek": 2, "validFrom": "2026-01-01",
                        "validTo": "2025-12-01", "reason": "Ny periode",
                    ])
                #expect(badPeriod.status == .unprocessableEntity)
                #expect(badPeriod.object["field"] as? String == "validTo")

                let renewed = try await app.send(
                    .PUT, "/api/v1/decisions/\(id)",
                    json: [
                        "serviceType": "practicalAssistance", "hoursPerWeek": 3.5, "validFrom": "2026-01-01",
                        "validTo": "2026-12-31", "reason": "Økt behov etter revurdering",
                    ])
                #expect(renewed.status == .ok)
                #expect(renewed.object["hoursPerWeek"] as? Double == 3.5)
                let history = try await app.send(.GET, "/api/v1/decisions/\(id)/history").array
                #expect(history.count == 2)
                #expect((history[0]["snapshot"] as? String)?.contains("\"hoursPerWeek\":2") == true)
            }
        }

        @Test func badDateIs422() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let (recipient, _) = try await recipientAndDecision(app)
                let response = try await app.send(
                    .POST, "/api/v1/recipients/\(recipient)/decisions",
                    json: ["serviceType": "homeNursing", "hoursPerWeek": 2, "validFrom": "2026-13-01"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.object["field"] as? String == "validFrom")
            }
        }
    }
}
