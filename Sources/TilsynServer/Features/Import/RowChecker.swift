import Fluent
import Foundation
import TilsynCore

/// Collects the problems of an import row by row, so the whole file is checked in one pass and
/// every bad line is reported at once.
struct RowChecker {
    let table: CSVTable
    private(set) var problems: [ImportError.Problem] = []

    init(table: CSVTable) {
        self.table = table
    }

    mutating func fail(_ row: CSVTable.Row, _ column: String?, _ reason: String) {
        problems.append(.init(line: row.line, column: column, reason: reason))
    }

    /// The value of a column that must not be blank.
    mutating func required(_ row: CSVTable.Row, _ column: String) -> String? {
        let value = row[column]
        if value.isEmpty {
            fail(row, column, "is empty")
            return nil
        }
        return value
    }

    /// A value parsed by `parse`; a blank optional column is parsed too (parsers decide what blank means).
    mutating func parse<T>(_ row: CSVTable.Row, _ column: String, as expected: String, _ parse: (String) -> T?) -> T? {
        let value = row[column]
        if let parsed = parse(value) { return parsed }
        fail(row, column, value.isEmpty ? "is empty; expected \(expected)" : "'\(value)' is not \(expected)")
        return nil
    }

    /// The recipient a row names by national id, which must already be in the database.
    mutating func recipient(_ row: CSVTable.Row, _ lookups: ImportLookups) -> UUID? {
        let value = row["national_id"]
        if let id = lookups.recipientByNationalID[value.filter { !$0.isWhitespace }] { return id }
        fail(row, "national_id", "no care recipient has the national identity number '\(value)'")
        return nil
    }

    /// Runs the domain's rules; records every violation against the row.
    mutating func check(_ row: CSVTable.Row, _ validate: () throws -> Void) -> Bool {
        do {
            try validate()
            return true
        } catch let failure as ValidationFailure {
            for violation in failure.violations {
                fail(row, ImportParsing.column(for: violation.field), violation.message.en)
            }
        } catch {
            fail(row, nil, "\(error)")
        }
        return false
    }
}

/// What an import needs to resolve names to ids, read once before checking.
struct ImportLookups: Sendable {
    var zonesByName: [String: UUID]
    var staffByNumber: [String: UUID]
    var recipientByNationalID: [String: UUID]
    /// (recipient, service type) → the decision valid longest.
    var decisions: [String: UUID]

    static func load(from database: any Database) async throws -> ImportLookups {
        let zones = try await ZoneModel.query(on: database).all()
        let staff = try await StaffMemberModel.query(on: database).all()
        let recipients = try await RecipientModel.query(on: database).all()
        let decisions = try await DecisionModel.query(on: database).sort(\.$validFrom).all()
        var latest: [String: UUID] = [:]
        for decision in decisions { latest["\(decision.$recipient.id)/\(decision.serviceType)"] = decision.id }
        return ImportLookups(
            zonesByName: Dictionary(
                zones.map { (normalise($0.name), $0.id!) }, uniquingKeysWith: { first, _ in first }),
            staffByNumber: Dictionary(uniqueKeysWithValues: staff.map { ($0.employeeNumber, $0.id!) }),
            recipientByNationalID: Dictionary(uniqueKeysWithValues: recipients.map { ($0.nationalID, $0.id!) }),
            decisions: latest)
    }

    func zone(named name: String) -> UUID? { zonesByName[Self.normalise(name)] }

    func latestDecision(of recipientID: UUID, serviceType: ServiceType) -> UUID? {
        decisions["\(recipientID)/\(serviceType.rawValue)"]
    }

    static func normalise(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).folding(
            options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
