import Testing

@testable import TilsynCore

@Suite struct NationalIdentityNumberTests {
    @Test func syntheticNumberHasValidCheckDigitsAndIsMarkedSynthetic() throws {
        let number = try #require(NationalIdentityNumber.synthetic(day: 5, month: 3, year: 1941, individual: 123))
        #expect(number.value.count == 11)
        #expect(number.value.hasPrefix("058341"))
        #expect(number.isSynthetic)
        #expect(try NationalIdentityNumber(number.value) == number)
    }

    @Test func wrongCheckDigitIsRejected() throws {
        let number = try #require(NationalIdentityNumber.synthetic(day: 5, month: 3, year: 1941, individual: 123))
        let last = number.value.last!.wholeNumberValue!
        let tampered = String(number.value.dropLast()) + String((last + 1) % 10)
        #expect(throws: Violation.self) { try NationalIdentityNumber(tampered) }
    }

    @Test(arguments: ["123", "abcdefghijk", "1234567890123", ""])
    func malformedNumbersAreRejected(text: String) {
        #expect(throws: Violation.self) { try NationalIdentityNumber(text) }
    }

    @Test func impossibleMonthIsRejectedEvenWithValidCheckDigits() throws {
        // Month 95 = 15 + 80: no such month.
        let nine = [0, 1, 9, 5, 4, 1, 1, 2, 3]
        let check = try #require(NationalIdentityNumber.checkDigits(for: nine))
        let text = (nine + check).map(String.init).joined()
        #expect(throws: Violation.self) { try NationalIdentityNumber(text) }
    }
}
