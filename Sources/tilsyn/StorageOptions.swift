import ArgumentParser
import Foundation
import TilsynServer

/// Where the data lives: `--data-dir` (or TILSYN_DATA_DIR), unless DATABASE_URL selects PostgreSQL.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder of the SQLite database (env TILSYN_DATA_DIR; default ./data).")
    var dataDirectory: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Command line beats environment beats default.
    var database: DatabaseConfig {
        DatabaseConfig.from(
            databaseURL: environment["DATABASE_URL"],
            dataDirectory: dataDirectory ?? environment["TILSYN_DATA_DIR"] ?? "./data")
    }

    func configuration() -> TilsynConfiguration {
        TilsynConfiguration(database: database)
    }
}
