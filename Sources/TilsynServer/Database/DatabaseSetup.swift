import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

/// Problems opening the database, reported before anything starts.
public enum DatabaseSetupError: Error, CustomStringConvertible {
    case cannotCreateDataDirectory(String, underlying: any Error)
    case invalidDatabaseURL(String)

    public var description: String {
        switch self {
        case .cannotCreateDataDirectory(let path, let underlying):
            "Cannot create the data folder '\(path)': \(underlying)"
        case .invalidDatabaseURL:
            "DATABASE_URL is not a valid postgres://user:password@host:port/database URL"
        }
    }
}

enum DatabaseSetup {
    /// The SQLite file inside the data folder.
    static func sqlitePath(dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("tilsyn.sqlite").path
    }

    static func register(_ config: DatabaseConfig, on app: Application) throws {
        switch config {
        case .sqlite(let dataDirectory):
            do {
                try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            } catch {
                throw DatabaseSetupError.cannotCreateDataDirectory(dataDirectory, underlying: error)
            }
            app.databases.use(
                .sqlite(.file(sqlitePath(dataDirectory: dataDirectory)), sqlLogLevel: .trace), as: .sqlite)
        case .sqliteInMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url):
            do {
                app.databases.use(try .postgres(url: url, sqlLogLevel: .trace), as: .psql)
            } catch {
                throw DatabaseSetupError.invalidDatabaseURL(url)
            }
        }
    }

    /// SQLite: write-ahead logging, so readers never block the writer. (sqlite-kit already turns
    /// foreign keys on and installs a busy handler on every connection.)
    static func prepare(_ config: DatabaseConfig, on database: any Database) async throws {
        guard case .sqlite = config, let sql = database as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
}
