import Fluent
import Foundation
import Logging
import NIOCore
import SCAIP

/// Where a SIP message came from, and how to send back to it over the same channel.
struct SIPPeer: Sendable {
    enum Transport: String, Sendable {
        case udp, tcp

        var path: String { "sip-\(rawValue)" }
        var viaName: String { rawValue.uppercased() }
    }

    var transport: Transport
    var address: SocketAddress
    /// Sends bytes to `address` (UDP) or down the connection (TCP).
    var send: @Sendable ([UInt8], SocketAddress) -> Void
}

/// The SIP side of the alarm receiving centre: registers and authenticates devices (Digest),
/// answers MESSAGE with 200 OK only after the event is committed, then sends the SCAIP answer in a
/// MESSAGE of its own (retransmitted over UDP until the device says 200). Retransmitted requests
/// get the same response again and never reach the database twice.
actor SIPAlarmCentre {
    let database: any Database
    let settings: AlarmSettings
    let logger: Logger
    /// How the centre names itself in Via, From and Contact.
    let host: String
    let port: Int

    init(database: any Database, settings: AlarmSettings, logger: Logger, host: String, port: Int) {
        self.database = database
        self.settings = settings
        self.logger = logger
        self.host = host
        self.port = port
    }

    // MARK: Transactions

    /// Responses already sent, by transaction (Via branch and CSeq), for 32 s (RFC 3261 timer J).
    private var answered: [String: (bytes: [UInt8], at: Date)] = [:]
    /// Transactions being worked on: a retransmission meanwhile is absorbed.
    private var working: Set<String> = []
    /// Our own MESSAGEs waiting for the device's 200, by branch.
    private var awaiting: Set<String> = []
    private var nonces: [String: Date] = [:]
    /// The latest request of each session (controller id and ref) and where it came from, so the
    /// centre can tell a holding device at once when an operator takes its alarm or time runs out.
    private var sessions: [String: (request: SIPMessage, peer: SIPPeer, at: Date)] = [:]
    private var sequence: UInt32 = 0

    private func transactionKey(_ message: SIPMessage) -> String? {
        guard let via = message.values("Via").first, let branch = SIPMessage.parameter("branch", in: via),
            let sequence = message.value("CSeq")
        else { return nil }
        return "\(branch)|\(sequence)"
    }

    /// Handles one message from a peer. Never throws: every failure is answered and logged.
    func handle(_ message: SIPMessage, from peer: SIPPeer) async {
        if let code = message.statusCode {
            // A device's answer to our MESSAGE.
            if let branch = message.values("Via").first.flatMap({ SIPMessage.parameter("branch", in: $0) }),
                code >= 200
            {
                awaiting.remove(branch)
            }
            return
        }
        let key = transactionKey(message)
        let now = Date()
        answered = answered.filter { now.timeIntervalSince($0.value.at) < 32 }
        if let key {
            if let earlier = answered[key] {
                peer.send(earlier.bytes, peer.address)
                return
            }
            if working.contains(key) { return }
            working.insert(key)
        }
        let (response, answer) = await respond(to: message, from: peer)
        if let key {
            working.remove(key)
            answered[key] = (response.serialized(), Date())
        }
        peer.send(response.serialized(), peer.address)
        // The SCAIP answer follows the SIP response, in a MESSAGE of the centre's own.
        if let answer { await sendAnswer(answer, to: message, peer: peer) }
    }

    /// The SIP response, and for a MESSAGE the SCAIP answer to send after it.
    private func respond(to request: SIPMessage, from peer: SIPPeer) async -> (SIPMessage, SCAIPResponse?) {
        let tag = Self.token(8)
        switch request.method {
        case "OPTIONS":
            return (
                request.response(200, "OK", toTag: tag, headers: [SIPHeader("Allow", "REGISTER, MESSAGE, OPTIONS")]),
                nil
            )
        case "REGISTER":
            return (await register(request, from: peer, tag: tag), nil)
        case "MESSAGE":
            return await message(request, from: peer, tag: tag)
        default:
            let allow = [SIPHeader("Allow", "REGISTER, MESSAGE, OPTIONS")]
            return (request.response(405, "Method Not Allowed", toTag: tag, headers: allow), nil)
        }
    }

    // MARK: Authentication

    private enum Identity {
        case authenticated(AlarmDeviceModel)
        /// Accepted without authentication (the device does not require it, or `--demo`).
        case accepted(AlarmDeviceModel?)
        case challenge
        case refused(String)
    }

    /// Who sent `request`, claiming to be controller `controllerID`.
    private func identify(_ request: SIPMessage, controllerID: String, from peer: SIPPeer) async throws -> Identity {
        let device = try await AlarmDeviceModel.query(on: database).filter(\.$controllerID == controllerID).first()
        guard let device else {
            return settings.acceptUnauthenticated
                ? .accepted(nil) : .refused("Ukjent enhet \(controllerID) prøvde å sende en melding.")
        }
        if let header = request.value("Authorization") {
            guard let credentials = try? DigestAuthentication.credentials(header), let ha1 = device.digestHA1,
                credentials.username == controllerID, credentials.realm == settings.realm,
                let issued = nonces[credentials.nonce], Date().timeIntervalSince(issued) < 300,
                DigestAuthentication.verify(credentials, ha1: ha1, method: request.method ?? "")
            else { return .refused("Enhet \(controllerID) oppga feil innlogging.") }
            return .authenticated(device)
        }
        // A registered binding from the same address counts as authenticated.
        if let contact = device.contact, let expires = device.contactExpiresAt, expires > Date(),
            Self.sameHost(contact, peer.address)
        {
            return .authenticated(device)
        }
        if !device.requiresAuthentication || settings.acceptUnauthenticated { return .accepted(device) }
        return .challenge
    }

    private func challenge(_ request: SIPMessage, tag: String) -> SIPMessage {
        let nonce = Self.token(16)
        nonces = nonces.filter { Date().timeIntervalSince($0.value) < 300 }
        nonces[nonce] = Date()
        return request.response(
            401, "Unauthorized", toTag: tag,
            headers: [
                SIPHeader("WWW-Authenticate", DigestAuthentication.challenge(realm: settings.realm, nonce: nonce))
            ])
    }

    // MARK: REGISTER

    private func register(_ request: SIPMessage, from peer: SIPPeer, tag: String) async -> SIPMessage {
        let aor = request.value("To").map(SIPMessage.addressOfRecord) ?? ""
        let user = Self.user(of: aor)
        do {
            switch try await identify(request, controllerID: user, from: peer) {
            case .challenge: return challenge(request, tag: tag)
            case .refused:
                logger.warning("SIP REGISTER refused", metadata: ["controller": "\(user)"])
                return request.response(403, "Forbidden", toTag: tag)
            case .accepted(nil):
                return request.response(200, "OK", toTag: tag)
            case .authenticated(let device), .accepted(let device?):
                let expires = Self.expires(request)
                if expires == 0 {
                    device.contact = nil
                    device.contactExpiresAt = nil
                } else if let contact = request.value("Contact"),
                    SIPMessage.isSendableURI(SIPMessage.addressOfRecord(contact))
                {
                    device.contact = SIPMessage.addressOfRecord(contact)
                    device.contactExpiresAt = Date().addingTimeInterval(Double(expires))
                }
                try await device.save(on: database)
                var headers = [SIPHeader("Expires", String(expires))]
                if let contact = request.value("Contact"), expires > 0 {
                    headers.append(SIPHeader("Contact", contact))
                }
                return request.response(200, "OK", toTag: tag, headers: headers)
            }
        } catch {
            logger.error(
                "SIP REGISTER failed", metadata: ["controller": "\(user)", "error": "\(String(reflecting: error))"])
            return request.response(500, "Server Internal Error", toTag: tag)
        }
    }

    static func expires(_ request: SIPMessage) -> Int {
        if let contact = request.value("Contact"), let value = SIPMessage.parameter("expires", in: contact),
            let seconds = Int(value)
        {
            return min(seconds, 86_400)
        }
        return min(Int(request.value("Expires")?.trimmingCharacters(in: .whitespaces) ?? "") ?? 3600, 86_400)
    }

    // MARK: MESSAGE

    private func message(_ request: SIPMessage, from peer: SIPPeer, tag: String) async -> (SIPMessage, SCAIPResponse?) {
        guard request.value("Content-Type")?.lowercased().contains("scaip") == true else {
            logger.notice("SIP MESSAGE without a SCAIP body", metadata: ["call": "\(request.callID ?? "")"])
            let accept = [SIPHeader("Accept", "application/scaip+xml")]
            return (request.response(415, "Unsupported Media Type", toTag: tag, headers: accept), nil)
        }
        let body = String(decoding: request.body, as: UTF8.self)
        let scaip: SCAIPRequest
        do {
            scaip = try SCAIPRequest.parse(request.body)
        } catch {
            // SIP got the bytes; SCAIP says what was wrong with them.
            logger.notice(
                "SCAIP body refused",
                metadata: [
                    "call": "\(request.callID ?? "")", "snu": "\(error.code.rawValue)",
                    "ref": "\(error.reference ?? "")",
                ])
            return (
                request.response(200, "OK", toTag: tag),
                SCAIPResponse(reference: error.reference ?? "", code: error.code)
            )
        }
        do {
            let intake = AlarmIntake(database: database, settings: settings)
            let identity = try await identify(request, controllerID: scaip.controllerID, from: peer)
            let answer: SCAIPResponse
            switch identity {
            case .challenge:
                return (challenge(request, tag: tag), nil)
            case .refused(let reason):
                try await intake.recordRefused(scaip, body: body, reason: reason, path: peer.transport.path)
                logger.warning(
                    "SCAIP message refused",
                    metadata: ["controller": "\(scaip.controllerID)", "ref": "\(scaip.reference)"])
                return (request.response(403, "Forbidden", toTag: tag), nil)
            case .authenticated(let device):
                answer = try await intake.receive(
                    scaip, body: body, from: .init(device: device, authenticated: true, path: peer.transport.path))
            case .accepted(let device):
                answer = try await intake.receive(
                    scaip, body: body, from: .init(device: device, authenticated: false, path: peer.transport.path))
            }
            let now = Date()
            sessions = sessions.filter { now.timeIntervalSince($0.value.at) < 3600 }
            sessions["\(scaip.controllerID)|\(scaip.reference)"] = (request, peer, now)
            // Only now, with the event committed, does the device hear that it was received.
            return (request.response(200, "OK", toTag: tag), answer)
        } catch {
            logger.error(
                "SCAIP message not stored",
                metadata: [
                    "controller": "\(scaip.controllerID)", "ref": "\(scaip.reference)",
                    "error": "\(String(reflecting: error))",
                ])
            // No 200: the device retransmits, or takes its other path. Never a silent loss.
            return (request.response(500, "Server Internal Error", toTag: tag), nil)
        }
    }

    /// Tells a device how its session stands now, without waiting for its next poll: over the
    /// channel its last request came by. Nothing happens when the centre has not heard it lately.
    func notify(controllerID: String, answer: SCAIPResponse) async {
        guard let session = sessions["\(controllerID)|\(answer.reference)"] else { return }
        await sendAnswer(answer, to: session.request, peer: session.peer)
    }

    /// Escalates voice alarms nobody took within the hold time and tells their devices.
    func escalateOverdue() async {
        do {
            let answers = try await AlarmIntake(database: database, settings: settings).escalateOverdue()
            for (controllerID, answer) in answers {
                logger.notice(
                    "Alarm escalated: nobody took it",
                    metadata: ["controller": "\(controllerID)", "ref": "\(answer.reference)"])
                Task { await self.notify(controllerID: controllerID, answer: answer) }
            }
        } catch {
            logger.error("Escalation sweep failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Sends the SCAIP answer in a new MESSAGE to the device: to its registered contact over UDP,
    /// down the same connection over TCP. Over UDP it is retransmitted (0.5 s doubling to 4 s)
    /// until the device answers or 32 s have passed.
    private func sendAnswer(_ answer: SCAIPResponse, to request: SIPMessage, peer: SIPPeer) async {
        sequence &+= 1
        let branch = "z9hG4bK" + Self.token(12)
        // The device's address as it gave it, when that is a URI one may send to; never a display name.
        let given = request.value("From").map(SIPMessage.addressOfRecord) ?? ""
        let peerHost = peer.address.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? "invalid"
        let device = SIPMessage.isSendableURI(given) ? given : "sip:device@\(peerHost)"
        let target = device
        let message = SIPMessage(
            .request(method: "MESSAGE", uri: target),
            headers: [
                SIPHeader("Via", "SIP/2.0/\(peer.transport.viaName) \(host):\(port);branch=\(branch)"),
                SIPHeader("From", "<sip:centre@\(host):\(port)>;tag=\(Self.token(8))"),
                SIPHeader("To", "<\(device)>"),
                // The request's Call-ID: SIPp matches the centre's MESSAGE to the device's call by it.
                SIPHeader("Call-ID", request.callID ?? Self.token(16)),
                SIPHeader("CSeq", "\(sequence) MESSAGE"),
                SIPHeader("Max-Forwards", "70"),
                SIPHeader("Content-Type", "application/scaip+xml"),
            ], body: answer.serialized())
        let bytes = message.serialized()
        peer.send(bytes, peer.address)
        guard peer.transport == .udp else { return }
        awaiting.insert(branch)
        var interval = 0.5
        var waited = 0.0
        while waited < 32 {
            try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
            waited += interval
            guard awaiting.contains(branch) else { return }
            peer.send(bytes, peer.address)
            interval = min(interval * 2, 4)
        }
        awaiting.remove(branch)
        logger.notice("SCAIP answer not acknowledged", metadata: ["ref": "\(answer.reference)"])
    }

    // MARK: Helpers

    static func user(of uri: String) -> String {
        var text = Substring(uri)
        if let colon = text.firstIndex(of: ":") { text = text[text.index(after: colon)...] }
        return String(text.split(separator: "@").first ?? "")
    }

    static func sameHost(_ contact: String, _ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress, let port = address.port else { return false }
        let hostPart = contact.split(separator: "@").last.map(String.init) ?? contact
        let hostPort = hostPart.split(separator: ";").first.map(String.init) ?? hostPart
        return hostPort == "\(ip):\(port)" || (port == 5060 && hostPort == ip)
    }

    static func token(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
