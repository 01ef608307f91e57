import Fluent
import Foundation
import SCAIP
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct SensorEventsTests {
        @Test func aSensorReportsOverHTTPWithItsPassword() async throws {
            try await withTilsyn(signedInAs: nil) { app in
                let device = AlarmDeviceModel()
                device.controllerID = "5500"
                device.description = "Falldetektor"
                device.digestHA1 = DigestAuthentication.ha1(username: "5500", realm: "tilsyn", password: "hemmelig")
                device.requiresAuthentication = true
                device.createdAt = Date()
                try await device.save(on: app.db)
                func post(_ body: [String: Any], password: String = "hemmelig") async throws -> TestingHTTPResponse {
                    let credentials = Data("5500:\(password)".utf8).base64EncodedString()
                    return try await app.send(
                        .POST, "/api/v1/sensor-events", json: body,
                        headers: ["Authorization": "Basic \(credentials)", "Accept": "application/json"])
                }
                let fall: [String: Any] = [
                    "reference": "F1", "deviceType": 5, "statusCode": 9, "position": "69.65,18.95",
                ]
                let first = try await post(fall)
                #expect(first.status == .created)
                #expect(first.object["snu"] as? Int == 0)
                #expect(try await post(fall).status == .created, "a repeat is the same event")
                let events = try await AlarmEventModel.query(on: app.db).all()
                #expect(events.count == 1 && events.first?.repeats == 1 && events.first?.path == "http")

                let wrong = try await post(["reference": "F2", "deviceType": 5], password: "gjett")
                #expect(wrong.status == .unauthorized)
                #expect(
                    try await AlarmEventModel.query(on: app.db).filter(\.$reference == "refused-F2").count() == 1,
                    "a refused sensor is shown to the operator")
                let bad = try await post(["reference": "not ok!", "deviceType": 5])
                #expect(bad.status == .unprocessableEntity)
                #expect(try await AlarmEventModel.query(on: app.db).count() == 2, "a bad report changes nothing")
            }
        }
    }
}
