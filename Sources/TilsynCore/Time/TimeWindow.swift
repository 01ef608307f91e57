/// A time of day in whole minutes after midnight, 0…1440.
public struct MinuteOfDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Minutes after midnight.
    public let minutes: Int

    /// Creates a time; 1440 means the midnight that ends the day.
    public init?(minutes: Int) {
        guard (0...1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Creates a time from hours and minutes.
    public init?(hour: Int, minute: Int) {
        guard (0...24).contains(hour), (0...59).contains(minute) else { return nil }
        self.init(minutes: hour * 60 + minute)
    }

    /// Parses "HH:MM".
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]) else {
            return nil
        }
        self.init(hour: hour, minute: minute)
    }

    /// "07:30".
    public var description: String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func < (lhs: MinuteOfDay, rhs: MinuteOfDay) -> Bool { lhs.minutes < rhs.minutes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = MinuteOfDay(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a time of the form HH:MM")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A hard time window on one day within which a visit must start and end.
public struct TimeWindow: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Earliest start.
    public var start: MinuteOfDay
    /// Latest end.
    public var end: MinuteOfDay

    /// Creates a window; call `violations(duration:)` to check it.
    public init(start: MinuteOfDay, end: MinuteOfDay) {
        self.start = start
        self.end = end
    }

    /// Parses "07:30-09:30".
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let start = MinuteOfDay(String(parts[0])), let end = MinuteOfDay(String(parts[1]))
        else { return nil }
        self.init(start: start, end: end)
    }

    /// Length in minutes.
    public var length: Int { end.minutes - start.minutes }

    /// "07:30–09:30".
    public var description: String { "\(start)-\(end)" }

    /// The rules of a window for a visit of `duration` minutes: it must end after it starts, and the
    /// visit must fit inside it.
    public func violations(duration: Int, field: String) -> [Violation] {
        if end <= start {
            return [
                Violation(
                    field: field, code: "window.endBeforeStart",
                    message: LocalizedText(
                        nb: "Tidsvinduet \(self) slutter før det begynner.",
                        en: "The time window \(self) ends before it starts."))
            ]
        }
        if duration > length {
            return [
                Violation(
                    field: field, code: "window.tooShort",
                    message: LocalizedText(
                        nb: "Tidsvinduet \(self) er kortere enn besøkets varighet på \(duration) minutter.",
                        en: "The time window \(self) is shorter than the visit's duration of \(duration) minutes."
                    ))
            ]
        }
        return []
    }
}
