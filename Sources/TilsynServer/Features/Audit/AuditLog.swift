import Fluent
import Foundation
import SQLKit
import TilsynCore
import Vapor

/// The one way features write to the audit log. Routes classified as recipient data get their
/// events written by `RecipientAccessMiddleware`; features only call `record` for what happens
/// inside a request beyond that (such as reading extra parts of a record).
enum AuditLog {
    /// One event to append.
    struct Entry: Sendable {
        var recipientID: UUID?
        var action: AuditAction
        var parts: [RecordPart]
        var basis: AccessBasis?
        var emergencyReason: String?
        /// An intake assessment, which has no recipient yet.
        var intakeID: UUID?
    }

    /// A route's path pattern as the log names it: "/recipients/:recipientID".
    static func pattern(_ route: Route) -> String {
        "/" + route.path.map(\.description).joined(separator: "/")
    }

    /// Appends `entries` for the request's user, in one insert.
    static func record(_ entries: [Entry], request: Request) async throws {
        guard !entries.isEmpty, request.application.tilsyn.auditEnabled else { return }
        let user = request.signedInUser
        let resource = "\(request.method.rawValue) " + (request.route.map(pattern) ?? request.url.path)
        let now = Date()
        let rows = entries.map { entry in
            let row = AuditEventModel()
            row.id = UUID()
            row.at = now
            row.accountID = user?.accountID
            row.staffID = user?.staffID
            row.actorName = user?.name ?? "ukjent"
            row.role = user?.role.rawValue ?? "none"
            row.recipientID = entry.recipientID
            row.action = entry.action.rawValue
            row.resource = String(resource.prefix(200))
            row.parts = entry.parts.map(\.rawValue).joined(separator: ",")
            row.basis = entry.basis?.rawValue ?? ""
            row.emergencyReason = entry.emergencyReason
            row.address = request.clientAddress
            row.sessionID = user?.sessionID
            row.intakeID = entry.intakeID
            return row
        }
        // A plain SQL insert: this runs on every read of health data, and Fluent's model
        // machinery costs more than the insert itself.
        guard let sql = request.db as? any SQLDatabase else {
            for chunk in rows.chunked(200) { try await chunk.create(on: request.db) }
            return
        }
        for chunk in rows.chunked(200) {
            var insert = sql.insert(into: AuditEventModel.schema).columns(
                "id", "at", "account_id", "staff_id", "actor_name", "role", "recipient_id", "action", "resource",
                "parts",
                "basis", "emergency_reason", "address", "session_id", "intake_id")
            for row in chunk {
                let values: [any Encodable & Sendable] = [
                    row.id, row.at, row.accountID, row.staffID, row.actorName, row.role, row.recipientID, row.action,
                    row.resource, row.parts, row.basis, row.emergencyReason, row.address, row.sessionID, row.intakeID,
                ]
                insert = insert.values(values)
            }
            try await insert.run()
        }
    }
}
