import Fluent
import Foundation
import SQLKit

/// One access to a recipient's health data, or a refusal of one. Rows are only ever inserted: the
/// application has no update or delete path, and database triggers refuse both.
final class AuditEventModel: Model, @unchecked Sendable {
    static let schema = "audit_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "account_id") var accountID: UUID?
    @OptionalField(key: "staff_id") var staffID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "role") var role: String
    @OptionalField(key: "recipient_id") var recipientID: UUID?
    /// "read", "list", "change", "denied", "emergencyGranted".
    @Field(key: "action") var action: String
    /// The route, e.g. "GET /recipients/:recipientID".
    @Field(key: "resource") var resource: String
    /// The record parts touched, comma-separated ("keyFacts,carePlan").
    @Field(key: "parts") var parts: String
    /// Why access was given ("ownZone", "emergency", …) or "" when denied.
    @Field(key: "basis") var basis: String
    @OptionalField(key: "emergency_reason") var emergencyReason: String?
    @Field(key: "address") var address: String
    /// The device session.
    @OptionalField(key: "session_id") var sessionID: UUID?
    /// The intake assessment read or changed (added with intakes; they have no recipient yet).
    @OptionalField(key: "intake_id") var intakeID: UUID?
    /// The staff member an account or role change was about ("whom").
    @OptionalField(key: "subject_staff_id") var subjectStaffID: UUID?
    /// What changed, before → after ("role: – → nurse").
    @OptionalField(key: "detail") var detail: String?
    /// The event's place in the hash chain: 1, 2, 3… with no gaps (`AuditChain`).
    @OptionalField(key: "chain_index") var chainIndex: Int?
    /// SHA-256 of the previous event's hash and this event's fields (`AuditChain`).
    @OptionalField(key: "chain_hash") var chainHash: String?

    init() {}
}

struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEventModel.schema)
            .id()
            .field("at", .datetime, .required)
            .field("account_id", .uuid)
            .field("staff_id", .uuid)
            .field("actor_name", .string, .required)
            .field("role", .string, .required)
            .field("recipient_id", .uuid)
            .field("action", .string, .required)
            .field("resource", .string, .required)
            .field("parts", .string, .required)
            .field("basis", .string, .required)
            .field("emergency_reason", .string)
            .field("address", .string, .required)
            .field("session_id", .uuid)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX audit_events_recipient_at ON audit_events (recipient_id, at)").run()
        try await sql.raw("CREATE INDEX audit_events_staff_at ON audit_events (staff_id, at)").run()
        // Append-only, enforced by the database itself: no role, not even the table's owner, can
        // change or remove an event through SQL.
        if sql.dialect.name == "sqlite" {
            for operation in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER audit_events_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation)
                    ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                    """
                ).run()
            }
        } else {
            try await sql.raw(
                """
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
                """
            ).run()
            try await sql.raw("REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM CURRENT_USER").run()
        }
    }

    /// Reverting drops the table; only `tilsyn migrate --revert` style tooling and tests do that.
    func revert(on database: any Database) async throws {
        try await database.schema(AuditEventModel.schema).delete()
        if let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_events_append_only()").run()
        }
    }
}

/// Break the glass: access to one recipient for a limited time, with a stated reason.
final class EmergencyAccessModel: Model, @unchecked Sendable {
    static let schema = "emergency_accesses"
    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "staff_id") var staffID: UUID
    @Parent(key: "recipient_id") var recipient: RecipientModel
    @Field(key: "reason") var reason: String
    @Field(key: "granted_at") var grantedAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

struct CreateEmergencyAccesses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EmergencyAccessModel.schema)
            .id()
            .field("account_id", .uuid, .required)
            .field("staff_id", .uuid, .required)
            .field("recipient_id", .uuid, .required, .references(RecipientModel.schema, "id"))
            .field("reason", .string, .required)
            .field("granted_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EmergencyAccessModel.schema).delete()
    }
}

/// Account and role changes in the log ("whom", "before → after"), the hash chain, and a SQLite
/// guard against `INSERT OR REPLACE` (REPLACE deletes the old row without firing DELETE triggers).
/// Events written before the chain get their places and hashes in the order they were written.
struct AddAuditChain: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        for (name, type) in [
            ("subject_staff_id", DatabaseSchema.DataType.uuid), ("detail", .string), ("chain_index", .int64),
            ("chain_hash", .string),
        ] {
            try await database.schema(AuditEventModel.schema).field(FieldKey(stringLiteral: name), type).update()
        }
        guard let sql = database as? any SQLDatabase else { return }
        let sqlite = sql.dialect.name == "sqlite"
        // Lift the append-only guard for this one backfill, and put it back.
        if sqlite {
            try await sql.raw("DROP TRIGGER audit_events_no_update").run()
        } else {
            try await sql.raw("GRANT UPDATE ON audit_events TO CURRENT_USER").run()
            try await sql.raw("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change").run()
        }
        try await Self.backfill(on: database)
        try await sql.raw("CREATE UNIQUE INDEX audit_events_chain ON audit_events (chain_index)").run()
        if sqlite {
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
                WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id OR chain_index = NEW.chain_index)
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                """
            ).run()
        } else {
            try await sql.raw("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change").run()
            try await sql.raw("REVOKE UPDATE ON audit_events FROM CURRENT_USER").run()
        }
    }

    /// Gives every event written before the chain its place and hash, in the order written.
    static func backfill(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let events = try await AuditEventModel.query(on: database).sort(\.$at).sort(\.$id).all()
        var previous = AuditChain.genesis
        for (offset, event) in events.enumerated() {
            let index = offset + 1
            event.at = Date(timeIntervalSince1970: Double(AuditChain.milliseconds(event.at)) / 1000)
            let hash = AuditChain.hash(event, index: index, previous: previous)
            try await sql.update(AuditEventModel.schema).set("at", to: event.at).set("chain_index", to: index)
                .set("chain_hash", to: hash).where("id", .equal, event.id!).run()
            previous = hash
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_replace").run()
        }
        try await sql.raw("DROP INDEX IF EXISTS audit_events_chain").run()
    }
}
