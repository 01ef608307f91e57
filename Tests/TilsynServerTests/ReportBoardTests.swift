import Fluent
import Foundation
import SCAIP
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct ReportBoardTests {
        @Test func theAgendaPutsPriorityRecipientsOnTopAndShowsOnlyWhatChangedSinceTheLastReport() async throws {
            try await withTilsyn(demoRecipients: 20, signedInAs: .unitLeader) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let recipients = try await RecipientModel.query(on: app.db).filter(\.$zone.$id == zone.id!).all()
                try #require(recipients.count >= 3)
                let (a, b, c) = (recipients[0], recipients[1], recipients[2])
                let me = try #require(app.testCredentials?.staffID)
                // C: a decision ending in five days; B: a serious deviation; A: an alarm.
                let decision = try #require(
                    try await DecisionModel.query(on: app.db).filter(\.$recipient.$id == c.id!).first())
                decision.validTo = app.today.adding(days: 5).description
                try await decision.save(on: app.db)
                try await app.fileDeviation(
                    zone: zone.id, recipient: b.id, by: me, what: "Fall", category: "fall", severity: "high",
                    followUpInDays: 3)
                let device = AlarmDeviceModel()
                device.controllerID = "4711"
                device.$recipient.id = a.id
                device.description = "Trygghetsalarm"
                device.requiresAuthentication = true
                device.createdAt = Date()
                try await device.save(on: app.db)
                _ = try await AlarmIntake(database: app.db, settings: AlarmSettings()).receive(
                    SCAIPRequest(reference: "R1", controllerID: "4711", deviceType: 3), body: "",
                    from: .init(device: device, authenticated: true, path: "sip-udp"))

                let text = try await app.send(.GET, "/report?zone=\(zone.id!)").text
                let positions = [a, b, c].map { recipient in
                    text.range(of: "\(recipient.givenName) \(recipient.familyName), \(recipient.street)")?.lowerBound
                }
                #expect(positions.allSatisfy { $0 != nil }, "all three on the agenda")
                #expect(
                    positions[0]! < positions[1]! && positions[1]! < positions[2]!,
                    "alarm, then deviation, then decision")
                #expect(text.contains("Vedtak utløper \(app.today.adding(days: 5))"))

                // Two reports later, the alarm (from before the first) is no longer new.
                let event = try #require(try await AlarmEventModel.query(on: app.db).first())
                event.receivedAt = Date().addingTimeInterval(-3600)
                try await event.save(on: app.db)
                for _ in 0..<2 {
                    _ = try await app.send(
                        .POST, "/report/meetings", json: ["zone": zone.id!.uuidString, "kind": "morning"])
                }
                let later = try await app.send(.GET, "/report?zone=\(zone.id!)").text
                #expect(!later.contains("Alarm (åpen)"), "only what changed since the last report")
                #expect(later.contains("Avvik: fall (høy)"), "open deviations stay until closed")
            }
        }

        @Test func actionPointsAreCarriedUntilDoneAndASilentReportIsAcknowledged() async throws {
            try await withTilsyn(demoRecipients: 5) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zone.id)
                let nurse = try await app.makeUser(role: .nurse, zoneID: zone.id)
                let form = ["zone": zone.id!.uuidString]
                _ = try await app.send(
                    .POST, "/report/meetings", json: form.merging(["kind": "morning"]) { a, _ in a }, as: leader)
                for text in ["Ring fastlegen om blodtrykk", "Bestill sykeseng"] {
                    let added = try await app.send(
                        .POST, "/report/actions",
                        json: [
                            "zone": zone.id!.uuidString, "text": text, "owner": nurse.staffID.uuidString,
                            "due": "2030-01-01T12:00",
                        ],
                        as: leader)
                    #expect(added.status == .seeOther)
                }
                let bad = try await app.send(
                    .POST, "/report/actions",
                    json: [
                        "zone": zone.id!.uuidString, "text": "x", "owner": nurse.staffID.uuidString, "due": "i morgen",
                    ],
                    headers: ["Accept": "application/json"], as: leader)
                #expect(bad.status == .unprocessableEntity)
                let first = try #require(
                    try await ActionPointModel.query(on: app.db).filter(\.$text == "Ring fastlegen om blodtrykk")
                        .first())
                _ = try await app.send(.POST, "/report/actions/\(first.id!)/done", json: [:], as: nurse)

                _ = try await app.send(
                    .POST, "/report/meetings",
                    json: ["zone": zone.id!.uuidString, "kind": "afterLunch", "silent": "on"], as: leader)
                let board = try await app.send(.GET, "/report?zone=\(zone.id!)", as: nurse).text
                #expect(!board.contains("Ring fastlegen om blodtrykk"), "done points leave the board")
                #expect(
                    board.contains("Bestill sykeseng") && board.contains("fra forrige rapport"),
                    "open points are carried")
                #expect(board.contains("Jeg har lest"))
                let meeting = try #require(
                    try await ReportMeetingModel.query(on: app.db).filter(\.$silent == true).first())
                _ = try await app.send(.POST, "/report/meetings/\(meeting.id!)/read", json: [:], as: nurse)
                _ = try await app.send(.POST, "/report/meetings/\(meeting.id!)/read", json: [:], as: nurse)
                #expect(try await ReportAcknowledgementModel.query(on: app.db).count() == 1, "read once")
                let after = try await app.send(.GET, "/report?zone=\(zone.id!)", as: leader).text
                #expect(after.contains("Lest av: Test nurse"))
                #expect(
                    try await app.send(
                        .POST, "/report/meetings", json: ["zone": zone.id!.uuidString, "kind": "morning"], as: nurse
                    )
                    .status == .forbidden, "leaders start reports")
            }
        }
    }
}

extension ServerTests {
    /// Issue #28: the board shows each reader only the parts of a record they may see, and logs those.
    @Suite struct ReportBoardAccessTests {
        @Test func eachReaderSeesOnlyThePartsTheyMaySeeAndTheLogNamesThem() async throws {
            try await withTilsyn(demoRecipients: 20, signedInAs: .unitLeader) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let recipients = try await RecipientModel.query(on: app.db).filter(\.$zone.$id == zone.id!).all()
                try #require(recipients.count >= 2)
                let (a, b) = (recipients[0], recipients[1])
                let me = try #require(app.testCredentials?.staffID)
                // A: a deviation (a report part); B: a task with free text (care plan).
                try await app.fileDeviation(
                    zone: zone.id, recipient: a.id, by: me, what: "Fall", category: "fall", severity: "high",
                    followUpInDays: 3)
                let task = CareTaskModel()
                task.clientID = "board-task"
                task.$zone.id = zone.id!
                task.$recipient.id = b.id
                task.kind = "bookDoctor"
                task.text = "Hemmelig notat"
                task.ownerID = me
                task.dueAt = Date().addingTimeInterval(3600)
                task.createdBy = me
                task.createdAt = Date()
                try await task.save(on: app.db)

                let leader = try await app.send(.GET, "/report?zone=\(zone.id!)").text
                #expect(leader.contains("Avvik: fall (høy)") && leader.contains("Hemmelig notat"))

                // The alarm operator of the zone: care plans yes (the task), reports no (the deviation).
                let operatorOfZone = try await app.makeUser(role: .alarmOperator, zoneID: zone.id)
                let seen = try await app.send(.GET, "/report?zone=\(zone.id!)", as: operatorOfZone)
                #expect(seen.status == .ok)
                #expect(!seen.text.contains("Avvik: fall"))
                let logged = try await AuditEventModel.query(on: app.db).filter(\.$staffID == operatorOfZone.staffID)
                    .filter(\.$action == "list").all()
                #expect(!logged.isEmpty)
                #expect(logged.allSatisfy { !$0.parts.contains("reports") }, "no report part was shown or logged")
                #expect(logged.first { $0.recipientID == b.id }?.parts == "keyFacts,carePlan")

                // Without a zone there is no zone to pick, least of all any zone.
                let officer = try await app.makeUser(role: .allocationOfficer, zoneID: nil)
                let refused = try await app.send(.GET, "/report?zone=\(zone.id!)", as: officer)
                #expect(refused.status == .forbidden)
            }
        }
    }
}
