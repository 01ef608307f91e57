import TilsynCore

/// Why an import file was rejected; nothing is written when there is any.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    /// One problem on one line of the file.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// 1-based line in the file (the header is line 1).
        public var line: Int
        /// The column at fault, if one is.
        public var column: String?
        /// What is wrong, in English (the CLI's language).
        public var reason: String

        public var description: String {
            "line \(line)" + (column.map { ", column '\($0)'" } ?? "") + ": \(reason)"
        }
    }

    /// At most `maximumReported` problems, in file order.
    public var problems: [Problem]

    static let maximumReported = 25

    public var description: String {
        "The file was not imported; nothing was written.\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}

/// What an import did.
public struct ImportSummary: Sendable, Equatable {
    /// The kind of records.
    public var kind: ImportKind
    /// How many rows were written.
    public var imported: Int
}

/// What a CSV file holds.
public enum ImportKind: String, Sendable, CaseIterable {
    case zones, staff, recipients, decisions, measures, roster

    /// The columns a file of this kind must have; others listed in the README are optional.
    var requiredColumns: [String] {
        switch self {
        case .zones: ["unit", "zone"]
        case .staff: ["employee_number", "given_name", "family_name", "role", "zone"]
        case .recipients:
            [
                "national_id", "given_name", "family_name", "street", "postal_code", "city", "latitude", "longitude",
                "zone",
            ]
        case .decisions: ["national_id", "service_type", "hours_per_week", "valid_from"]
        case .measures: ["national_id", "title", "weekdays", "windows", "duration_minutes"]
        case .roster: ["employee_number", "date", "shift"]
        }
    }
}
