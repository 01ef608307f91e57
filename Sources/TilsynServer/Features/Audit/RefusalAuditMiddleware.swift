import Foundation
import Vapor

/// Every refusal of a signed-in user is an audit event. Most refusals are logged where they are
/// decided (`RecipientAccess`, `RequireRole`, `RoleGrantCheck`), naming the record; this catches the
/// rest — a zone a person may not choose, an intake that is not theirs, any future check — so a new
/// refusal cannot go unlogged by being forgotten. It sits outside the error rendering, so it sees
/// the 403 a thrown error became.
struct RefusalAuditMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard response.status == .forbidden, request.signedInUser != nil, !request.refusalLogged else {
            return response
        }
        let recipientID = try? await RecipientAccessMiddleware.recipientID(of: request)
        let intakeID = request.parameters.get("intakeID").flatMap(UUID.init(uuidString:))
        let zone = request.query[String.self, at: "zone"]
        do {
            try await AuditLog.record(
                [
                    .init(
                        recipientID: recipientID, action: .denied, parts: [], basis: nil, intakeID: intakeID,
                        detail: zone.map { "zone: \($0.prefix(60))" })
                ], request: request)
        } catch {
            request.logger.error("Could not log a refusal", metadata: ["error": "\(String(reflecting: error))"])
        }
        return response
    }
}
