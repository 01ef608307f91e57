import Fluent
import Foundation
import SCAIP
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct AlarmStatisticsTests {
        @Test func countsSharesAndTimesFromAlarm() async throws {
            try await withTilsyn(demoRecipients: 5) { app in
                let recipient = try #require(try await RecipientModel.query(on: app.db).first())
                let intake = AlarmIntake(database: app.db, settings: AlarmSettings())
                let start = Date().addingTimeInterval(-3600)
                for (reference, status) in [("A", 10), ("B", 10), ("C", 16)] {
                    var request = SCAIPRequest(
                        reference: reference, controllerID: "1", deviceType: 3, statusCode: status)
                    request.voiceContacts = ["no-voice:"]
                    _ = try await intake.receive(
                        request, body: "", from: .init(device: nil, authenticated: false, path: "sip-udp"), now: start)
                }
                let events = Dictionary(
                    uniqueKeysWithValues: try await AlarmEventModel.query(on: app.db).all().map { ($0.reference, $0) })
                let a = try #require(events["A"])
                a.$recipient.id = recipient.id
                a.takenAt = start.addingTimeInterval(120)
                a.closedAt = start.addingTimeInterval(600)
                a.closeCause = "notEmergency"
                a.state = "closed"
                try await a.save(on: app.db)
                let b = try #require(events["B"])
                b.$recipient.id = recipient.id
                b.takenAt = start.addingTimeInterval(240)
                b.dispatchedAt = start.addingTimeInterval(360)
                b.onSiteAt = start.addingTimeInterval(1200)
                b.closedAt = start.addingTimeInterval(1800)
                b.closeCause = "helped"
                b.state = "closed"
                try await b.save(on: app.db)

                let page = try await app.send(.GET, "/alarms/statistics")
                #expect(page.status == .ok)
                let text = page.text
                #expect(text.contains("<dd>3</dd>") && text.contains("<dd>2</dd>"), "3 events, 2 alarms")
                #expect(text.contains("<dd>50 %</dd>"), "one of two closed alarms was not an emergency")
                #expect(text.contains("<td>Til tatt av operatør</td><td>2</td><td>4</td><td>4</td>"))
                #expect(text.contains("<td>Til ansatt på stedet</td><td>1</td><td>20</td><td>20</td>"))
                #expect(text.contains("\(recipient.givenName) \(recipient.familyName): 2"))
                #expect(text.contains("<svg"))

                let csv = try await app.send(.GET, "/alarms/statistics.csv")
                #expect(csv.headers.contentType?.subType == "csv")
                let lines = csv.text.split(separator: "\r\n")
                #expect(lines.count == 4)
                #expect(lines.contains { $0.contains("notEmergency") && $0.contains(";2.0;") })
                let bad = try await app.send(
                    .GET, "/alarms/statistics?from=i%20går", headers: ["Accept": "application/json"])
                #expect(bad.status == .unprocessableEntity)
            }
        }
    }
}

extension ServerTests {
    @Suite struct AlarmDeviceRegisterTests {
        @Test func aLeaderRegistersADeviceForARecipientAndBadInputChangesNothing() async throws {
            try await withTilsyn(demoRecipients: 5) { app in
                let recipient = try #require(try await RecipientModel.query(on: app.db).first())
                var form: [String: Any] = [
                    "recipient": recipient.id!.uuidString, "controllerID": "5512", "description": "Dørsensor",
                    "heartbeatMinutes": "30", "password": "hemmelig-passord", "requiresAuthentication": "on",
                ]
                // The form's post is sent on to the recipient's path, method and body kept.
                let routed = try await app.send(.POST, "/alarm-devices", json: form)
                #expect(routed.status == .temporaryRedirect)
                #expect(routed.headers.first(name: .location) == "/recipients/\(recipient.id!)/alarm-devices")
                let created = try await app.send(.POST, "/recipients/\(recipient.id!)/alarm-devices", json: form)
                #expect(created.status == .seeOther)
                let device = try #require(
                    try await AlarmDeviceModel.query(on: app.db).filter(\.$controllerID == "5512").first())
                #expect(device.$recipient.id == recipient.id && device.heartbeatMinutes == 30)
                #expect(device.requiresAuthentication && device.digestHA1 != nil)
                #expect(device.digestHA1 != "hemmelig-passord", "only the Digest hash is kept")
                let list = try await app.send(.GET, "/alarm-devices")
                #expect(list.text.contains("5512") && list.text.contains("Dørsensor"))

                let again = try await app.send(
                    .POST, "/recipients/\(recipient.id!)/alarm-devices", json: form,
                    headers: ["Accept": "application/json"])
                #expect(again.status == .conflict)
                form["controllerID"] = "55a"
                let bad = try await app.send(
                    .POST, "/recipients/\(recipient.id!)/alarm-devices", json: form,
                    headers: ["Accept": "application/json"])
                #expect(bad.status == .unprocessableEntity && bad.object["field"] as? String == "controllerID")
                #expect(try await AlarmDeviceModel.query(on: app.db).count() == 1)
            }
        }
    }
}
