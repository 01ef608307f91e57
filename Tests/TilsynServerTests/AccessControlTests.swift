import Fluent
import Foundation
import SQLKit
import Testing
import TilsynCore
import Vapor
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct AccessControlTests {
        /// Two zones of the demo and a recipient in each.
        struct TwoZones {
            var zoneA: UUID
            var zoneB: UUID
            var recipientA: UUID
            var recipientB: UUID
        }

        func twoZones(_ app: Application) async throws -> TwoZones {
            let zones = try await ZoneModel.query(on: app.db).sort(\.$name).all()
            let a = try #require(zones.first?.id)
            let b = try #require(zones.last?.id)
            let inA = try #require(try await RecipientModel.query(on: app.db).filter(\.$zone.$id == a).first()?.id)
            let inB = try #require(try await RecipientModel.query(on: app.db).filter(\.$zone.$id == b).first()?.id)
            return TwoZones(zoneA: a, zoneB: b, recipientA: inA, recipientB: inB)
        }

        func events(_ app: Application, recipient: UUID) async throws -> [AuditEventModel] {
            try await AuditEventModel.query(on: app.db).filter(\.$recipientID == recipient).sort(\.$at).all()
        }

        @Test func nurseCannotReadAnotherZoneButCanBreakTheGlassForALimitedTime() async throws {
            try await withTilsyn(demoRecipients: 12) { app in
                let zones = try await twoZones(app)
                let nurse = try await app.makeUser(role: .nurse, zoneID: zones.zoneA)

                let own = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientA)", as: nurse)
                #expect(own.status == .ok)
                #expect(try await events(app, recipient: zones.recipientA).last?.basis == "ownZone")

                let other = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientB)", as: nurse)
                #expect(other.status == .forbidden)
                #expect(other.object["code"] as? String == "accessDenied")
                let denied = try await events(app, recipient: zones.recipientB)
                #expect(denied.map(\.action) == ["denied"])
                #expect(denied.first?.staffID == nurse.staffID)

                let page = try await app.send(.GET, "/recipients/\(zones.recipientB)", as: nurse)
                #expect(page.status == .forbidden)
                #expect(page.text.contains("Be om nødtilgang"))

                let tooShort = try await app.send(
                    .POST, "/api/v1/recipients/\(zones.recipientB)/emergency-access", json: ["reason": "trenger"],
                    as: nurse)
                #expect(tooShort.status == .unprocessableEntity)
                let grant = try await app.send(
                    .POST, "/api/v1/recipients/\(zones.recipientB)/emergency-access",
                    json: ["reason": "Alarm fra bruker, vikarierer for sone B i kveld"], as: nurse)
                #expect(grant.status == .created)
                let opened = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientB)", as: nurse)
                #expect(opened.status == .ok)
                let flagged = try #require(try await events(app, recipient: zones.recipientB).last)
                #expect(flagged.basis == "emergency")
                #expect(flagged.emergencyReason == "Alarm fra bruker, vikarierer for sone B i kveld")

                // Two hours later the grant has run out.
                let stored = try #require(try await EmergencyAccessModel.query(on: app.db).first())
                #expect(abs(stored.expiresAt.timeIntervalSince(stored.grantedAt) - 7200) < 1)
                stored.expiresAt = Date().addingTimeInterval(-1)
                try await stored.save(on: app.db)
                #expect(
                    try await app.send(.GET, "/api/v1/recipients/\(zones.recipientB)", as: nurse).status == .forbidden)

                let review = try await app.send(.GET, "/access-review")
                #expect(review.text.contains("Alarm fra bruker, vikarierer for sone B i kveld"))
            }
        }

        @Test func todaysWorkListOpensARecipientInAnotherZone() async throws {
            try await withTilsyn(demoRecipients: 12) { app in
                let zones = try await twoZones(app)
                let nurse = try await app.makeUser(role: .nurse, zoneID: zones.zoneA)
                _ = try await VisitService(database: app.db, expiryNoticeDays: 14).generate(on: app.today)
                let visit = try #require(
                    try await VisitModel.query(on: app.db).filter(\.$recipient.$id == zones.recipientB).first())
                visit.assignedStaffIDs = [nurse.staffID]
                try await visit.save(on: app.db)
                #expect(try await app.send(.GET, "/api/v1/recipients/\(zones.recipientB)", as: nurse).status == .ok)
                #expect(try await events(app, recipient: zones.recipientB).last?.basis == "workList")
            }
        }

        @Test func allocationOfficerSeesDecisionsButNeverCarePlans() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zones = try await twoZones(app)
                let officer = try await app.makeUser(role: .allocationOfficer, zoneID: nil)
                let decisions = try await app.send(
                    .GET, "/api/v1/recipients/\(zones.recipientA)/decisions", as: officer)
                #expect(decisions.status == .ok)
                let plan = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientA)/care-plan", as: officer)
                #expect(plan.status == .forbidden)
                let glass = try await app.send(
                    .POST, "/api/v1/recipients/\(zones.recipientA)/emergency-access",
                    json: ["reason": "Vil se tiltaksplanen for vurdering"], as: officer)
                #expect(glass.status == .forbidden)
                let page = try await app.send(.GET, "/recipients/\(zones.recipientA)", as: officer)
                #expect(page.status == .ok)
                #expect(page.text.contains("Vedtak"))
                #expect(!page.text.contains("Tiltaksplan"))
            }
        }

        @Test func adminSeesNoHealthData() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zones = try await twoZones(app)
                let admin = try await app.makeUser(role: .admin, zoneID: nil)
                #expect(try await app.send(.GET, "/api/v1/recipients", as: admin).array.isEmpty)
                let read = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientA)", as: admin)
                #expect(read.status == .forbidden)
                #expect(!read.text.contains("nødtilgang"))
                #expect(try await app.send(.GET, "/api/v1/staff", as: admin).status == .ok)
            }
        }

        @Test func careWorkerCannotChangeDecisions() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zones = try await twoZones(app)
                let worker = try await app.makeUser(role: .careWorker, zoneID: zones.zoneA)
                let response = try await app.send(
                    .POST, "/api/v1/recipients/\(zones.recipientA)/decisions",
                    json: ["serviceType": "homeNursing", "hoursPerWeek": 40, "validFrom": "2026-01-01"], as: worker)
                #expect(response.status == .forbidden)
                #expect(response.object["code"] as? String == "forbiddenRole")
                let logged = try await events(app, recipient: zones.recipientA).last
                #expect(logged?.action == "denied")
                #expect(logged?.resource == "POST /api/v1/recipients/:recipientID/decisions")
            }
        }

        @Test func auditLogRejectsUpdateAndDeleteInTheDatabase() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zones = try await twoZones(app)
                _ = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientA)")
                let before = try await AuditEventModel.query(on: app.db).count()
                #expect(before > 0)
                let sql = try #require(app.db as? any SQLDatabase)
                await #expect(throws: (any Error).self) {
                    try await sql.raw("UPDATE audit_events SET actor_name = 'someone else'").run()
                }
                await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_events").run() }
                let after = try await AuditEventModel.query(on: app.db).all()
                #expect(after.count == before)
                #expect(!after.contains { $0.actorName == "someone else" })
            }
        }

        @Test func recipientsAccessLogListsExactlyTheAccessesMade() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zones = try await twoZones(app)
                let nurse = try await app.makeUser(role: .nurse, zoneID: zones.zoneA)
                let outsider = try await app.makeUser(role: .careWorker, zoneID: zones.zoneB)
                _ = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientA)", as: nurse)
                _ = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientA)/care-plan", as: nurse)
                _ = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientA)", as: outsider)

                let log = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientA)/access-log").array
                #expect(log.map { $0["action"] as? String } == ["Leste", "Leste", "Ble nektet tilgang"])
                #expect(
                    log.map { $0["what"] as? String } == [
                        "personopplysninger og kontakter", "tiltaksplan og besøk", "personopplysninger og kontakter",
                    ])
                #expect(log.map { ($0["who"] as? String)?.hasPrefix("Test ") } == [true, true, true])

                // Reading the log is itself an access, and shows up the next time.
                let again = try await app.send(.GET, "/api/v1/recipients/\(zones.recipientA)/access-log").array
                #expect(again.count == 4)

                let csv = try await app.send(.GET, "/recipients/\(zones.recipientA)/access-log.csv")
                #expect(csv.headers.contentType?.subType == "csv")
                #expect(csv.text.split(separator: "\r\n").count == 1 + 5)
                let letter = try await app.send(.GET, "/recipients/\(zones.recipientA)/access-log/print")
                #expect(letter.text.contains("Hvem har sett journalen din"))

                let nurseAsks = try await app.send(
                    .GET, "/api/v1/recipients/\(zones.recipientA)/access-log", as: nurse)
                #expect(nurseAsks.status == .forbidden, "only leaders produce access logs")
            }
        }
    }
}
