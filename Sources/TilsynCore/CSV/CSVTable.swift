/// A parsed CSV file (RFC 4180: comma or semicolon separated, quoted fields, doubled quotes) with
/// the line number each row started on, so an import can say exactly where it went wrong.
public struct CSVTable: Sendable {
    /// One data row.
    public struct Row: Sendable {
        /// The 1-based line in the file where the row starts (the header is line 1).
        public var line: Int
        /// Values by lower-cased header name.
        public var values: [String: String]

        /// The trimmed value of `column`, or "" if the column is absent.
        public subscript(column: String) -> String {
            values[column]?.trimmingCharacters(in: .whitespaces) ?? ""
        }
    }

    /// A file that is not well-formed CSV.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based line of the fault.
        public var line: Int
        /// What is wrong, in English.
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Lower-cased header names in file order.
    public var header: [String]
    /// Data rows; blank lines are skipped.
    public var rows: [Row]

    /// Parses `text`. The separator is `,` or, if the header has more semicolons than commas, `;`
    /// (spreadsheets with a Norwegian locale save with semicolons).
    public init(parsing text: String) throws(ParseError) {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let firstLine = body.prefix { $0 != "\n" && $0 != "\r" }
        let separator: Character =
            firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        let records = try Self.records(in: body, separator: separator)
        guard let (_, headerFields) = records.first else {
            throw ParseError(line: 1, reason: "the file is empty; the first line must name the columns")
        }
        header = headerFields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            throw ParseError(line: 1, reason: "the column '\(name)' appears twice")
        }
        var rows: [Row] = []
        for (line, fields) in records.dropFirst() {
            if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard fields.count == header.count else {
                throw ParseError(
                    line: line, reason: "expected \(header.count) fields as in the header, found \(fields.count)")
            }
            rows.append(Row(line: line, values: Dictionary(uniqueKeysWithValues: zip(header, fields))))
        }
        self.rows = rows
    }

    /// Throws if any of `columns` is missing from the header.
    public func require(columns: [String]) throws(ParseError) {
        let missing = columns.filter { !header.contains($0) }
        if !missing.isEmpty {
            throw ParseError(line: 1, reason: "missing column(s): \(missing.joined(separator: ", "))")
        }
    }

    private static func records(in text: String, separator: Character) throws(ParseError) -> [(Int, [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending {
                pending = nil
                return character
            }
            return iterator.next()
        }
        while let character = next() {
            if inQuotes {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                inQuotes = true
            case separator:
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append((recordLine, fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            default:
                field.append(character)
            }
        }
        if inQuotes { throw ParseError(line: recordLine, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        return records
    }
}
