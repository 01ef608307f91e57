import Fluent
import Foundation
import Planner
import TilsynCore
import Vapor

/// My day (issue #4, first part): the signed-in staff member's visits today in order, with time,
/// address (a map link), duration and what to do; one visit with the care plan's measures, the key
/// safe and contacts; and the check-off — started, done, or not done with a reason — recording the
/// actual times that allocated vs actual hours and planned vs done visits are counted from.
struct WorkListController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let day = routes.grouped("my-day")
        day.get(use: list).classify(.recipientList(.keyFacts))
        day.get(":visitID", use: visit).classify(.recipientData(.carePlan, .read))
        day.post(":visitID", "start", use: start).classify(.recipientData(.keyFacts, .change))
        day.post(":visitID", "done", use: done).classify(.recipientData(.keyFacts, .change))
        day.post(":visitID", "not-done", use: notDone).classify(.recipientData(.keyFacts, .change))
    }

    struct Row: Encodable {
        var id: String
        var number: Int
        var time: String
        var recipient: String
        var address: String
        var mapLink: String
        var duration: Int
        var title: String
        var status: String
        var twoPerson: Bool
    }

    struct ListPage: Encodable {
        var date: String
        var rows: [Row]
    }

    static func status(_ visit: VisitModel, _ language: String) -> String {
        switch visit.outcome {
        case "done": LocalizedText(nb: "Utført", en: "Done").text(in: language)
        case "notDone":
            LocalizedText(nb: "Ikke utført", en: "Not done").text(in: language) + ": "
                + (visit.notDoneReason.flatMap(NotDoneReason.init(rawValue:))?.name.text(in: language) ?? "")
        default:
            visit.startedAt != nil
                ? LocalizedText(nb: "Påbegynt", en: "Started").text(in: language)
                : LocalizedText(nb: "Ikke startet", en: "Not started").text(in: language)
        }
    }

    static func mapLink(_ recipient: RecipientModel) -> String {
        "https://www.openstreetmap.org/?mlat=\(recipient.latitude)&mlon=\(recipient.longitude)#map=18/\(recipient.latitude)/\(recipient.longitude)"
    }

    @Sendable func list(req: Request) async throws -> Response {
        guard let staffID = req.signedInUser?.staffID else { throw Abort(.unauthorized) }
        let today = req.application.today
        let visits = try await VisitModel.assigned(to: staffID, on: today.description, in: req.db)
        let recipients = try await RecipientModel.query(on: req.db).filter(\.$id ~~ visits.map { $0.$recipient.id })
            .all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        let byID = Dictionary(uniqueKeysWithValues: recipients.map { ($0.id!, $0) })
        let language = req.language
        let rows = visits.enumerated().compactMap { index, visit -> Row? in
            guard let recipient = byID[visit.$recipient.id], visible.contains(recipient.id!) else { return nil }
            return Row(
                id: visit.id!.uuidString, number: index + 1,
                time: HomeCarePlanner.clock(visit.plannedStart ?? Double(visit.windowStart)),
                recipient: "\(recipient.givenName) \(recipient.familyName)",
                address: "\(recipient.street), \(recipient.postalCode) \(recipient.city)",
                mapLink: Self.mapLink(recipient),
                duration: visit.durationMinutes, title: visit.title, status: Self.status(visit, language),
                twoPerson: visit.staffCount == 2)
        }
        return try await req.renderPage(
            "my-day", titleKey: "my_day_title", ListPage(date: today.description, rows: rows))
    }

    struct VisitPage: Encodable {
        var id: String
        var title: String
        var recipient: String
        var address: String
        var mapLink: String
        var time: String
        var duration: Int
        var keySafe: String
        var contacts: [AlarmConsoleController.Fact]
        var measures: [AlarmConsoleController.Fact]
        var status: String
        var canStart: Bool
        var canFinish: Bool
        var reasons: [PlanningPagesController.Option]
        var recipientID: String
        var measureOptions: [PlanningPagesController.Option]
        var conditions: [PlanningPagesController.Option]
        var meals: [PlanningPagesController.Option]
        var showsReports: Bool
        var reports: [ReportView]
        var kinds: [PlanningPagesController.Option]
        var owners: [PlanningPagesController.Option]
        var defaultDue: String
        var message: String
        var equipment: [EquipmentView]
    }

    /// The visit, if it is on the signed-in person's list today.
    private func mine(_ req: Request) async throws -> VisitModel {
        let id = try req.uuidParameter("visitID", notFound: .visit)
        guard let staffID = req.signedInUser?.staffID, let visit = try await VisitModel.find(id, on: req.db),
            visit.assignedStaffIDs.contains(staffID)
        else { throw NotFoundError.visit }
        return visit
    }

    @Sendable func visit(req: Request) async throws -> Response {
        let visit = try await mine(req)
        guard let recipient = try await RecipientModel.find(visit.$recipient.id, on: req.db) else {
            throw NotFoundError.recipient
        }
        let language = req.language
        let measures = try await MeasureModel.query(on: req.db).filter(\.$recipient.$id == recipient.id!)
            .filter(\.$isActive == true).sort(\.$title).all()
        // The latest reports are the handover (R10, R21) — shown when the reader may see reports.
        let showsReports = try await req.recipientAccess.allows(recipient.id!, part: .reports)
        let reports =
            showsReports
            ? try await VisitReportService(database: req.db).latest(
                recipientID: recipient.id!, limit: 5, language: language, timeZone: req.application.tilsyn.timeZone)
            : []
        let colleagues = try await StaffMemberModel.query(on: req.db).filter(\.$zone.$id == recipient.$zone.id)
            .sort(\.$givenName).all()
        let message =
            req.query[String.self, at: "reported"] != nil
            ? LocalizedText(nb: "Rapporten er lagret.", en: "The report is saved.")
            : req.query[String.self, at: "saved"] != nil
                ? LocalizedText(nb: "Oppgaven er lagret.", en: "The task is saved.") : nil
        func options<T: CaseIterable & RawRepresentable>(
            _ type: T.Type, _ name: (T) -> LocalizedText
        )
            -> [PlanningPagesController.Option] where T.RawValue == String
        {
            T.allCases.map { .init(value: $0.rawValue, label: name($0).text(in: language), selected: false) }
        }
        let page = VisitPage(
            id: visit.id!.uuidString, title: visit.title, recipient: "\(recipient.givenName) \(recipient.familyName)",
            address: "\(recipient.street), \(recipient.postalCode) \(recipient.city)", mapLink: Self.mapLink(recipient),
            time: HomeCarePlanner.clock(visit.plannedStart ?? Double(visit.windowStart)),
            duration: visit.durationMinutes,
            keySafe: recipient.keySafeNote,
            contacts: recipient.contacts.map { .init(label: "\($0.name) (\($0.note))", value: $0.phone) },
            measures: measures.map { .init(label: $0.title, value: $0.instructions) },
            status: Self.status(visit, language), canStart: visit.startedAt == nil && visit.outcome == nil,
            canFinish: visit.outcome == nil,
            reasons: options(NotDoneReason.self, \.name), recipientID: recipient.id!.uuidString,
            measureOptions: measures.map { .init(value: $0.id!.uuidString, label: $0.title, selected: false) },
            conditions: options(GeneralCondition.self, \.name), meals: options(MealEaten.self, \.name),
            showsReports: showsReports, reports: reports, kinds: CareTasksController.kindOptions(language),
            owners: CareTasksController.ownerOptions(colleagues, me: try req.requireUser().staffID, language),
            defaultDue: CareTasksController.defaultDue(req), message: message?.text(in: language) ?? "",
            equipment: try await EquipmentService(database: req.db).items(of: recipient.id!).map(EquipmentView.init))
        return try await req.renderPage("my-visit", titleKey: "my_day_title", title: visit.title, page)
    }

    @Sendable func start(req: Request) async throws -> Response {
        let visit = try await checkOff(req, .start, reason: nil)
        return req.redirect(to: "/my-day/\(visit.id!.uuidString)", redirectType: .normal)
    }

    @Sendable func done(req: Request) async throws -> Response {
        _ = try await checkOff(req, .done, reason: nil)
        return req.redirect(to: "/my-day", redirectType: .normal)
    }

    struct NotDoneForm: Content {
        var reason: String
    }

    @Sendable func notDone(req: Request) async throws -> Response {
        let form = try req.content.decode(NotDoneForm.self)
        guard let reason = NotDoneReason(rawValue: form.reason) else { throw WorkListError.reason }
        _ = try await checkOff(req, .notDone, reason: reason)
        return req.redirect(to: "/my-day", redirectType: .normal)
    }

    /// The page's check-off: made now, on a visit on my list, with a fresh id (a page is online).
    private func checkOff(
        _ req: Request, _ action: CheckOffAction, reason: NotDoneReason?
    ) async throws
        -> VisitModel
    {
        let visit = try await mine(req)
        if action == .start, visit.startedAt != nil, visit.outcome == nil { return visit }
        _ = try await VisitCheckOffs(database: req.db).apply(
            clientID: UUID().uuidString, visit: visit, staffID: try req.requireUser().staffID, action: action,
            reason: reason, at: Date())
        return visit
    }
}

/// Why a check-off was refused.
enum WorkListError: UserFacingError {
    case alreadyChecked, reason

    var status: HTTPResponseStatus { self == .alreadyChecked ? .conflict : .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? { self == .reason ? "reason" : nil }
    var message: LocalizedText {
        switch self {
        case .alreadyChecked:
            LocalizedText(nb: "Besøket er allerede krysset av.", en: "The visit is already checked off.")
        case .reason:
            LocalizedText(nb: "Velg hvorfor besøket ikke ble utført.", en: "Choose why the visit was not done.")
        }
    }
}
