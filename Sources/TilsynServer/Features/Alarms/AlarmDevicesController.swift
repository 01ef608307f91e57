import Fluent
import Foundation
import SCAIP
import TilsynCore
import Vapor

/// The register of alarm devices and sensors (R34): each linked to a recipient, with its controller
/// id, what it is, its expected heartbeat, the key safe, and its SIP password (kept only as the
/// Digest hash). Listed with when each was last heard and where it registered.
struct AlarmDevicesController: RouteCollection {
    static let roles = RequireRole(roles: [.alarmOperator, .departmentLeader, .unitLeader])

    func boot(routes: any RoutesBuilder) throws {
        let devices = routes.grouped(Self.roles)
        devices.get("alarm-devices", use: list).classify(.recipientList(.keyFacts))
        // The form names the recipient in a field; the record is made under the recipient's path, so
        // the access check and the audit log see whose home it is (307 keeps the method and body).
        devices.post("alarm-devices", use: route).classify(.noHealthData)
        devices.post("recipients", ":recipientID", "alarm-devices", use: create)
            .classify(.recipientData(.keyFacts, .change))
    }

    struct Row: Encodable {
        var controllerID: String
        var recipient: String
        var description: String
        var heartbeat: String
        var lastHeard: String
        var registered: String
        var overdue: Bool
    }

    struct Page: Encodable {
        var devices: [Row]
        var recipients: [PlanningPagesController.Option]
    }

    @Sendable func list(req: Request) async throws -> Response {
        let devices = try await AlarmDeviceModel.query(on: req.db).sort(\.$controllerID).all()
        let recipients = try await RecipientModel.query(on: req.db).sort(\.$familyName).all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        let names = Dictionary(
            uniqueKeysWithValues: recipients.filter { visible.contains($0.id!) }.map {
                ($0.id!, "\($0.familyName), \($0.givenName)")
            })
        let language = req.language
        let now = Date()
        let rows = devices.filter { $0.$recipient.id.map(visible.contains) ?? true }.map { device in
            Row(
                controllerID: device.controllerID, recipient: device.$recipient.id.flatMap { names[$0] } ?? "–",
                description: device.description,
                heartbeat: device.heartbeatMinutes.map { "\($0) min" } ?? "–",
                lastHeard: device.lastHeardAt.map(req.localDateTime)
                    ?? LocalizedText(nb: "aldri", en: "never").text(in: language),
                registered: device.contact ?? "–",
                overdue: device.heartbeatMinutes.map { minutes in
                    device.lastHeardAt.map { now.timeIntervalSince($0) > Double(2 * minutes * 60) } ?? false
                } ?? false)
        }
        let page = Page(
            devices: rows,
            recipients: recipients.filter { visible.contains($0.id!) }.map {
                PlanningPagesController.Option(
                    value: $0.id!.uuidString, label: "\($0.familyName), \($0.givenName) – \($0.street)", selected: false
                )
            })
        return try await req.renderPage("alarm-devices", titleKey: "alarm_devices_title", page)
    }

    struct DeviceForm: Content {
        var recipient: String?
        var controllerID: String
        var description: String
        var heartbeatMinutes: String?
        var keySafe: String?
        var password: String
        var requiresAuthentication: String?
    }

    @Sendable func route(req: Request) async throws -> Response {
        let form = try req.content.decode(DeviceForm.self)
        guard let id = form.recipient.flatMap(UUID.init(uuidString:)) else { throw DeviceError.recipient }
        return req.redirect(to: "/recipients/\(id.uuidString)/alarm-devices", redirectType: .temporary)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let recipientID = try req.uuidParameter("recipientID", notFound: .recipient)
        let form = try req.content.decode(DeviceForm.self)
        let controllerID = form.controllerID.trimmingCharacters(in: .whitespaces)
        guard (1...32).contains(controllerID.count), controllerID.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw DeviceError.controllerID
        }
        let description = form.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !description.isEmpty, description.count <= 200 else { throw DeviceError.description }
        var heartbeat: Int?
        if let text = form.heartbeatMinutes?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let minutes = Int(text), (1...1440).contains(minutes) else { throw DeviceError.heartbeat }
            heartbeat = minutes
        }
        guard form.password.count >= 8 else { throw DeviceError.password }
        guard try await AlarmDeviceModel.query(on: req.db).filter(\.$controllerID == controllerID).count() == 0 else {
            throw DeviceError.duplicate
        }
        let device = AlarmDeviceModel()
        device.controllerID = controllerID
        device.$recipient.id = recipientID
        device.description = description
        device.digestHA1 = DigestAuthentication.ha1(
            username: controllerID, realm: req.application.tilsyn.alarms.realm, password: form.password)
        // A checkbox: present means on. Off only for a migration period or tests.
        device.requiresAuthentication = form.requiresAuthentication != nil
        device.heartbeatMinutes = heartbeat
        device.keySafe = form.keySafe?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        device.createdAt = Date()
        try await device.save(on: req.db)
        return req.redirect(to: "/alarm-devices", redirectType: .normal)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Why a device was not registered.
enum DeviceError: UserFacingError {
    case recipient, controllerID, description, heartbeat, password, duplicate

    var status: HTTPResponseStatus { self == .duplicate ? .conflict : .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? {
        switch self {
        case .duplicate: "controllerID"
        default: "\(self)"
        }
    }
    var message: LocalizedText {
        switch self {
        case .recipient: LocalizedText(nb: "Velg tjenestemottakeren.", en: "Choose the care recipient.")
        case .controllerID:
            LocalizedText(nb: "Enhets-id (cid) må være 1–32 sifre.", en: "The device id (cid) must be 1–32 digits.")
        case .description: LocalizedText(nb: "Skriv hva enheten er.", en: "Say what the device is.")
        case .heartbeat:
            LocalizedText(nb: "Hjerteslag må være 1–1440 minutter.", en: "The heartbeat must be 1–1440 minutes.")
        case .password:
            LocalizedText(nb: "Passordet må ha minst 8 tegn.", en: "The password needs at least 8 characters.")
        case .duplicate:
            LocalizedText(
                nb: "En enhet med denne id-en er allerede registrert.",
                en: "A device with this id is already registered.")
        }
    }
}
