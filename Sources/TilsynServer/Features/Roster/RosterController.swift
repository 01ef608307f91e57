import Fluent
import Foundation
import TilsynCore
import Vapor

/// The zone's roster week by week for leaders (R7, R8): who works the day shift, the evening shift
/// or is off each day, starting from the rotation; a leader changes any day and saves the week.
/// Planning, the need for substitutes and sick-leave rates all read this roster.
struct RosterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let leaders = routes.grouped(RequireRole.leaders).grouped("roster")
        // Staff shifts are the employees' data, not recipients'.
        leaders.get(use: page).classify(.noHealthData)
        leaders.post(use: save).classify(.noHealthData)
    }

    struct Cell: Encodable {
        var name: String
        var label: String
        var options: [PlanningPagesController.Option]
        var changed: Bool
    }

    struct Row: Encodable {
        var name: String
        var role: String
        var cells: [Cell]
    }

    struct Day: Encodable {
        var label: String
        var dayShift: Int
        var eveningShift: Int
    }

    /// A shift already planned that the roster has changed for since.
    struct Stale: Encodable {
        var label: String
        var link: String
    }

    struct Page: Encodable {
        var zones: [PlanningPagesController.Option]
        var zoneID: String
        var week: WeekChoice
        var days: [Day]
        var rows: [Row]
        var changedCount: Int
        var stale: [Stale]
    }

    /// The choices of a cell, by form value.
    static let choices: [(value: String, shift: ShiftKind?, label: LocalizedText)] = [
        ("day", .day, LocalizedText(nb: "Dag", en: "Day")),
        ("evening", .evening, LocalizedText(nb: "Kveld", en: "Evening")),
        (RosterEntryModel.off, nil, LocalizedText(nb: "Fri", en: "Off")),
    ]

    /// The form field of one person's day.
    static func field(_ staffID: UUID, _ date: LocalDate) -> String { "shift-\(staffID.uuidString)-\(date)" }

    @Sendable func page(req: Request) async throws -> Response {
        let (zone, zones) = try await ZoneChoice.choose(req, asked: req.query["zone"], everyZone: [.unitLeader])
        let monday = try WeekChoice.monday(asked: req.query["week"], today: req.application.today)
        let language = req.language
        let staff = try await RosterStore(database: req.db).staff(inZones: [zone.id!])
        let dates = (0..<7).map { monday.adding(days: $0) }
        let roster = try await RosterStore(database: req.db).roster(
            of: staff.map(\.id), from: dates[0], through: dates[6])
        let shifts = dates.map { roster.shifts(of: staff, on: $0) }
        let rotation = dates.map { Roster.rotation.shifts(of: staff, on: $0) }
        let rows = staff.map { member in
            let name = "\(member.givenName) \(member.familyName)"
            return Row(
                name: name, role: member.role.displayName.text(in: language),
                cells: dates.indices.map { index in
                    let shift = shifts[index][member.id]
                    return Cell(
                        name: Self.field(member.id, dates[index]),
                        label: "\(name), \(dates[index].weekday.displayName.text(in: language)) \(dates[index])",
                        options: Self.choices.map {
                            .init(value: $0.value, label: $0.label.text(in: language), selected: $0.shift == shift)
                        },
                        changed: shift != rotation[index][member.id])
                })
        }
        let page = Page(
            zones: zones.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id == zone.id) },
            zoneID: zone.id!.uuidString, week: WeekChoice(monday: monday),
            days: dates.indices.map { index in
                Day(
                    label: "\(dates[index].weekday.displayName.text(in: language)) \(dates[index])",
                    dayShift: shifts[index].values.filter { $0 == .day }.count,
                    eveningShift: shifts[index].values.filter { $0 == .evening }.count)
            },
            rows: rows, changedCount: rows.reduce(0) { $0 + $1.cells.filter(\.changed).count },
            stale: try await stale(zone, staff, from: max(monday, req.application.today), through: dates[6], req))
        return try await req.renderPage("roster", titleKey: "roster_title", page)
    }

    /// The shifts from `first` through `last` planned before a change to the roster of that date:
    /// the plan in force does not know of the change until the shift is planned again. (A change set
    /// back to the rotation leaves no record, and is not seen here.)
    private func stale(
        _ zone: ZoneModel, _ staff: [StaffMember], from first: LocalDate, through last: LocalDate, _ req: Request
    ) async throws -> [Stale] {
        guard first <= last else { return [] }
        let runs = try await PlanRunModel.query(on: req.db).filter(\.$zone.$id == zone.id!)
            .filter(\.$date >= first.description).filter(\.$date <= last.description).all()
        guard !runs.isEmpty else { return [] }
        let changes = try await RosterEntryModel.query(on: req.db).filter(\.$staff.$id ~~ staff.map(\.id))
            .filter(\.$date >= first.description).filter(\.$date <= last.description).all()
        struct Shift: Hashable, Comparable {
            var date: String
            var shift: String
            static func < (a: Shift, b: Shift) -> Bool { (a.date, a.shift) < (b.date, b.shift) }
        }
        let latest = Dictionary(
            runs.map { (Shift(date: $0.date, shift: $0.shift), $0.createdAt) }, uniquingKeysWith: max)
        var stale: [Stale] = []
        for (planned, at) in latest.sorted(by: { $0.key < $1.key }) {
            guard let date = LocalDate(planned.date), let shift = ShiftKind(rawValue: planned.shift),
                changes.contains(where: { $0.date == planned.date && $0.changedAt > at })
            else { continue }
            stale.append(
                Stale(
                    label: "\(date.weekday.displayName.text(in: req.language)) \(date), "
                        + shift.displayName.text(in: req.language),
                    link: "/planning?zone=\(zone.id!.uuidString)&date=\(date)&shift=\(shift.rawValue)"))
        }
        return stale
    }

    /// Saves a week: every cell the form sends for the zone's staff and the week's dates. A cell
    /// for anyone else, another week or an unknown shift refuses the whole form.
    @Sendable func save(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        let (zone, _) = try await ZoneChoice.choose(req, asked: form["zone"], everyZone: [.unitLeader])
        let monday = try WeekChoice.monday(asked: form["week"], today: req.application.today)
        let staff = try await RosterStore(database: req.db).staff(inZones: [zone.id!])
        let dates = (0..<7).map { monday.adding(days: $0) }
        var fields: [String: (staffID: UUID, date: LocalDate)] = [:]
        for member in staff {
            for date in dates { fields[Self.field(member.id, date)] = (member.id, date) }
        }
        var shifts: [(staffID: UUID, date: LocalDate, shift: ShiftKind?)] = []
        for (key, value) in form.sorted(by: { $0.key < $1.key }) where key.hasPrefix("shift-") {
            guard let cell = fields[key] else { throw RosterError.notThisZoneOrWeek(key) }
            guard let choice = Self.choices.first(where: { $0.value == value }) else {
                throw RosterError.unknownShift(key, value)
            }
            shifts.append((cell.staffID, cell.date, choice.shift))
        }
        guard !shifts.isEmpty else { throw RosterError.nothingToSave }
        try await RosterStore(database: req.db).set(shifts, zoneStaff: staff, by: req.signedInUser?.staffID)
        return req.redirect(to: "/roster?zone=\(zone.id!.uuidString)&week=\(monday)", redirectType: .normal)
    }
}

/// Why a roster week was not saved.
enum RosterError: UserFacingError {
    case notThisZoneOrWeek(String), unknownShift(String, String), nothingToSave

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String {
        switch self {
        case .notThisZoneOrWeek: "notThisZoneOrWeek"
        case .unknownShift: "unknownShift"
        case .nothingToSave: "nothingToSave"
        }
    }
    var field: String? {
        switch self {
        case .notThisZoneOrWeek(let field), .unknownShift(let field, _): field
        case .nothingToSave: nil
        }
    }
    var message: LocalizedText {
        switch self {
        case .notThisZoneOrWeek:
            LocalizedText(
                nb: "Turnusen kan bare endres for ansatte i sonen og dagene i uken som vises.",
                en: "The roster can only be changed for the zone's staff and the days of the week shown.")
        case .unknownShift(_, let value):
            LocalizedText(
                nb: "Ukjent vakt «\(value)»: velg dag, kveld eller fri.",
                en: "Unknown shift '\(value)': choose day, evening or off.")
        case .nothingToSave:
            LocalizedText(nb: "Skjemaet inneholdt ingen vakter å lagre.", en: "The form held no shifts to save.")
        }
    }
}
