import Foundation

/// Where the HTTP server listens.
public struct HTTPConfig: Sendable, Equatable {
    /// Host address; loopback by default so a fresh install is not exposed.
    public var hostname: String
    /// TCP port.
    public var port: Int

    /// Creates the HTTP settings.
    public init(hostname: String = "127.0.0.1", port: Int = 8080) {
        self.hostname = hostname
        self.port = port
    }
}

/// Which database holds Tilsyn's data.
public enum DatabaseConfig: Sendable, Equatable {
    /// The embedded default: one SQLite file (WAL mode) in a data folder.
    case sqlite(dataDirectory: String)
    /// An in-memory SQLite database, for tests.
    case sqliteInMemory
    /// PostgreSQL, from a `postgres://user:password@host:port/database` URL.
    case postgres(url: String)

    /// "sqlite" or "postgresql", as reported by `/healthz`.
    public var kind: String {
        switch self {
        case .sqlite, .sqliteInMemory: "sqlite"
        case .postgres: "postgresql"
        }
    }

    /// The choice the environment makes: `DATABASE_URL` selects PostgreSQL, otherwise SQLite in `dataDirectory`.
    public static func from(databaseURL: String?, dataDirectory: String) -> DatabaseConfig {
        if let databaseURL, !databaseURL.isEmpty { return .postgres(url: databaseURL) }
        return .sqlite(dataDirectory: dataDirectory)
    }
}

/// Everything Tilsyn needs to start, read once at the edge (command line beats environment beats defaults).
public struct TilsynConfiguration: Sendable {
    /// HTTP listener.
    public var http: HTTPConfig
    /// Storage.
    public var database: DatabaseConfig
    /// Load the demo municipality when the database is empty.
    public var loadDemoIfEmpty: Bool
    /// Seed for the demo municipality.
    public var demoSeed: UInt64
    /// Days before a decision's end that it is flagged.
    public var decisionExpiryNoticeDays: Int
    /// The time zone of the municipality: "today" for visits and decisions.
    public var timeZone: TimeZone
    /// Sign-in and access settings.
    public var auth: AuthConfig
    /// Write the audit log. Only the audit-overhead benchmark turns it off (`--unsafe-no-audit`).
    public var auditEnabled: Bool = true
    /// How long the planner may work when a leader plans a shift from the planning page.
    public var planningSeconds: Double = 3
    /// The SIP port of the alarm receiver (UDP and TCP, on the HTTP address); nil for none.
    public var sipPort: Int?
    /// How the alarm centre answers devices.
    public var alarms = AlarmSettings()

    /// Creates a configuration.
    public init(
        http: HTTPConfig = HTTPConfig(), database: DatabaseConfig = .sqlite(dataDirectory: "./data"),
        loadDemoIfEmpty: Bool = false, demoSeed: UInt64 = 2026, decisionExpiryNoticeDays: Int = 14,
        timeZone: TimeZone = TimeZone(identifier: "Europe/Oslo")!, auth: AuthConfig = AuthConfig()
    ) {
        self.auth = auth
        self.http = http
        self.database = database
        self.loadDemoIfEmpty = loadDemoIfEmpty
        self.demoSeed = demoSeed
        self.decisionExpiryNoticeDays = decisionExpiryNoticeDays
        self.timeZone = timeZone
    }
}
