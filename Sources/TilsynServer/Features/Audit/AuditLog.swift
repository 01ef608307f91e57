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
        /// The staff member an account or role change is about.
        var subjectStaffID: UUID? = nil
        /// What changed, before → after.
        var detail: String? = nil
    }

    /// A route's path pattern as the log names it: "/recipients/:recipientID".
    static func pattern(_ route: Route) -> String {
        "/" + route.path.map(\.description).joined(separator: "/")
    }

    /// Appends `entries` for the request's user, as one batch of the chain.
    static func record(_ entries: [Entry], request: Request) async throws {
        guard !entries.isEmpty, request.application.tilsyn.auditEnabled else { return }
        if entries.contains(where: { $0.action == .denied }) { request.refusalLogged = true }
        try await append(
            entries, by: Agent(request), resource: resource(of: request), application: request.application,
            on: request.db)
    }

    /// The route a request came through, as the log names it: "GET /recipients/:recipientID".
    static func resource(of request: Request) -> String {
        "\(request.method.rawValue) " + (request.route.map(pattern) ?? request.url.path)
    }

    /// Who did what an event records.
    struct Agent: Sendable {
        var accountID: UUID?
        var staffID: UUID?
        var name: String
        var role: String
        var address: String
        var sessionID: UUID?

        /// The request's signed-in user (or "ukjent" when none).
        init(_ request: Request) {
            let user = request.signedInUser
            self.init(
                accountID: user?.accountID, staffID: user?.staffID, name: user?.name ?? "ukjent",
                role: user?.role.rawValue ?? "none", address: request.clientAddress, sessionID: user?.sessionID)
        }

        init(accountID: UUID?, staffID: UUID?, name: String, role: String, address: String, sessionID: UUID?) {
            self.accountID = accountID
            self.staffID = staffID
            self.name = name
            self.role = role
            self.address = address
            self.sessionID = sessionID
        }

        /// The operator at the server's command line.
        static let commandLine = Agent(
            accountID: nil, staffID: nil, name: "kommandolinjen", role: "commandLine", address: "local",
            sessionID: nil)
    }

    /// Appends `entries` by `actor` (a request's user, or the command line).
    static func append(
        _ entries: [Entry], by actor: Agent, resource: String, application: Application, on database: any Database
    ) async throws {
        guard !entries.isEmpty, application.tilsyn.auditEnabled else { return }
        // Whole milliseconds: what the chain's hash covers, kept exactly by every database.
        let now = Date(timeIntervalSince1970: Double(AuditChain.milliseconds(Date())) / 1000)
        let rows = entries.map { entry in
            let row = AuditEventModel()
            row.id = UUID()
            row.at = now
            row.accountID = actor.accountID
            row.staffID = actor.staffID
            row.actorName = actor.name
            row.role = actor.role
            row.recipientID = entry.recipientID
            row.action = entry.action.rawValue
            row.resource = String(resource.prefix(200))
            row.parts = entry.parts.map(\.rawValue).joined(separator: ",")
            row.basis = entry.basis?.rawValue ?? ""
            row.emergencyReason = entry.emergencyReason
            row.address = String(actor.address.prefix(100))
            row.sessionID = actor.sessionID
            row.intakeID = entry.intakeID
            row.subjectStaffID = entry.subjectStaffID
            row.detail = entry.detail.map { String($0.prefix(500)) }
            return row
        }
        try await application.auditAppender.append(rows, on: database)
    }
}

extension Request {
    private struct RefusalLoggedKey: StorageKey {
        typealias Value = Bool
    }

    /// Whether this request has already written a `denied` event (so `RefusalAuditMiddleware` need not).
    var refusalLogged: Bool {
        get { storage[RefusalLoggedKey.self] ?? false }
        set { storage[RefusalLoggedKey.self] = newValue }
    }
}

extension Application {
    private struct AuditAppenderKey: StorageKey {
        typealias Value = AuditAppender
    }

    /// The one appender of this process's audit events.
    var auditAppender: AuditAppender {
        if let appender = storage[AuditAppenderKey.self] { return appender }
        let appender = AuditAppender()
        storage[AuditAppenderKey.self] = appender
        return appender
    }
}
