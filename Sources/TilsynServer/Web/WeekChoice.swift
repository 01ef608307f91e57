import TilsynCore

/// The week a page is about: the Monday of the date asked for (`week=YYYY-MM-DD`, any day of the
/// week), else of this week; and the links to the weeks before and after.
struct WeekChoice: Encodable {
    var week: String
    var previousWeek: String
    var nextWeek: String

    init(monday: LocalDate) {
        week = monday.description
        previousWeek = monday.adding(days: -7).description
        nextWeek = monday.adding(days: 7).description
    }

    static func monday(asked: String?, today: LocalDate) throws -> LocalDate {
        guard let asked, !asked.isEmpty else { return SickLeave.monday(of: today) }
        guard let date = LocalDate(asked) else { throw InvalidParameterError.date("week") }
        return SickLeave.monday(of: date)
    }
}
