import Fluent
import Foundation
import TilsynCore
import Vapor

/// Tasks (R12): my open tasks and my zone's, a form to add one (also from a visit), and done.
struct CareTasksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tasks = routes.grouped("tasks")
        tasks.get(use: page).classify(.recipientList(.carePlan))
        tasks.post(use: create).classify(.recipientsInBody)
        tasks.post(":taskID", "done", use: done).classify(.recipientData(.carePlan, .change))
    }

    struct Row: Encodable {
        var id: String
        var kind: String
        var text: String
        var recipient: String
        var recipientLink: String
        var owner: String
        var due: String
        var overdue: Bool
    }

    struct Page: Encodable {
        var zoneID: String
        var zones: [PlanningPagesController.Option]
        var mine: [Row]
        var zone: [Row]
        var kinds: [PlanningPagesController.Option]
        var owners: [PlanningPagesController.Option]
        var defaultDue: String
        var message: String
    }

    @Sendable func page(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (zone, zones) = try await ZoneChoice.choose(
            req, asked: req.query[String.self, at: "zone"], everyZone: [.unitLeader, .departmentLeader])
        let service = CareTaskService(database: req.db)
        let mine = try await service.open(ownerID: user.staffID)
        let inZone = try await service.open(zoneID: zone.id!)
        let language = req.language
        let rows = try await Self.rows(mine + inZone, req: req, language: language)
        let colleagues = try await StaffMemberModel.query(on: req.db).filter(\.$zone.$id == zone.id!)
            .sort(\.$givenName).all()
        let page = Page(
            zoneID: zone.id!.uuidString,
            zones: zones.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id == zone.id) },
            mine: mine.compactMap { rows[$0.id!] }, zone: inZone.compactMap { rows[$0.id!] },
            kinds: Self.kindOptions(language), owners: Self.ownerOptions(colleagues, me: user.staffID, language),
            defaultDue: Self.defaultDue(req),
            message: req.query[String.self, at: "saved"] != nil
                ? LocalizedText(nb: "Oppgaven er lagret.", en: "The task is saved.").text(in: language) : "")
        return try await req.renderPage("tasks", titleKey: "tasks_title", page)
    }

    static func kindOptions(_ language: String) -> [PlanningPagesController.Option] {
        CareTaskKind.allCases.map { .init(value: $0.rawValue, label: $0.name.text(in: language), selected: false) }
    }

    static func ownerOptions(
        _ colleagues: [StaffMemberModel], me: UUID, _ language: String
    )
        -> [PlanningPagesController.Option]
    {
        [
            .init(value: "me", label: LocalizedText(nb: "Meg", en: "Me").text(in: language), selected: true),
            .init(
                value: "leader", label: LocalizedText(nb: "Lederen", en: "The leader").text(in: language),
                selected: false),
        ]
            + colleagues.filter { $0.id != me }.map {
                .init(value: $0.id!.uuidString, label: "\($0.givenName) \($0.familyName)", selected: false)
            }
    }

    /// Tomorrow at 10:00 local time: a sensible due time for most on-the-spot tasks.
    static func defaultDue(_ req: Request) -> String {
        let zone = req.application.tilsyn.timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: Date()) ?? Date()
        let parts = calendar.dateComponents([.year, .month, .day], from: tomorrow)
        return String(format: "%04d-%02d-%02dT10:00", parts.year ?? 2000, parts.month ?? 1, parts.day ?? 1)
    }

    /// Tasks as rows; a task about a recipient the reader may not see is left out.
    static func rows(_ tasks: [CareTaskModel], req: Request, language: String) async throws -> [UUID: Row] {
        let recipientIDs = Set(tasks.compactMap { $0.$recipient.id })
        let recipients = try await RecipientModel.query(on: req.db).filter(\.$id ~~ recipientIDs).all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .carePlan)
        let names = Dictionary(uniqueKeysWithValues: recipients.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
        let owners = try await StaffMemberModel.query(on: req.db).filter(\.$id ~~ Set(tasks.map(\.ownerID))).all()
        let ownerNames = Dictionary(uniqueKeysWithValues: owners.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
        let format = Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: req.application.tilsyn.timeZone)
            .locale(Locale(identifier: language == "en" ? "en_GB" : "nb_NO"))
        let now = Date()
        var rows: [UUID: Row] = [:]
        for task in tasks {
            if let recipientID = task.$recipient.id, !visible.contains(recipientID) { continue }
            rows[task.id!] = Row(
                id: task.id!.uuidString,
                kind: CareTaskKind(rawValue: task.kind)?.name.text(in: language) ?? task.kind, text: task.text,
                recipient: task.$recipient.id.flatMap { names[$0] } ?? "",
                recipientLink: task.$recipient.id.map { "/recipients/\($0.uuidString)" } ?? "",
                owner: ownerNames[task.ownerID] ?? "?", due: task.dueAt.formatted(format), overdue: task.dueAt < now)
        }
        return rows
    }

    struct Form: Content {
        var kind: String
        var text: String?
        var recipient: String?
        var visit: String?
        var owner: String?
        var due: String?
        var clientID: String?
        var next: String?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(Form.self)
        let draft = try Self.draft(form, req: req)
        if let recipientID = draft.recipientID {
            try await req.recipientAccess.require(recipientID, part: .carePlan, action: .change)
        } else {
            try req.recipientAccess.noteNoRecipient()
        }
        try await CareTaskService(database: req.db).create(draft, by: user.staffID)
        let next = RedirectTarget.sameSitePath(form.next, fallback: "/tasks")
        return req.redirect(to: next + (next.contains("?") ? "&" : "?") + "saved=1", redirectType: .normal)
    }

    static func draft(_ form: Form, req: Request) throws -> TaskDraft {
        guard let kind = CareTaskKind(rawValue: form.kind) else { throw CareTaskError.kind }
        var recipientID: UUID?
        if let text = form.recipient, !text.isEmpty {
            guard let id = UUID(uuidString: text) else { throw NotFoundError.recipient }
            recipientID = id
        }
        var visitID: UUID?
        if let text = form.visit, !text.isEmpty {
            guard let id = UUID(uuidString: text) else { throw NotFoundError.visit }
            visitID = id
        }
        guard let due = LocalDateTime.parse(form.due ?? "", timeZone: req.application.tilsyn.timeZone) else {
            throw CareTaskError.due
        }
        return TaskDraft(
            clientID: form.clientID.flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString, kind: kind,
            text: form.text ?? "", recipientID: recipientID, visitID: visitID, owner: form.owner ?? "me", dueAt: due)
    }

    @Sendable func done(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let id = try req.uuidParameter("taskID", notFound: .task)
        guard let task = try await CareTaskModel.find(id, on: req.db) else { throw NotFoundError.task }
        // The owner, anyone in the task's zone, or a leader may mark it done.
        guard
            task.ownerID == user.staffID || user.zoneID == task.$zone.id
                || [.departmentLeader, .unitLeader].contains(user.role)
        else { throw NotFoundError.task }
        try await CareTaskService(database: req.db).complete(task, by: user.staffID)
        return req.redirect(to: "/tasks", redirectType: .normal)
    }
}

/// A date and time typed in a `datetime-local` field ("2026-11-24T10:00"), read in the
/// municipality's time zone.
enum LocalDateTime {
    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        let time = parts[1].split(separator: ":").compactMap { Int($0) }
        guard date.count == 3, time.count >= 2, (0..<24).contains(time[0]), (0..<60).contains(time[1]) else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(
            year: date[0], month: date[1], day: date[2], hour: time[0], minute: time[1])
        guard let result = calendar.date(from: components),
            calendar.component(.day, from: result) == date[2]
        else { return nil }
        return result
    }
}
