import Testing

@testable import TilsynCore

@Suite struct CSVTableTests {
    @Test func parsesQuotedFieldsWithSeparatorsQuotesAndNewlines() throws {
        let text = "Name,Note\n\"Hansen, Kari\",\"sa \"\"hei\"\"\nog gikk\"\nOle,enkel\n"
        let table = try CSVTable(parsing: text)
        #expect(table.header == ["name", "note"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0]["name"] == "Hansen, Kari")
        #expect(table.rows[0]["note"] == "sa \"hei\"\nog gikk")
        #expect(table.rows[1].line == 4, "the second row starts after a two-line record")
    }

    @Test func semicolonSeparatedFilesFromNorwegianSpreadsheets() throws {
        let table = try CSVTable(parsing: "\u{FEFF}a;b\r\n1,5;2\r\n")
        #expect(table.rows[0]["a"] == "1,5")
        #expect(table.rows[0]["b"] == "2")
    }

    @Test func wrongFieldCountNamesTheLine() {
        #expect(throws: CSVTable.ParseError(line: 3, reason: "expected 2 fields as in the header, found 3")) {
            try CSVTable(parsing: "a,b\n1,2\n1,2,3\n")
        }
    }

    @Test func unclosedQuoteIsAnError() {
        #expect(throws: CSVTable.ParseError.self) { try CSVTable(parsing: "a\n\"open\n") }
    }

    @Test func missingColumnsAreNamed() throws {
        let table = try CSVTable(parsing: "a\n1\n")
        #expect(throws: CSVTable.ParseError(line: 1, reason: "missing column(s): b, c")) {
            try table.require(columns: ["a", "b", "c"])
        }
    }
}
