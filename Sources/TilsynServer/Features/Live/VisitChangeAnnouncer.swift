import Fluent
import Foundation

/// Announces every saved visit to live listeners: the staff who had it, the staff who have it
/// now, and the recipient's zone. Being a model middleware, no feature can change a visit and
/// forget to tell the screens.
struct VisitChangeAnnouncer: AsyncModelMiddleware {
    let live: LiveUpdates
    /// PostgreSQL: announced with `pg_notify` on the writer's own connection, so it is delivered
    /// when (and only if) the writer's transaction commits.
    let usesNotify: Bool

    func create(model: VisitModel, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await announce(model, before: [], on: db)
    }

    func update(model: VisitModel, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        let before = try await model.id.asyncMap { try await VisitModel.find($0, on: db)?.assignedStaffIDs } ?? []
        try await next.update(model, on: db)
        try await announce(model, before: before ?? [], on: db)
    }

    func delete(model: VisitModel, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        try await announce(model, before: [], on: db)
    }

    private func announce(_ visit: VisitModel, before: [UUID], on db: any Database) async throws {
        var topics = Set((before + visit.assignedStaffIDs).map { "staff:\($0.uuidString)" })
        if let zone = try await RecipientModel.find(visit.$recipient.id, on: db)?.$zone.id {
            topics.insert("zone:\(zone.uuidString)")
        }
        try await LiveAnnouncement.send(topics, live: live, usesNotify: usesNotify, on: db)
    }
}
