/// Fødselsnummer: an 11-digit Norwegian national identity number with its two check digits.
///
/// Tilsyn's demo and tests only ever make *synthetic* numbers of the kind used in Norwegian test
/// environments: the month is raised by 80, so they can never belong to a real person.
public struct NationalIdentityNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 11 digits.
    public let value: String

    private static let firstWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    private static let secondWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]

    /// Parses and checks a number; spaces are ignored.
    public init(_ text: String) throws(Violation) {
        let digits = text.filter { !$0.isWhitespace }
        guard digits.count == 11, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            throw Self.violation(
                "nationalId.format", nb: "Fødselsnummeret må ha 11 siffer.",
                en: "The national identity number must have 11 digits.")
        }
        let numbers = digits.compactMap(\.wholeNumberValue)
        guard Self.checkDigits(for: Array(numbers.prefix(9))) == [numbers[9], numbers[10]] else {
            throw Self.violation(
                "nationalId.checkDigits", nb: "Kontrollsifrene i fødselsnummeret stemmer ikke.",
                en: "The check digits of the national identity number are wrong.")
        }
        let month = numbers[2] * 10 + numbers[3]
        let day = numbers[0] * 10 + numbers[1]
        // D-numbers add 40 to the day; H-numbers 40 and synthetic numbers 80 to the month.
        guard (1...12).contains(Self.plainMonth(month)), (1...31).contains(day > 40 ? day - 40 : day) else {
            throw Self.violation(
                "nationalId.date", nb: "Fødselsnummeret har ingen gyldig dato.",
                en: "The national identity number holds no valid date.")
        }
        value = digits
    }

    /// Whether the number is a synthetic test number (month + 80).
    public var isSynthetic: Bool {
        let month = Int(value.dropFirst(2).prefix(2)) ?? 0
        return month > 80
    }

    /// The two check digits for nine leading digits, or nil if no valid number starts with them.
    public static func checkDigits(for nine: [Int]) -> [Int]? {
        guard nine.count == 9 else { return nil }
        guard let first = checkDigit(nine, weights: firstWeights),
            let second = checkDigit(nine + [first], weights: secondWeights)
        else { return nil }
        return [first, second]
    }

    /// Makes a synthetic number for a birth date and an individual number (000–999), or nil when
    /// that individual number yields an invalid check digit (try the next one).
    public static func synthetic(day: Int, month: Int, year: Int, individual: Int) -> NationalIdentityNumber? {
        let nine = [
            day / 10, day % 10, (month + 80) / 10, (month + 80) % 10, (year % 100) / 10, year % 10,
            individual / 100, (individual / 10) % 10, individual % 10,
        ]
        guard let check = checkDigits(for: nine) else { return nil }
        return try? NationalIdentityNumber((nine + check).map(String.init).joined())
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static func checkDigit(_ digits: [Int], weights: [Int]) -> Int? {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let digit = 11 - sum % 11
        switch digit {
        case 11: return 0
        case 10: return nil
        default: return digit
        }
    }

    /// The calendar month of a month field that may carry +40 (H-numbers) or +80 (synthetic).
    private static func plainMonth(_ month: Int) -> Int {
        month > 80 ? month - 80 : (month > 40 ? month - 40 : month)
    }

    private static func violation(_ code: String, nb: String, en: String) -> Violation {
        Violation(field: "nationalId", code: code, message: LocalizedText(nb: nb, en: en))
    }
}
