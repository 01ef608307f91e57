import Fluent
import Foundation
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
            return row
        }
        for chunk in rows.chunked(200) { try await chunk.create(on: request.db) }
    }
}
