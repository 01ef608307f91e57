import Fluent
import Foundation
import TilsynCore
import Vapor

/// Break the glass: a stated reason opens one recipient's record for a limited time; the grant is
/// flagged in the audit log and on the leader's review list.
struct EmergencyAccessController: RouteCollection {
    struct EmergencyRequest: Content {
        var reason: String
    }

    struct EmergencyResponse: Content {
        var recipientId: UUID
        var expiresAt: Date
        var reason: String
    }

    /// A reason too short to say anything.
    struct ReasonTooShortError: UserFacingError {
        var status: HTTPResponseStatus { .unprocessableEntity }
        var code: String { "reasonTooShort" }
        var field: String? { "reason" }
        var message: LocalizedText {
            LocalizedText(
                nb: "Skriv hvorfor du trenger tilgang (minst 10 tegn). Begrunnelsen logges og vurderes av leder.",
                en: "Write why you need access (at least 10 characters). The reason is logged and reviewed by a leader."
            )
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.post("recipients", ":recipientID", "emergency-access", use: grantForm).classify(.emergencyGrant)
        routes.post("api", "v1", "recipients", ":recipientID", "emergency-access", use: grantAPI)
            .classify(.emergencyGrant)
    }

    @Sendable func grantForm(req: Request) async throws -> Response {
        let id = try await grant(req)
        return req.redirect(to: "/recipients/\(id)")
    }

    @Sendable func grantAPI(req: Request) async throws -> Response {
        let id = try await grant(req)
        let grant = try require(
            try await EmergencyAccessModel.query(on: req.db).filter(\.$recipient.$id == id)
                .filter(\.$staffID == req.requireUser().staffID).sort(\.$grantedAt, .descending).first())
        return try await EmergencyResponse(recipientId: id, expiresAt: grant.expiresAt, reason: grant.reason)
            .encodeResponse(status: .created, for: req)
    }

    private func grant(_ req: Request) async throws -> UUID {
        let user = try req.requireUser()
        let recipientID = try req.uuidParameter("recipientID", notFound: .recipient)
        guard try await RecipientModel.find(recipientID, on: req.db) != nil else { throw NotFoundError.recipient }
        let reason = try req.content.decode(EmergencyRequest.self).reason.trimmingCharacters(
            in: .whitespacesAndNewlines)
        guard reason.count >= 10 else { throw ReasonTooShortError() }
        let access = try req.recipientAccess
        if case .denied(let possible) = try await access.decide(recipientID, part: .carePlan), !possible {
            try await AuditLog.record(
                [.init(recipientID: recipientID, action: .denied, parts: [.keyFacts], basis: nil)], request: req)
            throw AccessDeniedError(recipientID: recipientID, emergencyPossible: false)
        }
        let grant = EmergencyAccessModel()
        grant.accountID = user.accountID
        grant.staffID = user.staffID
        grant.$recipient.id = recipientID
        grant.reason = String(reason.prefix(1000))
        grant.grantedAt = Date()
        grant.expiresAt = grant.grantedAt.addingTimeInterval(req.application.tilsyn.auth.emergencyAccessMinutes * 60)
        try await grant.create(on: req.db)
        try await AuditLog.record(
            [
                .init(
                    recipientID: recipientID, action: .emergencyGranted, parts: [], basis: .emergency,
                    emergencyReason: grant.reason)
            ], request: req)
        return recipientID
    }
}

/// `#require` for server code: unwraps or fails with 500.
func require<T>(_ value: T?) throws -> T {
    guard let value else { throw Abort(.internalServerError) }
    return value
}
