import Fluent
import Foundation
import TilsynCore
import Vapor

/// The shift report board (R20) of a zone, for a wall screen and a tablet: the agenda since the
/// last report with priority recipients on top, the absent staff, the open action points with
/// owners and due times (carried from report to report until done), starting a report (spoken or
/// silent), and in a silent report each person's "read".
struct ReportBoardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let board = routes.grouped("report")
        board.get(use: page).classify(.recipientList(.keyFacts))
        board.get("version", use: version).classify(.aggregate)
        let leaders = board.grouped(RequireRole.leaders)
        leaders.post("meetings", use: start).classify(.aggregate)
        board.post("actions", use: addAction).classify(.aggregate)
        board.post("actions", ":actionID", "done", use: done).classify(.aggregate)
        board.post("meetings", ":meetingID", "read", use: acknowledge).classify(.aggregate)
    }

    struct AgendaRow: Encodable {
        var recipient: String
        var items: [String]
        var priority: Bool
    }

    struct ActionRow: Encodable {
        var id: String
        var text: String
        var owner: String
        var due: String
        var overdue: Bool
        var carried: Bool
    }

    struct Page: Encodable {
        var zones: [PlanningPagesController.Option]
        var zoneID: String
        var since: String
        var meeting: String
        var meetingID: String
        var silent: Bool
        var readBy: [String]
        var hasRead: Bool
        var agenda: [AgendaRow]
        var absent: [String]
        var actions: [ActionRow]
        var staff: [PlanningPagesController.Option]
        var kinds: [PlanningPagesController.Option]
        var defaultDue: String
        var isLeader: Bool
        var version: String
    }

    /// The zone asked for, or the person's own; everyone but a unit leader only their own.
    static func zone(_ req: Request, _ asked: String?) async throws -> (ZoneModel, [ZoneModel]) {
        try await ZoneChoice.choose(req, asked: asked, everyZone: [.unitLeader])
    }

    static func latestMeeting(_ zone: ZoneModel, _ database: any Database) async throws -> ReportMeetingModel? {
        try await ReportMeetingModel.query(on: database).filter(\.$zone.$id == zone.id!).sort(\.$startedAt, .descending)
            .first()
    }

    @Sendable func page(req: Request) async throws -> Response {
        let (zone, zones) = try await Self.zone(req, req.query["zone"])
        let language = req.language
        let meetings = try await ReportMeetingModel.query(on: req.db).filter(\.$zone.$id == zone.id!)
            .sort(\.$startedAt, .descending).limit(2).all()
        // During a meeting the agenda is what changed since the one before it.
        let current = meetings.first
        let since =
            meetings.count > 1
            ? meetings[1].startedAt
            : (current?.startedAt.addingTimeInterval(-86_400) ?? Date().addingTimeInterval(-86_400))
        let agenda = try await ReportAgenda.build(zone: zone, since: since, today: req.application.today, on: req.db)
        let ordered = agenda.recipientsInOrder
        let recipients = try await RecipientModel.query(on: req.db).filter(\.$id ~~ ordered.map(\.recipientID)).all()
        // Each item only to those who may see its part of the record; the name needs key facts.
        // The audit log names, per recipient, the parts the board shows.
        let itemsOf = Dictionary(uniqueKeysWithValues: ordered.map { ($0.recipientID, $0.items) })
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, parts: Set(RecordPart.allCases)
        ) { id, allowed in
            let items = (itemsOf[id] ?? []).filter { allowed.contains($0.part) }
            guard allowed.contains(.keyFacts), !items.isEmpty else { return [] }
            return Set(items.map(\.part)).union([.keyFacts])
        }
        let names = Dictionary(
            uniqueKeysWithValues: recipients.map { ($0.id!, "\($0.givenName) \($0.familyName), \($0.street)") })
        let rows = ordered.compactMap { entry -> AgendaRow? in
            guard let parts = visible[entry.recipientID] else { return nil }
            let items = entry.items.filter { parts.contains($0.part) }
            return AgendaRow(
                recipient: names[entry.recipientID] ?? "", items: items.map { $0.text.text(in: language) },
                priority: (items.first?.weight ?? 0) >= 80)
        }
        let staff = try await StaffMemberModel.query(on: req.db).filter(\.$zone.$id == zone.id!).sort(\.$familyName)
            .all()
        let staffNames = Dictionary(uniqueKeysWithValues: staff.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
        let now = Date()
        let actions = try await ActionPointModel.query(on: req.db).filter(\.$zone.$id == zone.id!).filter(
            \.$doneAt == nil
        )
        .sort(\.$dueAt).all()
        .map { action in
            ActionRow(
                id: action.id!.uuidString, text: action.text, owner: staffNames[action.$owner.id] ?? "",
                due: req.localDateTime(action.dueAt), overdue: action.dueAt < now,
                // From an earlier report: added while another meeting was the latest (the meeting,
                // not a time stamp, so a next report started within the same second cannot miss it).
                carried: action.$meeting.id.map { $0 != current?.id } ?? (current != nil))
        }
        var readBy: [String] = []
        var hasRead = false
        if let current, current.silent {
            let acknowledgements = try await ReportAcknowledgementModel.query(on: req.db)
                .filter(\.$meeting.$id == current.id!).with(\.$staff).all()
            readBy = acknowledgements.map { "\($0.staff.givenName) \($0.staff.familyName)" }.sorted()
            hasRead = acknowledgements.contains { $0.$staff.id == req.signedInUser?.staffID }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = req.application.tilsyn.timeZone
        let due = calendar.date(byAdding: .hour, value: 4, to: now)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: due)
        let page = Page(
            zones: zones.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id == zone.id) },
            zoneID: zone.id!.uuidString, since: req.localDateTime(since),
            meeting: current.map {
                "\((ReportMeetingKind(rawValue: $0.kind) ?? .morning).name.text(in: language)) \(req.localDateTime($0.startedAt))"
            } ?? "",
            meetingID: current?.id?.uuidString ?? "", silent: current?.silent ?? false, readBy: readBy,
            hasRead: hasRead,
            agenda: rows, absent: agenda.absentStaff, actions: actions,
            staff: staff.map {
                .init(
                    value: $0.id!.uuidString, label: staffNames[$0.id!] ?? "",
                    selected: $0.id == req.signedInUser?.staffID)
            },
            kinds: ReportMeetingKind.allCases.map {
                .init(value: $0.rawValue, label: $0.name.text(in: language), selected: false)
            },
            defaultDue: String(
                format: "%04d-%02d-%02dT%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!),
            isLeader: DeviationsController.isLeader(req), version: try await Self.version(zone, req.db))
        return try await req.renderPage("report", titleKey: "report_title", page)
    }

    static func version(_ zone: ZoneModel, _ database: any Database) async throws -> String {
        let meetings = try await ReportMeetingModel.query(on: database).filter(\.$zone.$id == zone.id!).count()
        let actions = try await ActionPointModel.query(on: database).filter(\.$zone.$id == zone.id!).all()
        let reads = try await ReportAcknowledgementModel.query(on: database).count()
        return "\(meetings)-\(actions.count)-\(actions.filter { $0.doneAt != nil }.count)-\(reads)"
    }

    @Sendable func version(req: Request) async throws -> [String: String] {
        let (zone, _) = try await Self.zone(req, req.query["zone"])
        return ["version": try await Self.version(zone, req.db)]
    }

    struct MeetingForm: Content {
        var zone: String
        var kind: String
        var silent: String?
    }

    @Sendable func start(req: Request) async throws -> Response {
        let form = try req.content.decode(MeetingForm.self)
        let (zone, _) = try await Self.zone(req, form.zone)
        guard let kind = ReportMeetingKind(rawValue: form.kind) else { throw ReportError.kind }
        let meeting = ReportMeetingModel()
        meeting.$zone.id = zone.id!
        meeting.kind = kind.rawValue
        meeting.silent = form.silent != nil
        // Strictly after the previous meeting even within one second (the store may keep whole
        // seconds), so "the latest meeting" is never ambiguous.
        let previous = try await Self.latestMeeting(zone, req.db)?.startedAt
        meeting.startedAt = max(Date(), previous.map { $0.addingTimeInterval(1) } ?? .distantPast)
        meeting.$startedBy.id = req.signedInUser?.staffID
        try await meeting.save(on: req.db)
        return req.redirect(to: "/report?zone=\(zone.id!.uuidString)", redirectType: .normal)
    }

    struct ActionForm: Content {
        var zone: String
        var text: String
        var owner: String
        var due: String
    }

    @Sendable func addAction(req: Request) async throws -> Response {
        let form = try req.content.decode(ActionForm.self)
        let (zone, _) = try await Self.zone(req, form.zone)
        let text = form.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...500).contains(text.count) else { throw ReportError.text }
        guard let ownerID = UUID(uuidString: form.owner),
            let owner = try await StaffMemberModel.find(ownerID, on: req.db),
            owner.$zone.id == zone.id || owner.$zone.id == nil
        else { throw ReportError.owner }
        guard let due = DeviationsController.localDateTime(form.due, req.application.tilsyn.timeZone) else {
            throw ReportError.due
        }
        let action = ActionPointModel()
        action.$zone.id = zone.id!
        action.$meeting.id = try await Self.latestMeeting(zone, req.db)?.id
        action.text = text
        action.$owner.id = ownerID
        action.dueAt = due
        action.createdAt = Date()
        try await action.save(on: req.db)
        return req.redirect(to: "/report?zone=\(zone.id!.uuidString)", redirectType: .normal)
    }

    @Sendable func done(req: Request) async throws -> Response {
        let id = try req.uuidParameter("actionID", notFound: .actionPoint)
        guard let action = try await ActionPointModel.find(id, on: req.db) else { throw NotFoundError.actionPoint }
        let (zone, _) = try await Self.zone(req, action.$zone.id.uuidString)
        if action.doneAt == nil {
            action.doneAt = Date()
            action.$doneBy.id = req.signedInUser?.staffID
            try await action.save(on: req.db)
        }
        return req.redirect(to: "/report?zone=\(zone.id!.uuidString)", redirectType: .normal)
    }

    @Sendable func acknowledge(req: Request) async throws -> Response {
        let id = try req.uuidParameter("meetingID", notFound: .reportMeeting)
        guard let meeting = try await ReportMeetingModel.find(id, on: req.db), meeting.silent else {
            throw NotFoundError.reportMeeting
        }
        let (zone, _) = try await Self.zone(req, meeting.$zone.id.uuidString)
        guard let staffID = req.signedInUser?.staffID else { throw Abort(.unauthorized) }
        if try await ReportAcknowledgementModel.query(on: req.db).filter(\.$meeting.$id == id)
            .filter(\.$staff.$id == staffID).count() == 0
        {
            let read = ReportAcknowledgementModel()
            read.$meeting.id = id
            read.$staff.id = staffID
            read.at = Date()
            try await read.save(on: req.db)
        }
        return req.redirect(to: "/report?zone=\(zone.id!.uuidString)", redirectType: .normal)
    }
}

/// Why the report board refuses a change.
enum ReportError: UserFacingError {
    case kind, text, owner, due

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? { "\(self)" }
    var message: LocalizedText {
        switch self {
        case .kind: LocalizedText(nb: "Velg hvilken rapport.", en: "Choose which report.")
        case .text: LocalizedText(nb: "Skriv tiltaket (2–500 tegn).", en: "Write the action (2–500 characters).")
        case .owner: LocalizedText(nb: "Velg en ansvarlig i sonen.", en: "Choose an owner in the zone.")
        case .due: LocalizedText(nb: "«Frist» må være dato og klokkeslett.", en: "'Due' must be a date and time.")
        }
    }
}
