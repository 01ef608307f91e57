import Fluent
import Foundation
import SCAIP
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct AlarmIntakeTests {
        func device(_ app: Application, voice: Bool = true) async throws -> AlarmDeviceModel {
            let device = AlarmDeviceModel()
            device.controllerID = "4711"
            device.description = "Trygghetsalarm"
            device.requiresAuthentication = true
            device.heartbeatMinutes = 60
            device.createdAt = Date()
            try await device.save(on: app.db)
            return device
        }

        func alarm(
            _ reference: String = "R1", voice: Bool, type: SCAIPMessageType = .event, status: Int? = 10
        )
            -> SCAIPRequest
        {
            var request = SCAIPRequest(
                reference: reference, controllerID: "4711", deviceType: 3, messageType: type, statusCode: status)
            request.voiceContacts = [voice ? "sip:4711@device" : "no-voice:"]
            return request
        }

        @Test func aVoiceAlarmIsHeldThenAnsweredWithoutVoiceWhenNobodyTakesIt() async throws {
            try await withTilsyn { app in
                var settings = AlarmSettings()
                settings.holdSeconds = 60
                let intake = AlarmIntake(database: app.db, settings: settings)
                let sender = AlarmIntake.Sender(device: try await device(app), authenticated: true, path: "sip-udp")
                let start = Date()
                let first = try await intake.receive(alarm(voice: true), body: "<mrq/>", from: sender, now: start)
                #expect(first.code == .hold)
                // The device polls with the same ref: still held, still one alarm.
                let poll = try await intake.receive(
                    alarm(voice: true), body: "<mrq/>", from: sender, now: start.addingTimeInterval(30))
                #expect(poll.code == .hold)
                let late = try await intake.receive(
                    alarm(voice: true), body: "<mrq/>", from: sender, now: start.addingTimeInterval(61))
                #expect(late.code == .handled && late.voice == SCAIPVoiceMode.none)
                let events = try await AlarmEventModel.query(on: app.db).all()
                #expect(events.count == 1)
                #expect(events.first?.state == AlarmState.escalated.rawValue && events.first?.repeats == 2)
                let steps = try await AlarmStepModel.query(on: app.db).all().map(\.kind)
                #expect(steps.sorted() == ["escalated", "received"])
            }
        }

        @Test func aTakenAlarmGetsVoiceOrTheCallBackItAskedFor() async throws {
            try await withTilsyn { app in
                let intake = AlarmIntake(database: app.db, settings: AlarmSettings())
                let sender = AlarmIntake.Sender(device: try await device(app), authenticated: true, path: "sip-tcp")
                _ = try await intake.receive(alarm(voice: true), body: "", from: sender)
                let event = try #require(try await AlarmEventModel.query(on: app.db).first())
                event.state = AlarmState.taken.rawValue
                try await event.save(on: app.db)
                let answer = try await intake.receive(alarm(voice: true), body: "", from: sender)
                #expect(answer.code == .handled && answer.voice == .duplex)

                var callback = alarm("R2", voice: true)
                callback.callbackRequested = true
                _ = try await intake.receive(callback, body: "", from: sender)
                let second = try #require(
                    try await AlarmEventModel.query(on: app.db).filter(\.$reference == "R2").first())
                second.state = AlarmState.taken.rawValue
                try await second.save(on: app.db)
                let callbackAnswer = try await intake.receive(callback, body: "", from: sender)
                #expect(callbackAnswer.callback == 10)
            }
        }

        @Test func aSilentDeviceRaisesOneTechnicalAlarmPerSilence() async throws {
            try await withTilsyn { app in
                let intake = AlarmIntake(database: app.db, settings: AlarmSettings())
                let device = try await device(app)
                let start = Date()
                #expect(try await intake.superviseHeartbeats(now: start) == 0, "never heard: not in service yet")
                let beat = alarm("H1", voice: false, type: .heartbeat, status: nil)
                _ = try await intake.receive(
                    beat, body: "", from: .init(device: device, authenticated: true, path: "sip-udp"), now: start)
                #expect(try await intake.superviseHeartbeats(now: start.addingTimeInterval(119 * 60)) == 0)
                #expect(try await intake.superviseHeartbeats(now: start.addingTimeInterval(121 * 60)) == 1)
                #expect(try await intake.superviseHeartbeats(now: start.addingTimeInterval(180 * 60)) == 0, "once")
                let event = try #require(try await AlarmEventModel.query(on: app.db).first())
                #expect(event.category == "technical" && event.state == "queued" && event.path == "supervision")
            }
        }

        @Test func heartbeatsTechnicalEventsResetsAndInformation() async throws {
            try await withTilsyn { app in
                let intake = AlarmIntake(database: app.db, settings: AlarmSettings())
                let device = try await device(app)
                let sender = AlarmIntake.Sender(device: device, authenticated: true, path: "sip-udp")
                var heartbeat = alarm("H1", voice: false, type: .heartbeat, status: 9)
                heartbeat.acceptsHeartbeatInterval = true
                let beat = try await intake.receive(heartbeat, body: "", from: sender)
                #expect(beat.code == .handled && beat.heartbeatMinutes == 60)
                #expect(try await AlarmEventModel.query(on: app.db).count() == 0, "a heartbeat is no event")
                #expect(try await AlarmDeviceModel.find(device.id, on: app.db)?.lastHeardAt != nil)

                _ = try await intake.receive(alarm("B1", voice: false, status: 16), body: "", from: sender)
                _ = try await intake.receive(alarm("T1", voice: false, status: 102), body: "", from: sender)
                _ = try await intake.receive(alarm("A1", voice: false), body: "", from: sender)
                let reset = try await intake.receive(alarm("A1", voice: false, type: .reset), body: "", from: sender)
                #expect(reset.code == .handled)
                let events = Dictionary(
                    uniqueKeysWithValues: try await AlarmEventModel.query(on: app.db).all().map { ($0.reference, $0) })
                #expect(events["B1"]?.category == "technical" && events["B1"]?.state == "queued")
                #expect(events["T1"]?.category == "information" && events["T1"]?.state == "recorded")
                #expect(events["A1"]?.state == "withdrawn", "a reset keeps the alarm, marked withdrawn")
                // An unknown status code is treated as an alarm: never miss one.
                _ = try await intake.receive(alarm("U1", voice: false, status: 4242), body: "", from: sender)
                #expect(
                    try await AlarmEventModel.query(on: app.db).filter(\.$reference == "U1").first()?.category
                        == "emergency")
            }
        }
    }
}
