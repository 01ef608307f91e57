import ArgumentParser
import Foundation
import TilsynCore
import TilsynServer

/// `tilsyn migrate`: bring the schema up to date.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let version = try await TilsynOperations.withApplication(storage.configuration()) {
            try await TilsynOperations.schemaVersion($0)
        }
        print("Database (\(storage.database.kind)) is at schema version \(version).")
    }
}

/// `tilsyn demo`: fill an empty database with the synthetic demo municipality.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the synthetic demo municipality (6 zones, ~110 staff, 280 recipients) into an empty database.")
    @OptionGroup var storage: StorageOptions
    @Option(help: "Seed; the same seed and day give the same municipality.") var seed: UInt64 = 2026

    func run() async throws {
        let seed = self.seed
        let report = try await TilsynOperations.withApplication(storage.configuration()) {
            try await TilsynOperations.loadDemo($0, seed: seed)
        }
        print(
            """
            Demo municipality loaded (seed \(seed)):
              zones: \(report.zones)
              staff: \(report.staff)
              recipients: \(report.recipients)
              decisions: \(report.decisions)
              measures: \(report.measures)
              visits today: \(report.visitsToday) (\(report.warningsToday) decision warnings)
              improvement ideas: \(report.improvementIdeas)
            Sign in as any staff member: username = employee number in lower case, password \(report.password).
            One per role: \(report.signIns.joined(separator: "; "))
            """)
    }
}

/// `tilsyn import KIND FILE`: all-or-nothing CSV import.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import zones, staff, recipients, decisions, measures or the roster from a CSV file, all or nothing.",
        discussion: "Columns are described in README.md. A file with a bad row is rejected with its line number.")
    @OptionGroup var storage: StorageOptions
    @Argument(help: "zones, staff, recipients, decisions, measures or roster") var kind: String
    @Argument(help: "The CSV file (UTF-8, comma or semicolon separated).") var file: String

    func run() async throws {
        guard let kind = ImportKind(rawValue: kind) else {
            throw ValidationError(
                "Unknown kind '\(kind)'; use one of: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read the file '\(file)'.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("The file '\(file)' is not UTF-8 text; save it as CSV UTF-8.")
        }
        let author = "import (\(ProcessInfo.processInfo.environment["USER"] ?? "cli"))"
        do {
            let summary = try await TilsynOperations.withApplication(storage.configuration()) {
                try await TilsynOperations.importCSV($0, kind: kind, text: text, author: author)
            }
            print("Imported \(summary.imported) \(summary.kind.rawValue) from \(file).")
        } catch let error as ImportError {
            FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
    }
}

/// `tilsyn visits generate --date D`.
struct Visits: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Visits of a date.", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the visits of a date from the care plans; running it twice creates nothing twice.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "The date, YYYY-MM-DD.") var date: String

        func run() async throws {
            guard let day = LocalDate(date) else {
                throw ValidationError("--date must be a date of the form YYYY-MM-DD, not '\(date)'.")
            }
            let report = try await TilsynOperations.withApplication(storage.configuration()) {
                try await TilsynOperations.generateVisits($0, on: day)
            }
            print("\(report.date): \(report.created) visits created, \(report.alreadyPresent) already there.")
            if !report.warnings.isEmpty {
                print("\(report.warnings.count) warnings:")
                for warning in report.warnings.prefix(50) { print("  - \(warning.en)") }
                if report.warnings.count > 50 { print("  … and \(report.warnings.count - 50) more") }
            }
        }
    }
}
