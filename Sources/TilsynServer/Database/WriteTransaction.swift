import Fluent
import Foundation
import SQLKit

extension Database {
    /// A transaction that writes. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`),
    /// waiting at most `WriteTransaction.busyMilliseconds` for another writer: a deferred
    /// transaction that reads first and writes later fails at once with "database is locked" when
    /// another writer committed in between (its snapshot is stale), which is what concurrent
    /// requests met. A database that stays busy throws SQLite's busy error, which the error
    /// rendering answers with 503 and `Retry-After`. On PostgreSQL it is an ordinary transaction.
    func writeTransaction<T: Sendable>(
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite", !inTransaction else {
            return try await transaction(body)
        }
        return try await transaction { database in
            let connection = database as! any SQLDatabase
            // Fluent began a deferred transaction that has not touched the database yet: end it and
            // begin again, immediately, on the same connection. Fluent's COMMIT or ROLLBACK ends ours.
            try await connection.raw("COMMIT TRANSACTION").run()
            try await connection.raw("PRAGMA busy_timeout = \(unsafeRaw: String(WriteTransaction.busyMilliseconds))")
                .run()
            try await connection.raw("BEGIN IMMEDIATE TRANSACTION").run()
            return try await body(database)
        }
    }
}

/// Settings of `Database.writeTransaction`.
enum WriteTransaction {
    /// How long a write waits for another writer before the request is answered 503.
    static let busyMilliseconds = 5000
    /// What `Retry-After` tells a client that met a busy database.
    static let retryAfterSeconds = 2
}
