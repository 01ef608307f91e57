import Testing

@testable import Planner

/// The search's read-only tables read what they were built from, and keep it after the array
/// and the table they were copied from are gone (they own their memory).
struct ReadOnlyTableTests {
    @Test func readsWhatItWasBuiltFrom() {
        let numbers = (0..<1000).map { Double($0) * 0.5 - 7 }
        let table = ReadOnlyTable(numbers)
        #expect(table.count == numbers.count)
        #expect(Array(table) == numbers)
        #expect((0..<numbers.count).allSatisfy { table[$0] == numbers[$0] })
        #expect(ReadOnlyTable<Int>([]).isEmpty)
    }

    @Test func aCopyOutlivesTheOriginal() {
        var copy: ReadOnlyTable<String>?
        do {
            let words = (0..<100).map { "ord \($0)" }
            let table = ReadOnlyTable(words)
            copy = table
        }
        #expect(copy.map(Array.init) == (0..<100).map { "ord \($0)" })
    }
}
