import Fluent
import Foundation
import SQLKit
import Vapor

/// Announces every saved model of one kind to live listeners under the topics `topics` names (the
/// alarm queue, a zone's report board). A model middleware, so no feature can change one and forget
/// to tell the screens that show it.
struct ModelChangeAnnouncer<Watched: Model>: AsyncModelMiddleware {
    typealias Model = Watched
    let live: LiveUpdates
    /// PostgreSQL: announced with `pg_notify` on the writer's connection (delivered at commit).
    let usesNotify: Bool
    let topics: @Sendable (Watched, any Database) async throws -> Set<String>

    func create(model: Watched, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await announce(model, on: db)
    }

    func update(model: Watched, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        try await announce(model, on: db)
    }

    func delete(model: Watched, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        try await announce(model, on: db)
    }

    private func announce(_ model: Watched, on db: any Database) async throws {
        try await LiveAnnouncement.send(try await topics(model, db), live: live, usesNotify: usesNotify, on: db)
    }
}

/// How a change reaches the listeners: through PostgreSQL at commit, or straight to this process.
enum LiveAnnouncement {
    static func send(_ topics: Set<String>, live: LiveUpdates, usesNotify: Bool, on db: any Database) async throws {
        guard !topics.isEmpty else { return }
        if usesNotify, let sql = db as? any SQLDatabase {
            try await PostgresLiveRelay.notify(topics, on: sql)
        } else {
            await live.deliver(topics, inTransaction: db.inTransaction)
        }
    }

    /// Every model middleware that announces changes, for either database.
    static func register(_ app: Application, usesNotify: Bool, on id: DatabaseID?) {
        let live = app.live
        func use(_ middleware: any AnyModelMiddleware) {
            if let id {
                app.databases.middleware.use(middleware, on: id)
            } else {
                app.databases.middleware.use(middleware)
            }
        }
        use(VisitChangeAnnouncer(live: live, usesNotify: usesNotify))
        // The operator console's queue; a dispatched person's "my alarms" too.
        use(ModelChangeAnnouncer<AlarmEventModel>(live: live, usesNotify: usesNotify) { _, _ in ["alarms"] })
        use(
            ModelChangeAnnouncer<AlarmDispatchModel>(live: live, usesNotify: usesNotify) { dispatch, _ in
                ["alarms", "staff:\(dispatch.$staff.id.uuidString)"]
            })
        // A zone's report board: meetings, action points, and who has read a silent report.
        use(
            ModelChangeAnnouncer<ReportMeetingModel>(live: live, usesNotify: usesNotify) { meeting, _ in
                ["report:\(meeting.$zone.id.uuidString)"]
            })
        use(
            ModelChangeAnnouncer<ActionPointModel>(live: live, usesNotify: usesNotify) { point, _ in
                ["report:\(point.$zone.id.uuidString)"]
            })
        use(
            ModelChangeAnnouncer<ReportAcknowledgementModel>(live: live, usesNotify: usesNotify) { read, db in
                guard let meeting = try await ReportMeetingModel.find(read.$meeting.id, on: db) else { return [] }
                return ["report:\(meeting.$zone.id.uuidString)"]
            })
    }
}
