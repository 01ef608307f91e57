import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct DeviationTests {
        @Test func anonymousToColleaguesButNotToTheLeaderOrTheRecord() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let recipient = try #require(try await RecipientModel.query(on: app.db).first())
                let zone = recipient.$zone.id
                let reporter = try await app.makeUser(role: .careWorker, zoneID: zone)
                let colleague = try await app.makeUser(role: .careWorker, zoneID: zone)
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zone)
                let elsewhere = try await ZoneModel.query(on: app.db).all().first { $0.id != zone }
                let stranger = try await app.makeUser(role: .careWorker, zoneID: elsewhere?.id)

                let filed = try await app.send(
                    .POST, "/deviations",
                    json: [
                        "what": "Medisindosett manglet kveldsdosen", "place": "Kjøkkenet",
                        "recipient": recipient.id!.uuidString,
                        "category": "medication", "severity": "high", "anonymous": "on",
                    ], as: reporter)
                #expect(filed.status == .seeOther)
                let deviation = try #require(try await DeviationModel.query(on: app.db).first())
                #expect(deviation.$reporter.id == reporter.staffID, "the record always knows who")
                #expect(deviation.anonymousToColleagues && deviation.$zone.id == zone)
                #expect(deviation.followUpBy.timeIntervalSince(deviation.reportedAt) == 3 * 86_400)

                let seenByColleague = try await app.send(.GET, "/deviations", as: colleague).text
                #expect(seenByColleague.contains("Medisindosett manglet"))
                #expect(seenByColleague.contains("<td>Anonym</td>"), "the reporter column hides who")
                let seenByLeader = try await app.send(.GET, "/deviations/\(deviation.id!)", as: leader).text
                #expect(seenByLeader.contains("Test careWorker (anonym for kolleger)"))
                #expect(
                    try await app.send(.GET, "/deviations/\(deviation.id!)", as: reporter).text.contains("Deg (anonym"))
                let strangers = try await app.send(.GET, "/deviations/\(deviation.id!)", as: stranger).status
                #expect(strangers == .forbidden || strangers == .notFound, "not another zone's deviation")
                #expect(
                    try await app.send(
                        .POST, "/deviations/\(deviation.id!)/assess", json: ["assessment": "x", "action": "y"],
                        as: colleague
                    )
                    .status == .forbidden, "only leaders follow up")
            }
        }

        @Test func theLeaderAssessesActsAndClosesWithWhatWasLearned() async throws {
            try await withTilsyn(demoRecipients: 5) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).first())
                let reporter = try await app.makeUser(role: .nurse, zoneID: zone.id)
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zone.id)
                _ = try await app.send(
                    .POST, "/deviations",
                    json: ["what": "Rullator med løs brems", "category": "equipment", "severity": "low"],
                    as: reporter)
                let deviation = try #require(try await DeviationModel.query(on: app.db).first())
                let missing = try await app.send(
                    .POST, "/deviations/\(deviation.id!)/assess", json: ["assessment": "Farlig"],
                    headers: ["Accept": "application/json"], as: leader)
                #expect(missing.status == .unprocessableEntity && missing.object["field"] as? String == "action")
                #expect(try await DeviationModel.find(deviation.id, on: app.db)?.status == "open", "nothing changed")
                _ = try await app.send(
                    .POST, "/deviations/\(deviation.id!)/assess",
                    json: ["assessment": "Fallfare", "action": "Hjelpemiddelsentralen bestilt"], as: leader)
                _ = try await app.send(
                    .POST, "/deviations/\(deviation.id!)/close", json: ["learned": "Sjekk hjelpemidler ved oppstart"],
                    as: leader)
                let closed = try #require(try await DeviationModel.find(deviation.id, on: app.db))
                #expect(closed.status == "closed" && closed.learned == "Sjekk hjelpemidler ved oppstart")
                #expect(closed.$handledBy.id == leader.staffID && closed.assessedAt != nil && closed.closedAt != nil)
            }
        }

        @Test func overdueDeviationsStandOutAndBadReportsChangeNothing() async throws {
            try await withTilsyn(demoRecipients: 5) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).first())
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zone.id)
                _ = try await app.send(
                    .POST, "/deviations",
                    json: ["what": "Nøkkel ikke levert tilbake", "category": "routine", "severity": "critical"],
                    as: leader)
                let deviation = try #require(try await DeviationModel.query(on: app.db).first())
                #expect(!deviation.isOverdue())
                #expect(deviation.isOverdue(now: Date().addingTimeInterval(2 * 86_400)), "critical: one day")
                deviation.followUpBy = Date().addingTimeInterval(-60)
                try await deviation.save(on: app.db)
                let list = try await app.send(.GET, "/deviations", as: leader).text
                #expect(list.contains("1 på overtid"))

                for bad: [String: Any] in [
                    ["what": "", "category": "routine", "severity": "low"],
                    ["what": "Noe skjedde", "category": "ukjent", "severity": "low"],
                    [
                        "what": "Noe skjedde", "category": "routine", "severity": "low",
                        "occurredAt": "2999-01-01T10:00",
                    ],
                ] {
                    let refused = try await app.send(
                        .POST, "/deviations", json: bad, headers: ["Accept": "application/json"], as: leader)
                    #expect(refused.status == .unprocessableEntity)
                }
                #expect(try await DeviationModel.query(on: app.db).count() == 1)
            }
        }
    }
}
