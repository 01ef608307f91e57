import Fluent
import Foundation
import SCAIP
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct AlarmConsoleTests {
        /// An alarm from a device in a demo recipient's home, received through the intake.
        func alarm(_ app: Application, voice: Bool = true) async throws -> (AlarmEventModel, RecipientModel) {
            let recipient = try #require(try await RecipientModel.query(on: app.db).first())
            let device = AlarmDeviceModel()
            device.controllerID = "4711"
            device.$recipient.id = recipient.id
            device.description = "Trygghetsalarm"
            device.keySafe = "Boks ved døra"
            device.requiresAuthentication = true
            device.createdAt = Date()
            try await device.save(on: app.db)
            var request = SCAIPRequest(reference: "C1", controllerID: "4711", deviceType: 3, statusCode: 10)
            request.voiceContacts = [voice ? "sip:4711@device" : "no-voice:"]
            _ = try await AlarmIntake(database: app.db, settings: AlarmSettings()).receive(
                request, body: "", from: .init(device: device, authenticated: true, path: "sip-udp"))
            return (try #require(try await AlarmEventModel.query(on: app.db).first()), recipient)
        }

        @Test func anOperatorSeesTheQueueTakesAnAlarmAndClosesItWithACause() async throws {
            try await withTilsyn(demoRecipients: 20, signedInAs: .alarmOperator) { app in
                let (event, recipient) = try await alarm(app)
                let version = try await app.send(.GET, "/alarms/version").object["version"] as? String
                let queue = try await app.send(.GET, "/alarms")
                #expect(queue.status == .ok)
                #expect(queue.text.contains("Alarm (utløst manuelt)"))
                #expect(queue.text.contains("\(recipient.givenName) \(recipient.familyName)"))

                let detail = try await app.send(.GET, "/alarms/\(event.id!)")
                #expect(detail.text.contains(recipient.street))
                #expect(detail.text.contains("Boks ved døra"))
                #expect(detail.text.contains("Ta alarmen"))

                #expect(try await app.send(.POST, "/alarms/\(event.id!)/take", json: [:]).status == .seeOther)
                let taken = try #require(try await AlarmEventModel.find(event.id, on: app.db))
                #expect(taken.state == "taken" && taken.takenAt != nil)
                // The device's next poll hears that an operator has it and can talk.
                var poll = SCAIPRequest(reference: "C1", controllerID: "4711", deviceType: 3, statusCode: 10)
                poll.voiceContacts = ["sip:4711@device"]
                let answer = try await AlarmIntake(database: app.db, settings: AlarmSettings()).receive(
                    poll, body: "", from: .init(device: nil, authenticated: true, path: "sip-udp"))
                #expect(answer.code == .handled && answer.voice == .duplex)
                let again = try await app.send(
                    .POST, "/alarms/\(event.id!)/take", json: [:], headers: ["Accept": "application/json"])
                #expect(again.status == .conflict, "two operators cannot both take it")

                let badCause = try await app.send(
                    .POST, "/alarms/\(event.id!)/close", json: ["cause": "fordi"],
                    headers: ["Accept": "application/json"])
                #expect(badCause.status == .unprocessableEntity)
                #expect(
                    try await app.send(.POST, "/alarms/\(event.id!)/close", json: ["cause": "falseAlarm"]).status
                        == .seeOther)
                let closed = try #require(try await AlarmEventModel.find(event.id, on: app.db))
                #expect(closed.state == "closed" && closed.closeCause == "falseAlarm")
                let steps = try await AlarmStepModel.query(on: app.db).filter(\.$event.$id == event.id!).all()
                #expect(Set(steps.map(\.kind)) == ["received", "taken", "closed"])
                #expect(steps.filter { $0.kind != "received" }.allSatisfy { $0.$staff.id != nil }, "who did it")
                let later = try await app.send(.GET, "/alarms/version").object["version"] as? String
                #expect(version != later, "the queue's version changes with every step")
                // Reading the alarm was audited as a read of the recipient's key facts.
                let audited = try await AuditEventModel.query(on: app.db).filter(\.$recipientID == recipient.id!)
                    .count()
                #expect(audited > 0)
            }
        }

        @Test func visitingStaffCannotOpenTheConsole() async throws {
            try await withTilsyn(demoRecipients: 5, signedInAs: .careWorker) { app in
                let response = try await app.send(.GET, "/alarms")
                #expect(response.status == .forbidden)
            }
        }
    }
}
