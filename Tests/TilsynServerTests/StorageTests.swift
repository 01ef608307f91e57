import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct StorageTests {
        @Test func databaseURLSelectsPostgreSQLOtherwiseSQLiteInTheDataFolder() {
            #expect(
                DatabaseConfig.from(databaseURL: "postgres://u@h/db", dataDirectory: "d")
                    == .postgres(url: "postgres://u@h/db"))
            #expect(DatabaseConfig.from(databaseURL: nil, dataDirectory: "/srv/t") == .sqlite(dataDirectory: "/srv/t"))
            #expect(DatabaseConfig.from(databaseURL: "", dataDirectory: "./data") == .sqlite(dataDirectory: "./data"))
        }

        @Test func sqliteFileIsCreatedInTheDataFolderInWALMode() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-wal-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let app = try await Application.make(.testing)
            do {
                try await configure(app, TilsynConfiguration(database: .sqlite(dataDirectory: folder)))
                let sql = try #require(app.db as? any SQLDatabase)
                struct Mode: Decodable { var journal_mode: String }
                let mode = try await sql.raw("PRAGMA journal_mode").first(decoding: Mode.self)
                #expect(mode?.journal_mode == "wal")
                #expect(FileManager.default.fileExists(atPath: folder + "/tilsyn.sqlite"))
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
    }
}
