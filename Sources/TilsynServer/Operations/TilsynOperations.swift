import Fluent
import Foundation
import TilsynCore
import Vapor

/// The operations the command line offers besides `serve`, each on a fully configured application
/// that is shut down afterwards.
public enum TilsynOperations {
    /// Runs `body` on an application built by `configure` (migrated, not serving).
    public static func withApplication<T: Sendable>(
        _ configuration: TilsynConfiguration, _ body: @Sendable (Application) async throws -> T
    ) async throws -> T {
        let app = try await Application.make(Environment(name: "production", arguments: ["tilsyn"]))
        // The command prints its own result; migrations and queries need not chatter.
        app.logger.logLevel = .warning
        do {
            try await configure(app, configuration)
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// The schema version after migrating: the number of applied migrations.
    public static func schemaVersion(_ app: Application) async throws -> Int {
        try await MigrationLog.query(on: app.db).count()
    }

    /// Loads the demo municipality into an empty database and makes today's visits.
    public static func loadDemo(_ app: Application, seed: UInt64) async throws -> DemoReport {
        let loader = DemoLoader(database: app.db)
        guard try await loader.isEmpty() else { throw DemoError.databaseNotEmpty }
        let demo = DemoMunicipality.generate(.init(seed: seed, referenceDate: app.today))
        let cost = app.tilsyn.auth.passwordCost
        let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(DemoLoader.demoPassword, cost: cost) }
        let summary = try await loader.load(demo, passwordHash: hash)
        let ideas = try await loader.loadImprovements(
            demo, seed: seed, referenceDate: app.today, timeZone: app.tilsyn.timeZone)
        let visits = try await VisitService(database: app.db, expiryNoticeDays: app.tilsyn.decisionExpiryNoticeDays)
            .generate(on: app.today)
        return DemoReport(
            zones: summary.zones, staff: summary.staff, recipients: summary.recipients, decisions: summary.decisions,
            measures: summary.measures, visitsToday: visits.created, warningsToday: visits.warnings.count,
            signIns: demo.exampleSignIns, password: DemoLoader.demoPassword, improvementIdeas: ideas)
    }

    /// Imports a CSV file all or nothing.
    public static func importCSV(
        _ app: Application, kind: ImportKind, text: String, author: String
    ) async throws
        -> ImportSummary
    {
        let before = Set(try await StaffMemberModel.query(on: app.db).all().compactMap(\.id))
        let summary = try await CSVImporter(database: app.db, author: author).run(kind, text: text)
        if kind == .staff {
            // Every role given is an audit event, also when the command line gives it.
            let added = try await StaffMemberModel.query(on: app.db).all().filter { !before.contains($0.id!) }
            try await AuditLog.append(
                added.map {
                    .init(
                        recipientID: nil, action: .roleGranted, parts: [], basis: nil, subjectStaffID: $0.id,
                        detail: "role: – → \($0.role) (zone \($0.$zone.id?.uuidString ?? "–"))")
                }, by: .commandLine, resource: "tilsyn import staff", application: app, on: app.db)
        }
        return summary
    }

    /// Generates the visits of `date`; nothing is created twice.
    public static func generateVisits(_ app: Application, on date: LocalDate) async throws -> VisitReport {
        let result = try await VisitService(database: app.db, expiryNoticeDays: app.tilsyn.decisionExpiryNoticeDays)
            .generate(on: date)
        return VisitReport(
            date: date, created: result.created, alreadyPresent: result.alreadyPresent,
            warnings: result.warnings.map(\.message))
    }
}

/// What `tilsyn demo` made.
public struct DemoReport: Sendable {
    public var zones: Int
    public var staff: Int
    public var recipients: Int
    public var decisions: Int
    public var measures: Int
    public var visitsToday: Int
    public var warningsToday: Int
    /// One example sign-in per role.
    public var signIns: [String]
    /// The password of every demo account.
    public var password: String
    /// Improvement ideas in the demo's history.
    public var improvementIdeas: Int
}

/// What `tilsyn visits generate` did.
public struct VisitReport: Sendable {
    public var date: LocalDate
    public var created: Int
    public var alreadyPresent: Int
    public var warnings: [LocalizedText]
}

/// Why the demo could not be loaded.
public enum DemoError: Error, CustomStringConvertible {
    case databaseNotEmpty

    public var description: String {
        "The database already holds a municipality; the demo loads only into an empty one. Use another --data-dir."
    }
}

extension TilsynOperations {
    /// Runs the server until it is stopped (SIGINT/SIGTERM), then shuts down gracefully.
    public static func serve(_ configuration: TilsynConfiguration) async throws {
        var environment = Environment(name: "production", arguments: ["tilsyn", "serve"])
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        do {
            try await configure(app, configuration)
            let address = "http://\(configuration.http.hostname):\(configuration.http.port)/"
            app.logger.notice("Tilsyn is ready at \(address) (database: \(configuration.database.kind))")
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

extension TilsynOperations {
    /// Creates the account of the staff member with `employeeNumber`, or sets a new password (which
    /// ends their sessions). The way to make the first admin of a new installation.
    public static func setPassword(
        _ app: Application, employeeNumber: String, username: String?, password: String
    )
        async throws -> String
    {
        guard
            let staff = try await StaffMemberModel.query(on: app.db).filter(\.$employeeNumber == employeeNumber)
                .first()
        else { throw AccountError.unknownStaff }
        let account = try await AccountService(
            database: app.db, application: app, agent: .commandLine, grantor: .commandLine
        ).setPassword(staffID: staff.id!, username: username, password: password)
        return account.username
    }
}

extension AccountError: CustomStringConvertible {
    public var description: String { message.en }
}

/// What `tilsyn audit verify` reports.
public struct AuditVerification: Sendable {
    /// Events found intact, from the first.
    public var verified: Int
    /// The hash of the last intact event.
    public var head: String
    /// The first break, in words; nil when the chain is whole.
    public var problem: String?
}

extension TilsynOperations {
    /// Walks the audit log's hash chain (`AuditChain.verify`).
    public static func verifyAuditLog(_ app: Application) async throws -> AuditVerification {
        let result = try await AuditChain.verify(on: app.db)
        return AuditVerification(verified: result.verified, head: result.head, problem: result.problem?.description)
    }
}
