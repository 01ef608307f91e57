import Fluent
import Foundation
import Planner
import TilsynCore
import Vapor

/// The leader's live board (issue #4): everyone on the shift as a row with their visits on a time
/// line coloured by status, who is free now, who carries the alarm phone, the visits nobody has,
/// check-offs that disagreed; move a visit by dragging it or picking; a printable paper back-up.
/// It updates itself from the live stream of its zone.
struct LiveBoardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let board = routes.grouped(RequireRole.leaders).grouped("board")
        board.get(use: page).classify(.recipientList(.keyFacts))
        board.get("print", use: print).classify(.recipientList(.keyFacts))
        board.post("move", use: move).classify(.aggregate)
        board.post("alarm-phone", use: alarmPhone).classify(.noHealthData)
    }

    struct Block: Encodable {
        var visitID: String
        var left: String
        var width: String
        var time: String
        var label: String
        var status: String
        var statusText: String
        var movable: Bool
    }

    struct Row: Encodable {
        var staffID: String
        var name: String
        var free: Bool
        var now: String
        var alarmPhone: Bool
        var blocks: [Block]
    }

    struct Tick: Encodable {
        var left: String
        var time: String
    }

    struct Page: Encodable {
        var zoneID: String
        var shift: String
        var date: String
        var zones: [PlanningPagesController.Option]
        var shifts: [PlanningPagesController.Option]
        var clock: String
        var nowLeft: String
        var ticks: [Tick]
        var rows: [Row]
        var unassigned: [Block]
        var staffOptions: [PlanningPagesController.Option]
        var visitOptions: [PlanningPagesController.Option]
        var conflicts: [String]
        var message: String
    }

    /// The board's shift and zone, and what is on it.
    struct Loaded {
        var zone: ZoneModel
        var zones: [ZoneModel]
        var shift: ShiftKind
        var day: PlanningService.Day
        var visible: Set<UUID>
    }

    /// `listing`: the page shows recipients (checked and logged); a move shows none.
    private func load(
        _ req: Request, zone asked: String?, shift askedShift: String?, listing: Bool = true
    )
        async throws -> Loaded
    {
        let (zone, zones) = try await ZoneChoice.choose(req, asked: asked)
        var shift = ShiftKind.day
        if let text = askedShift, !text.isEmpty {
            guard let parsed = ShiftKind(rawValue: text) else { throw PlanningError.unknownShift }
            shift = parsed
        } else if AlarmDispatch.local(Date(), req.application.tilsyn.timeZone).1 >= ShiftKind.evening.start {
            shift = .evening
        }
        let today = req.application.today
        guard let day = try await PlanningService(database: req.db).day(zoneID: zone.id!, date: today, shift: shift)
        else { throw NotFoundError.zone }
        // The board names each recipient (key facts) beside their visits (the care plan): shown, and
        // logged, only where the reader may see both.
        let visible: Set<UUID> =
            listing
            ? Set(
                try await req.recipientAccess.filterListed(
                    day.recipients.values.map { ($0.id!, $0.$zone.id) }, parts: [.keyFacts, .carePlan]
                ) { _, allowed in allowed.isSuperset(of: [.keyFacts, .carePlan]) ? allowed : [] }.keys) : []
        return Loaded(zone: zone, zones: zones, shift: shift, day: day, visible: visible)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let loaded = try await load(
            req, zone: req.query[String.self, at: "zone"], shift: req.query[String.self, at: "shift"])
        let page = try await build(loaded, req: req)
        return try await req.renderPage("board", titleKey: "board_title", page)
    }

    static func status(_ visit: VisitModel, now: Int) -> String {
        switch visit.outcome {
        case "done": return "done"
        case "notDone": return "not-done"
        default:
            if visit.startedAt != nil { return "started" }
            // Not started a quarter of an hour after its planned time: late.
            if let start = visit.plannedStart, Int(start) + 15 < now { return "late" }
            return "planned"
        }
    }

    static func statusText(_ status: String, _ language: String) -> String {
        switch status {
        case "done": LocalizedText(nb: "utført", en: "done").text(in: language)
        case "not-done": LocalizedText(nb: "ikke utført", en: "not done").text(in: language)
        case "started": LocalizedText(nb: "pågår", en: "in progress").text(in: language)
        case "late": LocalizedText(nb: "forsinket", en: "late").text(in: language)
        default: LocalizedText(nb: "planlagt", en: "planned").text(in: language)
        }
    }

    private func build(_ loaded: Loaded, req: Request) async throws -> Page {
        let language = req.language
        let day = loaded.day
        let shift = loaded.shift
        let span = Double(shift.end - shift.start)
        func percent(_ minutes: Double) -> String {
            String(format: "%.2f%%", max(0, min(100, (minutes - Double(shift.start)) / span * 100)))
        }
        let now = AlarmDispatch.local(Date(), req.application.tilsyn.timeZone).1
        func name(_ recipientID: UUID) -> String {
            guard loaded.visible.contains(recipientID), let recipient = day.recipients[recipientID] else {
                return LocalizedText(nb: "(skjult)", en: "(hidden)").text(in: language)
            }
            return "\(recipient.givenName) \(recipient.familyName)"
        }
        func block(_ visit: VisitModel) -> Block {
            let start = visit.plannedStart ?? Double(visit.windowStart)
            let status = Self.status(visit, now: now)
            return Block(
                visitID: visit.id!.uuidString, left: percent(start),
                width: percent(Double(shift.start) + Double(visit.durationMinutes)),
                time: HomeCarePlanner.clock(start), label: "\(name(visit.$recipient.id)) – \(visit.title)",
                status: status, statusText: Self.statusText(status, language),
                movable: visit.staffCount == 1 && visit.outcome == nil && visit.startedAt == nil)
        }
        let visits = day.visits.values.sorted { ($0.plannedStart ?? 0, $0.title) < ($1.plannedStart ?? 0, $1.title) }
        let carrier = try await AlarmPhoneCarrierModel.query(on: req.db).filter(\.$zone.$id == loaded.zone.id!)
            .filter(\.$date == day.date.description).filter(\.$shift == shift.rawValue).first()
        let freeText = LocalizedText(nb: "Ledig nå", en: "Free now").text(in: language)
        let awayText = LocalizedText(nb: "Borte", en: "Away").text(in: language)
        let rows = day.staff.values.sorted { $0.employeeNumber < $1.employeeNumber }.map { member -> Row in
            let mine = visits.filter { $0.assignedStaffIDs.contains(member.id) }
            // Busy: a visit started and not finished, or one planned to be going on now.
            let current =
                mine.first { $0.startedAt != nil && $0.outcome == nil }
                ?? mine.first { visit in
                    guard visit.outcome == nil, let start = visit.plannedStart else { return false }
                    return Int(start) <= now && now < Int(start) + visit.durationMinutes
                }
            let away = day.absentFrom[member.id].map { $0 <= now } ?? false
            return Row(
                staffID: member.id.uuidString,
                name: "\(member.givenName) \(member.familyName) (\(member.role.displayName.text(in: language)))",
                free: current == nil && !away,
                now: away ? awayText : current.map { "\(name($0.$recipient.id)) – \($0.title)" } ?? freeText,
                alarmPhone: carrier?.staffID == member.id, blocks: mine.map(block))
        }
        let unassigned = visits.filter { $0.assignedStaffIDs.isEmpty }.map(block)
        let checkOffs = try await VisitCheckOffModel.query(on: req.db).filter(\.$visit.$id ~~ Array(day.visits.keys))
            .filter(\.$conflict != nil).sort(\.$receivedAt, .descending).all()
        return Page(
            zoneID: loaded.zone.id!.uuidString, shift: shift.rawValue, date: day.date.description,
            zones: loaded.zones.map {
                .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id == loaded.zone.id)
            },
            shifts: ShiftKind.allCases.map {
                .init(
                    value: $0.rawValue,
                    label: ($0 == .day
                        ? LocalizedText(nb: "Dagvakt", en: "Day shift")
                        : LocalizedText(nb: "Kveldsvakt", en: "Evening"))
                        .text(in: language), selected: $0 == shift)
            },
            clock: HomeCarePlanner.clock(Double(now)), nowLeft: percent(Double(now)),
            ticks: stride(from: shift.start, through: shift.end, by: 60).map {
                Tick(left: percent(Double($0)), time: HomeCarePlanner.clock(Double($0)))
            },
            rows: rows, unassigned: unassigned,
            staffOptions: rows.map { .init(value: $0.staffID, label: $0.name, selected: false) },
            visitOptions: (rows.flatMap(\.blocks) + unassigned).filter(\.movable).map {
                .init(value: $0.visitID, label: "\($0.time) \($0.label)", selected: false)
            },
            conflicts: checkOffs.compactMap(\.conflict),
            message: req.query[String.self, at: "moved"] != nil
                ? LocalizedText(nb: "Besøket er flyttet.", en: "The visit is moved.").text(in: language) : "")
    }

    struct MoveForm: Content {
        var zone: String
        var shift: String?
        var visit: String
        var staff: String
        var at: String?
    }

    struct MoveResult: Content {
        var moved: Bool
        var message: String
    }

    /// A move by drag or pick: checked like every hand move (refused with the broken rules).
    @Sendable func move(req: Request) async throws -> Response {
        let form = try req.content.decode(MoveForm.self)
        let loaded = try await load(req, zone: form.zone, shift: form.shift, listing: false)
        let service = PlanningService(database: req.db)
        let (run, conflict) = try await service.latestRun(loaded.day)
        if case .plannedForUnit = conflict { throw PlanningError.plannedForUnit }
        guard let visitID = UUID(uuidString: form.visit) else { throw NotFoundError.visit }
        guard let staffID = UUID(uuidString: form.staff) else { throw PlanningError.notOnShift }
        var start: Int?
        if let at = form.at, !at.isEmpty {
            guard let minutes = MinuteOfDay(at)?.minutes else { throw PlanningError.badTime }
            start = minutes
        }
        if let visit = loaded.day.visits[visitID], visit.outcome != nil || visit.startedAt != nil {
            throw LiveBoardError.alreadyStarted
        }
        _ = try await service.move(
            loaded.day, run: run, visitID: visitID, to: staffID, at: start, by: req.signedInUser?.staffID)
        if ErrorRenderingMiddleware.wantsJSON(req) {
            return try await MoveResult(
                moved: true,
                message: LocalizedText(nb: "Besøket er flyttet.", en: "The visit is moved.").text(in: req.language)
            ).encodeResponse(for: req)
        }
        return req.redirect(
            to: "/board?zone=\(loaded.zone.id!.uuidString)&shift=\(loaded.shift.rawValue)&moved=1",
            redirectType: .normal)
    }

    struct CarrierForm: Content {
        var zone: String
        var shift: String?
        var staff: String
    }

    @Sendable func alarmPhone(req: Request) async throws -> Response {
        let form = try req.content.decode(CarrierForm.self)
        let (zone, _) = try await ZoneChoice.choose(req, asked: form.zone)
        let shift =
            try form.shift.map {
                guard let kind = ShiftKind(rawValue: $0) else { throw PlanningError.unknownShift }
                return kind
            } ?? .day
        guard let staffID = UUID(uuidString: form.staff), try await StaffMemberModel.find(staffID, on: req.db) != nil
        else { throw PlanningError.notOnShift }
        let date = req.application.today.description
        let carrier =
            try await AlarmPhoneCarrierModel.query(on: req.db).filter(\.$zone.$id == zone.id!)
            .filter(\.$date == date).filter(\.$shift == shift.rawValue).first() ?? AlarmPhoneCarrierModel()
        carrier.$zone.id = zone.id!
        carrier.date = date
        carrier.shift = shift.rawValue
        carrier.staffID = staffID
        carrier.setBy = try req.requireUser().staffID
        carrier.setAt = Date()
        try await carrier.save(on: req.db)
        await req.application.live.publish(["zone:\(zone.id!.uuidString)"])
        return req.redirect(to: "/board?zone=\(zone.id!.uuidString)&shift=\(shift.rawValue)", redirectType: .normal)
    }

    struct PrintList: Encodable {
        struct Line: Encodable {
            var time: String
            var recipient: String
            var address: String
            var title: String
            var duration: Int
            var partner: String
        }

        var name: String
        var lines: [Line]
    }

    struct PrintPage: Encodable {
        var zone: String
        var date: String
        var shift: String
        var printedAt: String
        var lists: [PrintList]
    }

    /// Every list of the shift on paper — what still works when nothing else does (R13). The key
    /// safe is left off on purpose: a lost sheet must not open anyone's door.
    @Sendable func print(req: Request) async throws -> Response {
        let loaded = try await load(
            req, zone: req.query[String.self, at: "zone"], shift: req.query[String.self, at: "shift"])
        let day = loaded.day
        let language = req.language
        let names = Dictionary(
            uniqueKeysWithValues: day.staff.values.map { ($0.id, "\($0.givenName) \($0.familyName)") })
        let visits = day.visits.values.sorted { ($0.plannedStart ?? 0, $0.title) < ($1.plannedStart ?? 0, $1.title) }
        func line(_ visit: VisitModel, for staffID: UUID?) -> PrintList.Line {
            let recipient = day.recipients[visit.$recipient.id]
            let shown = recipient.flatMap { loaded.visible.contains($0.id!) ? $0 : nil }
            return PrintList.Line(
                time: HomeCarePlanner.clock(visit.plannedStart ?? Double(visit.windowStart)),
                recipient: shown.map { "\($0.givenName) \($0.familyName)" } ?? "–",
                address: shown.map { "\($0.street), \($0.postalCode) \($0.city)" } ?? "",
                title: visit.title, duration: visit.durationMinutes,
                partner: visit.assignedStaffIDs.filter { $0 != staffID }.compactMap { names[$0] }.joined(
                    separator: ", "))
        }
        var lists = day.staff.values.sorted { $0.employeeNumber < $1.employeeNumber }.map { member in
            PrintList(
                name: "\(member.givenName) \(member.familyName)",
                lines: visits.filter { $0.assignedStaffIDs.contains(member.id) }.map { line($0, for: member.id) })
        }
        let unassigned = visits.filter { $0.assignedStaffIDs.isEmpty }
        if !unassigned.isEmpty {
            lists.append(
                PrintList(
                    name: LocalizedText(nb: "Ikke fordelt", en: "Not assigned").text(in: language),
                    lines: unassigned.map { line($0, for: nil) }))
        }
        let format = Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: req.application.tilsyn.timeZone)
            .locale(Locale(identifier: language == "en" ? "en_GB" : "nb_NO"))
        let page = PrintPage(
            zone: loaded.zone.name, date: day.date.description,
            shift: (loaded.shift == .day
                ? LocalizedText(nb: "dagvakt", en: "day shift") : LocalizedText(nb: "kveldsvakt", en: "evening"))
                .text(in: language),
            printedAt: Date().formatted(format), lists: lists)
        return try await req.renderPage("board-print", titleKey: "board_print_title", page)
    }
}

/// Why the board refused a move.
enum LiveBoardError: UserFacingError {
    case alreadyStarted

    var status: HTTPResponseStatus { .conflict }
    var code: String { "alreadyStarted" }
    var field: String? { "visit" }
    var message: LocalizedText {
        LocalizedText(
            nb: "Besøket er allerede påbegynt eller krysset av, og kan ikke flyttes.",
            en: "The visit is already started or checked off and cannot be moved.")
    }
}
