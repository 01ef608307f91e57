/// A day of the week, Monday first as in Norway.
public enum Weekday: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Two-letter Norwegian abbreviation used in CSV files: ma ti on to fr lø sø.
    public var norwegianAbbreviation: String {
        ["ma", "ti", "on", "to", "fr", "lø", "sø"][Self.allCases.firstIndex(of: self)!]
    }

    /// Name for people.
    public var displayName: LocalizedText {
        let index = Self.allCases.firstIndex(of: self)!
        return LocalizedText(
            nb: ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"][index],
            en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][index])
    }

    /// Parses a Norwegian abbreviation ("ma"), an English name or its first three letters.
    public init?(parsing text: String) {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let match = Self.allCases.first(where: {
            $0.norwegianAbbreviation == lowered || $0.rawValue == lowered || $0.rawValue.prefix(3) == lowered
        }) {
            self = match
        } else {
            return nil
        }
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension Set where Element == Weekday {
    /// Every day of the week.
    public static let everyDay = Set(Weekday.allCases)

    /// Parses "ma,ti,on" or "alle" (every day) or "hverdager" (Monday–Friday).
    public static func parsing(_ text: String) -> Set<Weekday>? {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        if ["alle", "all", "daglig", "daily"].contains(lowered) { return .everyDay }
        if ["hverdager", "weekdays"].contains(lowered) { return [.monday, .tuesday, .wednesday, .thursday, .friday] }
        var days: Set<Weekday> = []
        for part in lowered.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }) {
            guard let day = Weekday(parsing: String(part)) else { return nil }
            days.insert(day)
        }
        return days.isEmpty ? nil : days
    }
}
