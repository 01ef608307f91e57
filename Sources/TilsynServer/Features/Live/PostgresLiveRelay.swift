import FluentPostgresDriver
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import SQLKit
import Vapor

/// Live updates across several server processes (R2): changes are announced with PostgreSQL
/// NOTIFY, and each process LISTENs on its own connection and hands what it hears to its local
/// listeners. The connection is re-opened, with a growing pause, whenever it drops.
final class PostgresLiveRelay: LifecycleHandler, @unchecked Sendable {
    static let channel = "tilsyn_live"

    let configuration: PostgresConnection.Configuration
    let live: LiveUpdates
    let logger: Logger
    private var task: Task<Void, Never>?
    /// The open LISTEN connection, closed at shutdown (cancelling the task alone would leave it
    /// waiting for notifications).
    private let connection = NIOLockedValueBox<PostgresConnection?>(nil)

    init(url: String, live: LiveUpdates, logger: Logger) throws {
        configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        self.live = live
        self.logger = logger
    }

    /// Announces topics; inside a transaction PostgreSQL delivers them at commit.
    static func notify(_ topics: Set<String>, on sql: any SQLDatabase) async throws {
        guard !topics.isEmpty else { return }
        try await sql.raw("SELECT pg_notify(\(bind: channel), \(bind: topics.sorted().joined(separator: ",")))").run()
    }

    /// Both boot paths start the relay (`boot()` calls only the synchronous one, `asyncBoot()` the
    /// asynchronous one); it runs in its own task.
    func didBoot(_ application: Application) throws {
        guard task == nil else { return }
        let database = application.db
        let configuration = configuration
        let live = live
        let logger = logger
        let current = connection
        task = Task.detached {
            await live.setRelay { topics in
                guard let sql = database as? any SQLDatabase else { return }
                try? await Self.notify(topics, on: sql)
            }
            var pause: Duration = .milliseconds(250)
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(
                        configuration: configuration, id: 1, logger: logger)
                    current.withLockedValue { $0 = connection }
                    if Task.isCancelled {
                        try? await connection.close()
                        return
                    }
                    pause = .milliseconds(250)
                    try await connection.listen(on: Self.channel) { notifications in
                        await live.setRelayListening(true)
                        defer { Task { await live.setRelayListening(false) } }
                        for try await notification in notifications {
                            await live.deliver(Set(notification.payload.split(separator: ",").map(String.init)))
                        }
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { return }
                    logger.warning("Live updates: LISTEN connection lost, retrying", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(10))
            }
        }
    }

    func didBootAsync(_ application: Application) async throws {
        try didBoot(application)
    }

    func shutdown(_ application: Application) {
        task?.cancel()
        if let open = connection.withLockedValue({ $0 }) { Task { try? await open.close() } }
    }
}
