import Fluent
import Foundation

/// An alarm device or sensor in a recipient's home (R34): how it identifies itself (`cid`), how it
/// authenticates (SIP Digest), how often it should report, and where its contact was registered.
final class AlarmDeviceModel: Model, @unchecked Sendable {
    static let schema = "alarm_devices"
    @ID(key: .id) var id: UUID?
    /// The SCAIP controller id (`cid`), digits; also the SIP user name.
    @Field(key: "controller_id") var controllerID: String
    @OptionalParent(key: "recipient_id") var recipient: RecipientModel?
    /// What it is, in words ("Trygghetsalarm med armbånd").
    @Field(key: "description") var description: String
    /// MD5(username:realm:password), so the password itself is never stored (RFC 2617 §3.2.2.2).
    @OptionalField(key: "digest_ha1") var digestHA1: String?
    /// Accept messages without Digest (a migration period, or tests).
    @Field(key: "requires_authentication") var requiresAuthentication: Bool
    /// Minutes between heartbeats it should send; nil when it sends none.
    @OptionalField(key: "heartbeat_minutes") var heartbeatMinutes: Int?
    @OptionalField(key: "key_safe") var keySafe: String?
    @OptionalField(key: "last_heard_at") var lastHeardAt: Date?
    /// Where to send the centre's MESSAGEs: the Contact it registered, until when.
    @OptionalField(key: "contact") var contact: String?
    @OptionalField(key: "contact_expires_at") var contactExpiresAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// Every alarm, technical event and information a device sent, once per (controller id, `ref`):
/// retransmissions, hold polls, updates and resets find the same row. Each step an operator or
/// the centre takes is a row of `AlarmStepModel`.
final class AlarmEventModel: Model, @unchecked Sendable {
    static let schema = "alarm_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "controller_id") var controllerID: String
    @Field(key: "reference") var reference: String
    @OptionalParent(key: "device_id") var device: AlarmDeviceModel?
    @OptionalParent(key: "recipient_id") var recipient: RecipientModel?
    /// `AlarmCategory`: emergency, technical or information.
    @Field(key: "category") var category: String
    /// `AlarmState`.
    @Field(key: "state") var state: String
    @OptionalField(key: "status_code") var statusCode: Int?
    @Field(key: "device_type") var deviceType: Int
    @Field(key: "priority") var priority: Int
    @Field(key: "voice_capable") var voiceCapable: Bool
    @Field(key: "callback_requested") var callbackRequested: Bool
    /// Received from a device that was not registered or did not authenticate (`--demo` accepts them).
    @Field(key: "unauthenticated") var unauthenticated: Bool
    /// sip-udp, sip-tcp or http.
    @Field(key: "path") var path: String
    /// The request as received (the latest for updates), for the record.
    @Field(key: "body") var body: String
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "last_heard_at") var lastHeardAt: Date
    /// Requests received for this session after the first: retransmissions, polls and updates.
    @Field(key: "repeats") var repeats: Int
    @OptionalField(key: "taken_at") var takenAt: Date?
    /// When a staff member accepted to go, and when they were there (R35's response times).
    @OptionalField(key: "dispatched_at") var dispatchedAt: Date?
    @OptionalField(key: "on_site_at") var onSiteAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "close_cause") var closeCause: String?

    init() {}
}

/// A staff member asked to go to an alarm: proposed by estimated arrival, sent, and answered —
/// accepted, declined, or not answered in time (then the next one is asked).
final class AlarmDispatchModel: Model, @unchecked Sendable {
    static let schema = "alarm_dispatches"
    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: AlarmEventModel
    @Parent(key: "staff_id") var staff: StaffMemberModel
    /// sent, accepted, declined, unanswered.
    @Field(key: "state") var state: String
    @Field(key: "eta_minutes") var etaMinutes: Int
    @Field(key: "sent_at") var sentAt: Date
    @OptionalField(key: "answered_at") var answeredAt: Date?

    init() {}
}

/// What happened to an alarm, when and by whom (audited time line).
final class AlarmStepModel: Model, @unchecked Sendable {
    static let schema = "alarm_steps"
    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: AlarmEventModel
    @Field(key: "at") var at: Date
    @OptionalParent(key: "staff_id") var staff: StaffMemberModel?
    /// received, repeated, updated, withdrawn, answered, taken, closed …
    @Field(key: "kind") var kind: String
    @Field(key: "note") var note: String

    init() {}

    init(eventID: UUID, kind: String, note: String, staffID: UUID? = nil, at: Date = Date()) {
        $event.id = eventID
        self.kind = kind
        self.note = note
        $staff.id = staffID
        self.at = at
    }
}

/// The meaning of SCAIP status codes, kept as data an administrator can extend: each code's
/// words, priority, and whether it is an emergency, technical or informational event.
final class AlarmCodeModel: Model, @unchecked Sendable {
    static let schema = "alarm_codes"
    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: Int
    @Field(key: "meaning_nb") var meaningNorwegian: String
    @Field(key: "meaning_en") var meaningEnglish: String
    @Field(key: "category") var category: String
    @Field(key: "priority") var priority: Int

    init() {}

    init(_ code: AlarmCode) {
        self.code = code.code
        meaningNorwegian = code.meaning.nb
        meaningEnglish = code.meaning.en
        category = code.category.rawValue
        priority = code.priority
    }
}

struct CreateAlarms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AlarmDeviceModel.schema)
            .id()
            .field("controller_id", .string, .required)
            .field("recipient_id", .uuid, .references(RecipientModel.schema, "id"))
            .field("description", .string, .required)
            .field("digest_ha1", .string)
            .field("requires_authentication", .bool, .required)
            .field("heartbeat_minutes", .int)
            .field("key_safe", .string)
            .field("last_heard_at", .datetime)
            .field("contact", .string)
            .field("contact_expires_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "controller_id")
            .create()
        try await database.schema(AlarmEventModel.schema)
            .id()
            .field("controller_id", .string, .required)
            .field("reference", .string, .required)
            .field("device_id", .uuid, .references(AlarmDeviceModel.schema, "id"))
            .field("recipient_id", .uuid, .references(RecipientModel.schema, "id"))
            .field("category", .string, .required)
            .field("state", .string, .required)
            .field("status_code", .int)
            .field("device_type", .int, .required)
            .field("priority", .int, .required)
            .field("voice_capable", .bool, .required)
            .field("callback_requested", .bool, .required)
            .field("unauthenticated", .bool, .required)
            .field("path", .string, .required)
            .field("body", .string, .required)
            .field("received_at", .datetime, .required)
            .field("last_heard_at", .datetime, .required)
            .field("repeats", .int, .required)
            .field("taken_at", .datetime)
            .field("dispatched_at", .datetime)
            .field("on_site_at", .datetime)
            .field("closed_at", .datetime)
            .field("close_cause", .string)
            .unique(on: "controller_id", "reference")
            .create()
        try await database.schema(AlarmStepModel.schema)
            .id()
            .field("event_id", .uuid, .required, .references(AlarmEventModel.schema, "id"))
            .field("at", .datetime, .required)
            .field("staff_id", .uuid, .references(StaffMemberModel.schema, "id"))
            .field("kind", .string, .required)
            .field("note", .string, .required)
            .create()
        try await database.schema(AlarmDispatchModel.schema)
            .id()
            .field("event_id", .uuid, .required, .references(AlarmEventModel.schema, "id"))
            .field("staff_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("state", .string, .required)
            .field("eta_minutes", .int, .required)
            .field("sent_at", .datetime, .required)
            .field("answered_at", .datetime)
            .create()
        try await database.schema(AlarmCodeModel.schema)
            .id()
            .field("code", .int, .required)
            .field("meaning_nb", .string, .required)
            .field("meaning_en", .string, .required)
            .field("category", .string, .required)
            .field("priority", .int, .required)
            .unique(on: "code")
            .create()
        try await AlarmCode.defaults.map(AlarmCodeModel.init).create(on: database)
    }

    func revert(on database: any Database) async throws {
        for schema in [
            AlarmStepModel.schema, AlarmDispatchModel.schema, AlarmEventModel.schema, AlarmDeviceModel.schema,
            AlarmCodeModel.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
