import Fluent
import Foundation
import SCAIP

/// How the centre answers devices.
public struct AlarmSettings: Sendable {
    /// How long a voice-capable device is told to hold (`snu` 4) while nobody has taken its alarm;
    /// after that it gets `snu` 0 without voice, and staff are sent directly.
    public var holdSeconds: Double = 120
    /// Accept messages from unknown or unauthenticated devices, flagged (`tilsyn serve --demo`).
    public var acceptUnauthenticated = false
    /// The Digest realm.
    public var realm = "tilsyn"
    /// Minutes of auto-answer the centre asks for when a device requested a call-back (`cre`).
    public var callbackMinutes = 10
    /// Seconds a staff member has to answer a dispatch before the next one is asked.
    public var dispatchAnswerSeconds: Double = 120

    public init() {}
}

/// Records what devices send, once per (controller id, `ref`), and decides the SCAIP answer. The
/// answer is returned only after the record is committed: a device that hears "handled" has
/// really been heard. Transport-free, so SIP over UDP, SIP over TCP and HTTP share it.
struct AlarmIntake {
    let database: any Database
    let settings: AlarmSettings

    /// The sender as the transport saw it.
    struct Sender: Sendable {
        var device: AlarmDeviceModel?
        var authenticated: Bool
        /// sip-udp, sip-tcp or http.
        var path: String
    }

    /// Records `request` and returns the answer for the device.
    func receive(
        _ request: SCAIPRequest, body: String, from sender: Sender, now: Date = Date()
    ) async throws
        -> SCAIPResponse
    {
        do {
            return try await record(request, body: body, from: sender, now: now)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same session arrived twice at once (both paths, or a fast retransmission): the
            // other one is committed now, so this one is a repeat of it.
            return try await record(request, body: body, from: sender, now: now)
        }
    }

    private func record(
        _ request: SCAIPRequest, body: String, from sender: Sender, now: Date
    ) async throws
        -> SCAIPResponse
    {
        let settings = settings
        return try await database.writeTransaction { database in
            if let device = sender.device {
                device.lastHeardAt = now
                try await device.save(on: database)
            }
            let existing = try await AlarmEventModel.query(on: database)
                .filter(\.$controllerID == request.controllerID).filter(\.$reference == request.reference).first()
            if let event = existing {
                event.repeats += 1
                event.lastHeardAt = now
                switch request.messageType {
                case .reset:
                    if event.state != AlarmState.closed.rawValue { event.state = AlarmState.withdrawn.rawValue }
                    try await event.save(on: database)
                    try await AlarmStepModel(
                        eventID: event.id!, kind: "withdrawn", note: "Enheten trakk meldingen tilbake (RE).", at: now
                    ).save(on: database)
                case .informationUpdate:
                    event.body = body
                    try await event.save(on: database)
                    try await AlarmStepModel(
                        eventID: event.id!, kind: "updated", note: Self.summary(request), at: now
                    ).save(on: database)
                default:
                    try await event.save(on: database)
                }
                return try await Self.answer(event, settings, now: now, on: database)
            }
            // A heartbeat with nothing to report, or a reset of a session we never had: the
            // device's time stamp above is the whole record.
            if request.messageType == .reset { return SCAIPResponse(reference: request.reference, code: .handled) }
            let code = try await Self.code(request, on: database)
            if request.messageType == .heartbeat, code?.category != AlarmCategory.technical.rawValue {
                return Self.heartbeatAnswer(request, sender.device)
            }
            let event = AlarmEventModel()
            event.controllerID = request.controllerID
            event.reference = request.reference
            event.$device.id = sender.device?.id
            event.$recipient.id = sender.device?.$recipient.id
            let category = code.flatMap { AlarmCategory(rawValue: $0.category) } ?? .emergency
            event.category = category.rawValue
            event.state = (category == .information ? AlarmState.recorded : AlarmState.queued).rawValue
            event.statusCode = request.statusCode
            event.deviceType = request.deviceType
            event.priority = request.priority ?? code?.priority ?? 8
            event.voiceCapable = request.isVoiceCapable
            event.callbackRequested = request.callbackRequested
            event.unauthenticated = !sender.authenticated
            event.path = sender.path
            event.body = body
            event.receivedAt = now
            event.lastHeardAt = now
            event.repeats = 0
            try await event.save(on: database)
            try await AlarmStepModel(eventID: event.id!, kind: "received", note: Self.summary(request), at: now)
                .save(on: database)
            if request.messageType == .heartbeat { return Self.heartbeatAnswer(request, sender.device) }
            return try await Self.answer(event, settings, now: now, on: database)
        }
    }

    /// Records a message the centre refused (unknown device, failed authentication) as a technical
    /// event an operator sees: it may be a real person whose device was never registered.
    func recordRefused(
        _ request: SCAIPRequest, body: String, reason: String, path: String, now: Date = Date()
    )
        async throws
    {
        let key = "refused-\(request.reference)"
        try await database.writeTransaction { database in
            if let event = try await AlarmEventModel.query(on: database)
                .filter(\.$controllerID == request.controllerID).filter(\.$reference == key).first()
            {
                event.repeats += 1
                event.lastHeardAt = now
                try await event.save(on: database)
                return
            }
            let event = AlarmEventModel()
            event.controllerID = request.controllerID
            event.reference = key
            event.category = AlarmCategory.technical.rawValue
            event.state = AlarmState.queued.rawValue
            event.statusCode = request.statusCode
            event.deviceType = request.deviceType
            event.priority = 6
            event.voiceCapable = request.isVoiceCapable
            event.callbackRequested = request.callbackRequested
            event.unauthenticated = true
            event.path = path
            event.body = body
            event.receivedAt = now
            event.lastHeardAt = now
            event.repeats = 0
            try await event.save(on: database)
            try await AlarmStepModel(eventID: event.id!, kind: "refused", note: reason, at: now).save(on: database)
        }
    }

    static func code(_ request: SCAIPRequest, on database: any Database) async throws -> AlarmCodeModel? {
        guard let status = request.statusCode else { return nil }
        return try await AlarmCodeModel.query(on: database).filter(\.$code == status).first()
    }

    static func heartbeatAnswer(_ request: SCAIPRequest, _ device: AlarmDeviceModel?) -> SCAIPResponse {
        var answer = SCAIPResponse(reference: request.reference, code: .handled)
        if request.acceptsHeartbeatInterval { answer.heartbeatMinutes = device?.heartbeatMinutes }
        return answer
    }

    /// What to tell the device now, from where its event stands. A voice-capable alarm nobody has
    /// taken is held until `holdSeconds` have passed; then it is escalated, answered without voice,
    /// and staff are to be sent directly.
    static func answer(
        _ event: AlarmEventModel, _ settings: AlarmSettings, now: Date, on database: any Database
    ) async throws -> SCAIPResponse {
        var answer = SCAIPResponse(reference: event.reference, code: .handled)
        guard event.category == AlarmCategory.emergency.rawValue else { return answer }
        switch AlarmState(rawValue: event.state) {
        case .queued where event.voiceCapable:
            if now.timeIntervalSince(event.receivedAt) < settings.holdSeconds {
                answer.code = .hold
                answer.statusText = "I kø hos operatør"
            } else {
                event.state = AlarmState.escalated.rawValue
                try await event.save(on: database)
                try await AlarmStepModel(
                    eventID: event.id!, kind: "escalated",
                    note: "Ingen operatør tok alarmen innen \(Int(settings.holdSeconds)) s; svart uten tale.", at: now
                ).save(on: database)
                answer.voice = SCAIPVoiceMode.none
            }
        case .taken:
            if event.callbackRequested {
                answer.callback = settings.callbackMinutes
            } else if event.voiceCapable {
                answer.voice = .duplex
            }
        default:
            if event.voiceCapable { answer.voice = SCAIPVoiceMode.none }
        }
        return answer
    }

    /// Escalates every voice alarm that has waited longer than `holdSeconds` for an operator, and
    /// returns the answers to send to those devices now (they are still holding).
    func escalateOverdue(now: Date = Date()) async throws -> [(controllerID: String, answer: SCAIPResponse)] {
        let settings = settings
        let cutoff = now.addingTimeInterval(-settings.holdSeconds)
        return try await database.writeTransaction { database in
            let overdue = try await AlarmEventModel.query(on: database)
                .filter(\.$state == AlarmState.queued.rawValue).filter(\.$category == AlarmCategory.emergency.rawValue)
                .filter(\.$voiceCapable == true).filter(\.$receivedAt < cutoff).all()
            var answers: [(controllerID: String, answer: SCAIPResponse)] = []
            for event in overdue {
                answers.append((event.controllerID, try await Self.answer(event, settings, now: now, on: database)))
            }
            return answers
        }
    }

    /// Devices that have missed two heartbeat periods raise a technical alarm (R34), once per
    /// silence: the event's ref names the last time the device was heard. Devices never heard
    /// from are not yet in service and raise nothing.
    func superviseHeartbeats(now: Date = Date()) async throws -> Int {
        let devices = try await AlarmDeviceModel.query(on: database).filter(\.$heartbeatMinutes != nil)
            .filter(\.$lastHeardAt != nil).all()
        var raised = 0
        for device in devices {
            guard let minutes = device.heartbeatMinutes, let heard = device.lastHeardAt,
                now.timeIntervalSince(heard) > Double(2 * minutes * 60)
            else { continue }
            let reference = "hb\(Int(heard.timeIntervalSince1970))"
            let known = try await AlarmEventModel.query(on: database).filter(\.$controllerID == device.controllerID)
                .filter(\.$reference == reference).count()
            guard known == 0 else { continue }
            let event = AlarmEventModel()
            event.controllerID = device.controllerID
            event.reference = reference
            event.$device.id = device.id
            event.$recipient.id = device.$recipient.id
            event.category = AlarmCategory.technical.rawValue
            event.state = AlarmState.queued.rawValue
            event.deviceType = 2
            event.priority = 6
            event.voiceCapable = false
            event.callbackRequested = false
            event.unauthenticated = false
            event.path = "supervision"
            event.body = ""
            event.receivedAt = now
            event.lastHeardAt = now
            event.repeats = 0
            try await database.writeTransaction { database in
                try await event.save(on: database)
                try await AlarmStepModel(
                    eventID: event.id!, kind: "received",
                    note: "Ingen hjerteslag siden \(heard.formatted(.iso8601)) (forventet hvert \(minutes). minutt).",
                    at: now
                ).save(on: database)
            }
            raised += 1
        }
        return raised
    }

    /// One line about a request for the time line (ids and codes only, no free text).
    static func summary(_ request: SCAIPRequest) -> String {
        var parts = ["dty \(request.deviceType)"]
        if let status = request.statusCode { parts.append("stc \(status)") }
        if let priority = request.priority { parts.append("pri \(priority)") }
        if let location = request.locationCode { parts.append("lco \(location)") }
        if request.geoLocation?.coordinates != nil { parts.append("posisjon") }
        return parts.joined(separator: ", ")
    }
}
