import Fluent
import Foundation
import SCAIP
import TilsynCore
import Vapor

/// `POST /api/v1/sensor-events`: the same intake for sensors that speak HTTP instead of SIP. The
/// device authenticates with HTTP Basic (its controller id and SIP password, checked against the
/// stored Digest hash); the answer is the SCAIP answer as JSON, given only after the event is
/// committed, so a sensor that hears 201 has been heard.
struct SensorEventsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // A device reports; nothing about a recipient is read back, so nothing to audit as a read.
        routes.post("api", "v1", "sensor-events", use: receive).classify(.noHealthData)
    }

    struct SensorEvent: Content {
        /// The session, as SCAIP's `ref`: 1–16 letters and digits; repeats of it are one event.
        var reference: String
        var deviceType: Int
        /// SCAIP status code; absent means an alarm.
        var statusCode: Int?
        /// ME (event, default), PI (heartbeat), IN (information update), RE (reset).
        var messageType: String?
        var priority: Int?
        var text: String?
        /// "lat,lon" (WGS-84).
        var position: String?
    }

    struct Answer: Content {
        var reference: String
        var snu: Int
        var statusText: String?
    }

    @Sendable func receive(req: Request) async throws -> Response {
        guard let basic = req.headers.basicAuthorization else { throw SensorError.unauthenticated }
        let event = try req.content.decode(SensorEvent.self)
        var request = SCAIPRequest(
            reference: event.reference, controllerID: basic.username, deviceType: event.deviceType,
            messageType: SCAIPMessageType(event.messageType), statusCode: event.statusCode)
        request.priority = event.priority
        request.statusText = event.text
        request.voiceContacts = ["no-voice:"]
        if let position = event.position { request.geoLocation = SCAIPGeoLocation(position: position) }
        // The same rules as for SIP: read the body as a device would have sent it.
        let body = request.serialized()
        do { request = try SCAIPRequest.parse(body) } catch { throw SensorError.invalid(error.reason) }
        if let priority = event.priority, !(0...9).contains(priority) { throw SensorError.invalid("priority 0–9") }

        let settings = req.application.tilsyn.alarms
        let intake = AlarmIntake(database: req.db, settings: settings)
        let device = try await AlarmDeviceModel.query(on: req.db).filter(\.$controllerID == basic.username).first()
        guard let device, let ha1 = device.digestHA1,
            DigestAuthentication.ha1(username: basic.username, realm: settings.realm, password: basic.password) == ha1
        else {
            try await intake.recordRefused(
                request, body: String(decoding: body, as: UTF8.self),
                reason: "Sensor \(basic.username) oppga ukjent enhet eller feil passord (HTTP).", path: "http")
            throw SensorError.unauthenticated
        }
        let answer = try await intake.receive(
            request, body: String(decoding: body, as: UTF8.self),
            from: .init(device: device, authenticated: true, path: "http"))
        let response = Response(status: .created)
        try response.content.encode(
            Answer(reference: answer.reference, snu: answer.code.rawValue, statusText: answer.statusText))
        return response
    }
}

/// Why a sensor's report was refused.
enum SensorError: UserFacingError {
    case unauthenticated
    case invalid(String)

    var status: HTTPResponseStatus {
        if case .unauthenticated = self { return .unauthorized }
        return .unprocessableEntity
    }
    var code: String {
        if case .unauthenticated = self { return "unauthenticated" }
        return "invalidEvent"
    }
    var field: String? { nil }
    var message: LocalizedText {
        switch self {
        case .unauthenticated:
            LocalizedText(
                nb: "Oppgi enhetens id og passord (HTTP Basic).", en: "Give the device's id and password (HTTP Basic).")
        case .invalid(let reason): LocalizedText(nb: "Ugyldig hendelse: \(reason).", en: "Invalid event: \(reason).")
        }
    }
}
