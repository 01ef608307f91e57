import Fluent
import Foundation
import SCAIP
import TilsynCore

extension DemoLoader {
    /// The demo's safety-alarm devices: every other recipient has one, controller ids 47000001
    /// upwards in recipient order, each with the SIP password `demoAlarmPassword`.
    static let demoAlarmPassword = "demo-alarm"

    func loadAlarmDevices(_ demo: DemoMunicipality, realm: String) async throws -> Int {
        let recipients = demo.recipients.enumerated().filter { $0.offset % 2 == 0 }
        let devices = recipients.enumerated().map { number, entry in
            let device = AlarmDeviceModel()
            device.controllerID = String(47_000_001 + number)
            device.$recipient.id = entry.element.id
            device.description = "Trygghetsalarm med armbånd"
            device.digestHA1 = DigestAuthentication.ha1(
                username: device.controllerID, realm: realm, password: Self.demoAlarmPassword)
            device.requiresAuthentication = true
            device.heartbeatMinutes = 60
            device.keySafe = number % 3 == 0 ? "Nøkkelboks ved inngangsdøra, kode i journalen" : nil
            device.createdAt = Date()
            return device
        }
        try await database.writeTransaction { database in
            for chunk in devices.chunked(100) { try await chunk.create(on: database) }
        }
        return devices.count
    }
}
