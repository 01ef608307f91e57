import Fluent
import Foundation
import TilsynCore
import Vapor

/// `/api/v1/recipients`: list, search, create, read, update, history.
struct RecipientAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let recipients = routes.grouped("recipients")
        recipients.get(use: list).classify(.recipientList(.keyFacts))
        recipients.grouped(RequireRole.recipientRegistrars).post(use: create).classify(.recipientCreation)
        recipients.get(":recipientID", use: show).classify(.recipientData(.keyFacts, .read))
        recipients.grouped(RequireRole.recipientRegistrars).put(":recipientID", use: update)
            .classify(.recipientData(.keyFacts, .change))
        recipients.get(":recipientID", "history", use: history).classify(.recipientData(.keyFacts, .read))
    }

    @Sendable func list(req: Request) async throws -> [RecipientResponse] {
        let zone = try req.query.get(UUID?.self, at: "zone")
        let models = try await RecipientRepository(database: req.db).search(
            query: req.query[String.self, at: "q"], zoneID: zone)
        let visible = try await req.recipientAccess.filterListed(
            models.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        return models.filter { visible.contains($0.id!) }.map { RecipientResponse($0.domain, version: $0.version) }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let body = try req.content.decode(RecipientRequest.self)
        let recipient = try body.domain(id: UUID())
        let context = try ChangeContext.from(req, reason: body.reason, required: false)
        let created = try await RecipientRepository(database: req.db).create(recipient, context: context)
        try req.recipientAccess.noteCreated(created.id, parts: [.keyFacts])
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/recipients/\(created.id)")
        try response.content.encode(RecipientResponse(created, version: 1))
        return response
    }

    @Sendable func show(req: Request) async throws -> RecipientResponse {
        let id = try req.uuidParameter("recipientID", notFound: .recipient)
        let model = try await RecipientRepository(database: req.db).model(id)
        return RecipientResponse(model.domain, version: model.version)
    }

    @Sendable func update(req: Request) async throws -> RecipientResponse {
        let id = try req.uuidParameter("recipientID", notFound: .recipient)
        let body = try req.content.decode(RecipientRequest.self)
        let context = try ChangeContext.from(req, reason: body.reason, required: true)
        let recipient = try body.domain(id: id)
        let version = try await RecipientRepository(database: req.db).update(
            recipient, expectedVersion: body.version, context: context)
        return RecipientResponse(recipient, version: version)
    }

    @Sendable func history(req: Request) async throws -> [RecordVersion] {
        let id = try req.uuidParameter("recipientID", notFound: .recipient)
        _ = try await RecipientRepository(database: req.db).model(id)
        return try await VersionHistory.versions(of: .recipient, id: id, on: req.db)
    }
}
