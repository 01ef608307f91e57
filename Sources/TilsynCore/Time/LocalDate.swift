import Foundation

/// A calendar date without a time zone ("2026-11-23"): the day a visit or a decision belongs to.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Four-digit year.
    public let year: Int
    /// 1–12.
    public let month: Int
    /// 1–31.
    public let day: Int

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Creates a date, or nil if no such day exists (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        let components = DateComponents(year: year, month: month, day: day)
        guard (1...9999).contains(year), let date = Self.calendar.date(from: components),
            Self.calendar.dateComponents([.year, .month, .day], from: date) == components
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "YYYY-MM-DD".
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date of `instant` in `timeZone`.
    public init(_ instant: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    /// Midnight UTC of the date, for arithmetic.
    private var utcMidnight: Date {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// The day of the week.
    public var weekday: Weekday {
        // Calendar: 1 = Sunday … 7 = Saturday.
        let number = Self.calendar.component(.weekday, from: utcMidnight)
        return Weekday.allCases[(number + 5) % 7]
    }

    /// The date `days` later (or earlier, if negative).
    public func adding(days: Int) -> LocalDate {
        let moved = Self.calendar.date(byAdding: .day, value: days, to: utcMidnight)!
        return LocalDate(moved, in: Self.calendar.timeZone)
    }

    /// Whole days from `self` to `other`.
    public func days(until other: LocalDate) -> Int {
        Self.calendar.dateComponents([.day], from: utcMidnight, to: other.utcMidnight).day!
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date of the form YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
