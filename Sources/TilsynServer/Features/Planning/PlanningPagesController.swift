import Fluent
import Foundation
import Planner
import TilsynCore
import Vapor

/// The leader's planning page for a zone, date and shift: each staff member's day as a time line,
/// the visits nobody could take and why, the plan's figures, and a button to plan (or plan again).
struct PlanningPagesController: RouteCollection {
    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Block: Encodable {
        var left: String
        var width: String
        var time: String
        var label: String
        var twoPerson: Bool
    }

    struct StaffRow: Encodable {
        var name: String
        var competences: String
        var blocks: [Block]
        var minutes: Int
        var pause: Block?
    }

    struct Unplaced: Encodable {
        var recipient: String
        var title: String
        var window: String
        var reason: String
    }

    struct Page: Encodable {
        var zones: [Option]
        var shifts: [Option]
        var zoneID: String
        var date: String
        var shift: String
        var shiftName: String
        var budgetSeconds: String
        var hasRun: Bool
        /// Events and changes by hand are offered: the shift is planned, in this scope.
        var canChange: Bool
        /// When a plan of the other scope is in force: what to tell, and where to go.
        var conflict: String
        var conflictLink: String
        var conflictLinkText: String
        /// Who the plan in force and the shift disagree on (see `PlanStaffChanges`), one line each.
        var staffChanges: [String]
        var isUnit: Bool
        var lentVisits: Int
        var lastRun: String
        var visitCount: Int
        var plannedCount: Int
        var unassignedCount: Int
        var travelMinutes: String
        var faceToFace: String
        var primaryShare: String
        var newCaregivers: Int
        var overtimeMinutes: String
        var ticks: [Block]
        var staff: [StaffRow]
        var unplaced: [Unplaced]
        var staffOptions: [Option]
        var visitOptions: [Option]
        var absenceKinds: [Option]
        var recipientOptions: [Option]
        var measureOptions: [Option]
        var defaultFrom: String
        var defaultBy: String
        var event: String
    }

    func boot(routes: any RoutesBuilder) throws {
        let leaders = routes.grouped(RequireRole.leaders)
        leaders.get("planning", use: page).classify(.recipientList(.carePlan))
        leaders.post("planning", use: plan).classify(.aggregate)
        leaders.post("planning", "absence", use: absence).classify(.aggregate)
        leaders.post("planning", "move", use: move).classify(.aggregate)
        leaders.post("planning", "alarm", use: alarm).classify(.aggregate)
        leaders.post("planning", "urgent", use: urgent).classify(.aggregate)
    }

    struct Selection {
        var scope: PlanningScope
        var date: LocalDate
        var shift: ShiftKind
        /// What the leader may choose between: their zones, and each unit whose zones they all see.
        var choices: [Option]
    }

    /// The zone or unit, date and shift asked for (query or form), defaulting to the leader's own
    /// zone, today and the day shift; only zones the leader may see, and a unit only when the
    /// leader may see all its zones.
    private func selection(_ req: Request, scope: String?, date: String?, shift: String?) async throws -> Selection {
        guard let user = req.signedInUser else { throw Abort(.unauthorized) }
        let allZones = try await ZoneModel.query(on: req.db).sort(\.$name).all()
        var zones = allZones
        if user.role == .departmentLeader, let own = user.zoneID { zones = zones.filter { $0.id == own } }
        let units = try await CareUnitModel.query(on: req.db).sort(\.$name).all().filter { unit in
            let inUnit = allZones.filter { $0.$unit.id == unit.id }
            return !inUnit.isEmpty && inUnit.allSatisfy { zone in zones.contains { $0.id == zone.id } }
        }
        let wanted: PlanningScope
        if let scope, !scope.isEmpty {
            guard let parsed = PlanningScope(scope) else { throw PlanningError.zoneNotAllowed }
            wanted = parsed
        } else if let own = user.zoneID ?? zones.first?.id {
            wanted = .zone(own)
        } else {
            throw PlanningError.zoneNotAllowed
        }
        switch wanted {
        case .zone(let id): guard zones.contains(where: { $0.id == id }) else { throw PlanningError.zoneNotAllowed }
        case .unit(let id): guard units.contains(where: { $0.id == id }) else { throw PlanningError.zoneNotAllowed }
        }
        var day = req.application.today
        if let date, !date.isEmpty {
            guard let parsed = LocalDate(date) else { throw InvalidParameterError.date("date") }
            day = parsed
        }
        var kind = ShiftKind.day
        if let shift, !shift.isEmpty {
            guard let parsed = ShiftKind(rawValue: shift) else { throw PlanningError.unknownShift }
            kind = parsed
        }
        let wholeUnit = LocalizedText(nb: "Hele enheten", en: "Whole unit").text(in: req.language)
        let choices =
            zones.map { zone in
                Option(value: zone.id!.uuidString, label: zone.name, selected: wanted == .zone(zone.id!))
            }
            + units.map { unit in
                Option(
                    value: PlanningScope.unit(unit.id!).parameter, label: "\(wholeUnit): \(unit.name)",
                    selected: wanted == .unit(unit.id!))
            }
        return Selection(scope: wanted, date: day, shift: kind, choices: choices)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let selected = try await selection(
            req, scope: req.query["zone"], date: req.query["date"], shift: req.query["shift"])
        let service = PlanningService(database: req.db)
        guard let day = try await service.day(selected.scope, date: selected.date, shift: selected.shift)
        else { throw NotFoundError.zone }
        let visible = try await req.recipientAccess.filterListed(
            day.recipients.values.map { ($0.id!, $0.$zone.id) }, part: .carePlan)
        let (run, conflict) = try await service.latestRun(day)
        let language = req.language
        let measures = try await MeasureModel.query(on: req.db).filter(\.$isActive == true)
            .filter(\.$recipient.$id ~~ Array(visible)).all()
        // Under another scope's plan the conflict notice says where to go instead.
        let changes = PlanStaffChanges(day, run: conflict == nil ? run : nil)
        var names = day.staff.mapValues(\.fullName)
        let offShift = changes.gone.map(\.staffID).filter { names[$0] == nil }
        if !offShift.isEmpty {
            for member in try await StaffMemberModel.query(on: req.db).filter(\.$id ~~ offShift).all() {
                names[member.id!] = member.domain.fullName
            }
        }
        let page = build(
            day, run: run, conflict: conflict, visible: visible, measures: measures, choices: selected.choices,
            staffChanges: changes.lines(names: names, language: language), language: language, req: req)
        return try await req.renderPage("planning", titleKey: "planning_title", page)
    }

    /// What the page's forms post: the shift, and for an event or a move who, what and when.
    struct ShiftForm: Content {
        var zone: String
        var date: String
        var shift: String
        var staff: String?
        var from: String?
        var visit: String?
        var at: String?
        var recipient: String?
        var minutes: String?
        var measure: String?
        var by: String?
        var kind: String?
        var until: String?
    }

    /// The posted form, the shift's day from the database, and its plan run in force; refused when
    /// a plan of the other scope overrides it (only planning the whole shift anew is allowed then,
    /// and for a zone not even that: it would not know which of its staff the unit lent out).
    private func posted(
        _ req: Request, replanningAll: Bool = false
    ) async throws -> (ShiftForm, PlanningService.Day, PlanRunModel?) {
        let form = try req.content.decode(ShiftForm.self)
        let selected = try await selection(req, scope: form.zone, date: form.date, shift: form.shift)
        let service = PlanningService(database: req.db)
        guard let day = try await service.day(selected.scope, date: selected.date, shift: selected.shift)
        else { throw NotFoundError.zone }
        let (run, conflict) = try await service.latestRun(day)
        switch conflict {
        case .plannedForUnit: throw PlanningError.plannedForUnit
        case .plannedByZone: if !replanningAll { throw PlanningError.plannedByZone }
        case nil: break
        }
        return (form, day, run)
    }

    /// Back to the page of the shift just changed.
    private func back(_ req: Request, to day: PlanningService.Day) -> Response {
        req.redirect(
            to: "/planning?zone=\(day.scope.parameter)&date=\(day.date)&shift=\(day.shift.rawValue)",
            redirectType: .normal)
    }

    @Sendable func plan(req: Request) async throws -> Response {
        let (_, day, _) = try await posted(req, replanningAll: true)
        _ = try await PlanningService(database: req.db).plan(
            day, seconds: req.application.tilsyn.planningSeconds, by: req.signedInUser?.staffID)
        return back(req, to: day)
    }

    /// A sick call: the person is away from the given time; the rest of the shift is planned again.
    @Sendable func absence(req: Request) async throws -> Response {
        let (form, day, run) = try await posted(req)
        let now = try Self.time(form.from, in: day)
        guard let absent = form.staff.flatMap(UUID.init(uuidString:)).flatMap({ day.staff[$0] }) else {
            throw PlanningError.notOnShift
        }
        var kind = AbsenceKind.selfCertified
        if let text = form.kind, !text.isEmpty {
            guard let parsed = AbsenceKind(rawValue: text) else { throw PlanningError.unknownAbsenceKind }
            kind = parsed
        }
        var lastDate = day.date
        if let text = form.until, !text.isEmpty {
            guard let parsed = LocalDate(text) else { throw InvalidParameterError.date("until") }
            guard parsed >= day.date else { throw PlanningError.untilBeforeDate }
            lastDate = parsed
        }
        _ = try await PlanningService(database: req.db).replanAbsence(
            day, run: run, absent: absent, kind: kind, now: now, lastDate: lastDate,
            seconds: min(1, req.application.tilsyn.planningSeconds), by: req.signedInUser?.staffID)
        return back(req, to: day)
    }

    /// An alarm takes a staff member away for some minutes; the rest of the shift is planned again.
    @Sendable func alarm(req: Request) async throws -> Response {
        let (form, day, run) = try await posted(req)
        let now = try Self.time(form.from, in: day)
        guard let responder = form.staff.flatMap(UUID.init(uuidString:)).flatMap({ day.staff[$0] }) else {
            throw PlanningError.notOnShift
        }
        guard let recipient = form.recipient.flatMap(UUID.init(uuidString:)).flatMap({ day.recipients[$0] }) else {
            throw NotFoundError.recipient
        }
        guard let minutes = form.minutes.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
            (1...480).contains(minutes)
        else { throw PlanningError.badMinutes }
        _ = try await PlanningService(database: req.db).replanAlarm(
            day, run: run, responder: responder, recipient: recipient, now: now, minutes: minutes,
            seconds: min(1, req.application.tilsyn.planningSeconds), by: req.signedInUser?.staffID)
        return back(req, to: day)
    }

    /// An urgent visit for one of the zone's measures, from a time and begun by a deadline.
    @Sendable func urgent(req: Request) async throws -> Response {
        let (form, day, run) = try await posted(req)
        let now = try Self.time(form.from, in: day)
        guard let deadline = form.by.flatMap(MinuteOfDay.init)?.minutes else { throw PlanningError.badDeadline }
        guard let measureID = form.measure.flatMap(UUID.init(uuidString:)),
            let measure = try await MeasureModel.find(measureID, on: req.db),
            measure.isActive, day.recipients[measure.$recipient.id] != nil
        else { throw PlanningError.unknownMeasure }
        _ = try await PlanningService(database: req.db).replanUrgentVisit(
            day, run: run, measure: measure, now: now, latestStart: deadline,
            seconds: min(1, req.application.tilsyn.planningSeconds), by: req.signedInUser?.staffID)
        return back(req, to: day)
    }

    /// A posted "from" time, which must lie in the shift.
    private static func time(_ text: String?, in day: PlanningService.Day) throws -> Int {
        guard let minutes = text.flatMap(MinuteOfDay.init)?.minutes else { throw PlanningError.badTime }
        guard (day.shift.start..<day.shift.end).contains(minutes) else { throw PlanningError.outsideShift }
        return minutes
    }

    /// A change by hand: a visit to another staff member, at a time or where it fits best.
    @Sendable func move(req: Request) async throws -> Response {
        let (form, day, run) = try await posted(req)
        var start: Int?
        if let at = form.at, !at.isEmpty {
            guard let minutes = MinuteOfDay(at)?.minutes else { throw PlanningError.badTime }
            start = minutes
        }
        guard let visitID = form.visit.flatMap(UUID.init(uuidString:)) else { throw NotFoundError.visit }
        guard let staffID = form.staff.flatMap(UUID.init(uuidString:)) else { throw PlanningError.notOnShift }
        _ = try await PlanningService(database: req.db).move(
            day, run: run, visitID: visitID, to: staffID, at: start, by: req.signedInUser?.staffID)
        return back(req, to: day)
    }

    private func build(
        _ day: PlanningService.Day, run: PlanRunModel?, conflict: ScopeConflict?, visible: Set<UUID>,
        measures: [MeasureModel],
        choices: [Option], staffChanges: [String], language: String, req: Request
    ) -> Page {
        let shift = day.shift
        let span = Double(shift.end - shift.start)
        func percent(_ minutes: Double) -> String {
            String(format: "%.2f%%", max(0, min(100, (minutes - Double(shift.start)) / span * 100)))
        }
        func name(_ recipient: RecipientModel?) -> String {
            guard let recipient, visible.contains(recipient.id!) else {
                return LocalizedText(nb: "(skjult)", en: "(hidden)").text(in: language)
            }
            return "\(recipient.givenName) \(recipient.familyName)"
        }
        let zoneNames = day.zoneNames
        let awayText = LocalizedText(nb: "borte fra kl.", en: "away from").text(in: language)
        let lentMark = LocalizedText(nb: "utlånt", en: "lent").text(in: language)
        var rows: [UUID: [Block]] = [:]
        var minutes: [UUID: Int] = [:]
        for visit in day.visits.values.sorted(by: { ($0.plannedStart ?? 0) < ($1.plannedStart ?? 0) }) {
            guard let start = visit.plannedStart else { continue }
            let recipient = day.recipients[visit.$recipient.id]
            for staffID in visit.assignedStaffIDs {
                let lent = recipient.map { $0.$zone.id != day.staff[staffID]?.zoneID } ?? false
                rows[staffID, default: []].append(
                    Block(
                        left: percent(start), width: percent(Double(shift.start) + Double(visit.durationMinutes)),
                        time: HomeCarePlanner.clock(start),
                        label: "\(name(recipient)) – \(visit.title)"
                            + (lent ? " (\(lentMark): \(recipient.flatMap { zoneNames[$0.$zone.id] } ?? ""))" : ""),
                        twoPerson: visit.staffCount == 2))
                minutes[staffID, default: 0] += visit.durationMinutes
            }
        }
        let breaks = Dictionary((run?.breaks ?? []).map { ($0.staffID, $0.start) }, uniquingKeysWith: { a, _ in a })
        let pauseName = LocalizedText(nb: "Pause", en: "Break").text(in: language)
        let staff = day.staff.values.sorted { $0.employeeNumber < $1.employeeNumber }.map { member in
            StaffRow(
                name: "\(member.givenName) \(member.familyName) (\(member.role.displayName.text(in: language))"
                    + (day.zones.count > 1 ? ", \(member.zoneID.flatMap { zoneNames[$0] } ?? "")" : "")
                    + (day.absentFrom[member.id].map { ", \(awayText) \(HomeCarePlanner.clock(Double($0)))" } ?? "")
                    + ")",
                competences: member.competences.sorted { $0.rawValue < $1.rawValue }
                    .map { $0.displayName.text(in: language) }.joined(separator: ", "),
                blocks: rows[member.id] ?? [], minutes: minutes[member.id] ?? 0,
                pause: breaks[member.id].map { start in
                    Block(
                        left: percent(start), width: percent(Double(shift.start + shift.breakMinutes)),
                        time: HomeCarePlanner.clock(start), label: pauseName, twoPerson: false)
                })
        }
        let unplaced = (run?.unassigned ?? []).compactMap { item -> Unplaced? in
            guard let visit = day.visits[item.visitID] else { return nil }
            return Unplaced(
                recipient: name(day.recipients[visit.$recipient.id]), title: visit.title,
                window:
                    "\(HomeCarePlanner.clock(Double(visit.windowStart)))–\(HomeCarePlanner.clock(Double(visit.windowEnd)))",
                reason: language == "en" ? item.english : item.norwegian)
        }
        let planned = day.visits.values.filter { $0.plannedStart != nil }
        let byPrimary = planned.filter { visit in
            guard let primary = day.recipients[visit.$recipient.id]?.$primaryContact.id else { return false }
            return visit.assignedStaffIDs.contains(primary)
        }
        let withPrimary = planned.filter { day.recipients[$0.$recipient.id]?.$primaryContact.id != nil }
        let faceToFace = Double(minutes.values.reduce(0, +)) / max(1, Double(day.staff.count) * span)
        let objective = run?.objective
        let isUnit: Bool
        if case .unit = day.scope { isUnit = true } else { isUnit = false }
        let query = "date=\(day.date)&shift=\(shift.rawValue)"
        var conflictText: LocalizedText?
        var conflictLink = ""
        var conflictLinkText = LocalizedText(nb: "", en: "")
        switch conflict {
        case .plannedForUnit(let unitID):
            conflictText = LocalizedText(
                nb: "Vakten er planlagt for hele enheten, med ansatte lånt mellom sonene. Endringer gjøres der.",
                en: "The shift is planned for the whole unit, with staff lent between zones. Make changes there.")
            conflictLink = "/planning?zone=\(PlanningScope.unit(unitID).parameter)&\(query)"
            conflictLinkText = LocalizedText(nb: "Til enhetens plan", en: "To the unit's plan")
        case .plannedByZone:
            conflictText = LocalizedText(
                nb: "Sonene er planlagt hver for seg etter enhetens plan. Planlegg hele enheten for å samle dem igjen.",
                en: "The zones were planned one by one after the unit's plan. Plan the whole unit to join them again.")
        case nil: break
        }
        let from = max(shift.start, min(shift.end - 60, nowMinutes(req, day.date)))
        return Page(
            zones: choices,
            shifts: ShiftKind.allCases.map {
                Option(value: $0.rawValue, label: $0.displayName.text(in: language), selected: $0 == shift)
            },
            zoneID: day.scope.parameter, date: day.date.description, shift: shift.rawValue,
            shiftName: shift.displayName.text(in: language),
            budgetSeconds: NumberText.format(req.application.tilsyn.planningSeconds, language: language),
            hasRun: run != nil, canChange: run != nil && conflict == nil,
            conflict: conflictText?.text(in: language) ?? "", conflictLink: conflictLink,
            conflictLinkText: conflictLinkText.text(in: language), staffChanges: staffChanges, isUnit: isUnit,
            lentVisits: objective?.visitsByLentStaff ?? 0, lastRun: run.map { req.localDateTime($0.createdAt) } ?? "",
            visitCount: day.visits.count, plannedCount: planned.count, unassignedCount: unplaced.count,
            travelMinutes: objective.map { NumberText.format($0.travelMinutes, language: language) } ?? "–",
            faceToFace: run == nil ? "–" : NumberText.format(faceToFace * 100, language: language) + " %",
            primaryShare: withPrimary.isEmpty
                ? "–"
                : NumberText.format(Double(byPrimary.count) / Double(withPrimary.count) * 100, language: language)
                    + " %",
            newCaregivers: objective?.newCaregivers ?? 0,
            overtimeMinutes: objective.map { NumberText.format($0.overtimeMinutes, language: language) } ?? "–",
            ticks: stride(from: shift.start, through: shift.end, by: 60).map { minute in
                Block(
                    left: percent(Double(minute)), width: "0%", time: HomeCarePlanner.clock(Double(minute)), label: "",
                    twoPerson: false)
            },
            staff: staff, unplaced: unplaced,
            staffOptions: day.staff.values.sorted { $0.employeeNumber < $1.employeeNumber }.map {
                Option(value: $0.id.uuidString, label: "\($0.givenName) \($0.familyName)", selected: false)
            },
            visitOptions: day.visits.values.filter { $0.staffCount == 1 }
                .sorted {
                    ($0.plannedStart ?? Double($0.windowStart), $0.title) < (
                        $1.plannedStart ?? Double($1.windowStart), $1.title
                    )
                }
                .map { visit in
                    let when = visit.plannedStart.map(HomeCarePlanner.clock) ?? "–"
                    let who = visit.assignedStaffIDs.compactMap { day.staff[$0]?.givenName }.joined(separator: ", ")
                    return Option(
                        value: visit.id!.uuidString,
                        label: "\(when) \(name(day.recipients[visit.$recipient.id])) – \(visit.title)"
                            + (who.isEmpty ? "" : " (\(who))"),
                        selected: false)
                },
            absenceKinds: AbsenceKind.allCases.map {
                Option(value: $0.rawValue, label: $0.displayName.text(in: language), selected: false)
            },
            recipientOptions: day.recipients.values.filter { visible.contains($0.id!) }
                .sorted { ($0.familyName, $0.givenName) < ($1.familyName, $1.givenName) }
                .map { Option(value: $0.id!.uuidString, label: "\($0.familyName), \($0.givenName)", selected: false) },
            measureOptions: measures.compactMap { measure -> (String, Option)? in
                guard let recipient = day.recipients[measure.$recipient.id] else { return nil }
                let label =
                    "\(recipient.familyName), \(recipient.givenName) – \(measure.title) (\(measure.durationMinutes) min"
                    + (measure.staffCount == 2 ? ", 2" : "") + ")"
                return (label, Option(value: measure.id!.uuidString, label: label, selected: false))
            }.sorted { $0.0 < $1.0 }.map(\.1),
            defaultFrom: HomeCarePlanner.clock(Double(from)),
            defaultBy: HomeCarePlanner.clock(Double(min(shift.end, from + 60))),
            event: (language == "en" ? run?.eventEnglish : run?.eventNorwegian) ?? "")
    }

    /// Minutes after midnight now, on `date`'s terms: now if it is today, the shift's middle otherwise.
    private func nowMinutes(_ req: Request, _ date: LocalDate) -> Int {
        guard date == req.application.today else { return 660 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = req.application.tilsyn.timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: Date())
        return (parts.hour ?? 11) * 60 + (parts.minute ?? 0)
    }
}

/// Why the planning page refuses a request.
enum PlanningError: UserFacingError {
    case zoneNotAllowed, unknownShift, badTime, notOnShift, outsideShift, badMinutes, badDeadline
    case deadlineBeforeNow, deadlineAfterShift, unknownMeasure, plannedForUnit, plannedByZone
    case unknownAbsenceKind, untilBeforeDate

    var status: HTTPResponseStatus {
        switch self {
        case .zoneNotAllowed: .forbidden
        case .plannedForUnit, .plannedByZone: .conflict
        default: .unprocessableEntity
        }
    }
    var code: String { "\(self)" }
    var field: String? {
        switch self {
        case .zoneNotAllowed, .plannedForUnit, .plannedByZone: "zone"
        case .unknownShift: "shift"
        case .badTime, .outsideShift: "from"
        case .notOnShift: "staff"
        case .badMinutes: "minutes"
        case .badDeadline, .deadlineBeforeNow, .deadlineAfterShift: "by"
        case .unknownMeasure: "measure"
        case .unknownAbsenceKind: "kind"
        case .untilBeforeDate: "until"
        }
    }
    var message: LocalizedText {
        switch self {
        case .badTime:
            LocalizedText(nb: "«Fra kl.» må være et klokkeslett (TT:MM).", en: "'From' must be a time (HH:MM).")
        case .notOnShift:
            LocalizedText(nb: "Den ansatte er ikke på denne vakten.", en: "The staff member is not on this shift.")
        case .zoneNotAllowed:
            LocalizedText(
                nb: "Du kan bare planlegge soner og enheter du har tilgang til.",
                en: "You can only plan zones and units you have access to.")
        case .unknownShift:
            LocalizedText(nb: "«shift» må være day eller evening.", en: "'shift' must be day or evening.")
        case .outsideShift:
            LocalizedText(nb: "«Fra kl.» må ligge innenfor vakten.", en: "'From' must lie within the shift.")
        case .badMinutes:
            LocalizedText(
                nb: "«Minutter» må være et helt tall fra 1 til 480.",
                en: "'Minutes' must be a whole number from 1 to 480.")
        case .badDeadline:
            LocalizedText(nb: "«Senest kl.» må være et klokkeslett (TT:MM).", en: "'By' must be a time (HH:MM).")
        case .deadlineBeforeNow:
            LocalizedText(nb: "«Senest kl.» kan ikke være før «Fra kl.».", en: "'By' cannot be before 'From'.")
        case .deadlineAfterShift:
            LocalizedText(nb: "«Senest kl.» må ligge innenfor vakten.", en: "'By' must lie within the shift.")
        case .unknownAbsenceKind:
            LocalizedText(
                nb: "Fraværstypen må være egenmelding, sykmelding, ferie eller annet.",
                en: "The kind of absence must be self-certified, doctor-certified, holiday or other.")
        case .untilBeforeDate:
            LocalizedText(
                nb: "«Til og med» kan ikke være før vaktens dato.", en: "'Until' cannot be before the shift's date.")
        case .plannedForUnit:
            LocalizedText(
                nb: "Vakten er planlagt for hele enheten. Planlegg eller endre den på enhetens side.",
                en: "The shift is planned for the whole unit. Plan or change it on the unit's page.")
        case .plannedByZone:
            LocalizedText(
                nb: "Sonene er planlagt hver for seg etter enhetens plan. Planlegg hele enheten først.",
                en: "The zones were planned one by one after the unit's plan. Plan the whole unit first.")
        case .unknownMeasure:
            LocalizedText(
                nb: "Velg et aktivt tiltak for en mottaker i sonen.",
                en: "Choose an active measure of a recipient in the zone.")
        }
    }
}
