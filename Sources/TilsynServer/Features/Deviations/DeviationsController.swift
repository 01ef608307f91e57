import Fluent
import Foundation
import TilsynCore
import Vapor

/// Deviations (*avvik*, R40): anyone files one in a minute; the leader assesses, acts and closes it
/// with what was learned; overdue ones stand out. A reporter may be anonymous to colleagues —
/// never to leaders following up, and never to the database.
struct DeviationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let deviations = routes.grouped("deviations")
        deviations.get(use: list).classify(.recipientList(.keyFacts))
        deviations.get("new", use: form).classify(.recipientList(.keyFacts))
        deviations.post(use: create).classify(.recipientList(.keyFacts))
        deviations.get(":deviationID", use: detail).classify(.recipientData(.keyFacts, .read))
        let leaders = deviations.grouped(RequireRole.leaders)
        leaders.post(":deviationID", "assess", use: assess).classify(.recipientData(.keyFacts, .change))
        leaders.post(":deviationID", "close", use: close).classify(.recipientData(.keyFacts, .change))
    }

    struct Row: Encodable {
        var id: String
        var reported: String
        var category: String
        var severity: String
        var severityClass: String
        var status: String
        var what: String
        var recipient: String
        var reporter: String
        var overdue: Bool
    }

    struct ListPage: Encodable {
        var rows: [Row]
        var overdueCount: Int
        var openCount: Int
    }

    /// Whether the signed-in person leads (sees reporters, follows up).
    static func isLeader(_ req: Request) -> Bool {
        guard let role = req.signedInUser?.role else { return false }
        return [.departmentLeader, .unitLeader].contains(role)
    }

    /// The deviations this person may see: their own, and those of their zone (a unit leader: all).
    static func visible(_ req: Request) async throws -> [DeviationModel] {
        guard let user = req.signedInUser else { throw Abort(.unauthorized) }
        var query = DeviationModel.query(on: req.db).with(\.$reporter)
        if user.role != .unitLeader {
            let zone = user.zoneID
            let me = user.staffID
            query = query.group(.or) { group in
                group.filter(\.$reporter.$id == me)
                if let zone { group.filter(\.$zone.$id == zone) }
            }
        }
        return try await query.sort(\.$reportedAt, .descending).all()
    }

    static func reporterName(_ deviation: DeviationModel, _ req: Request) -> String {
        let language = req.language
        let name = "\(deviation.reporter.givenName) \(deviation.reporter.familyName)"
        if deviation.anonymousToColleagues {
            if isLeader(req) {
                return name
                    + LocalizedText(nb: " (anonym for kolleger)", en: " (anonymous to colleagues)").text(in: language)
            }
            if deviation.$reporter.id == req.signedInUser?.staffID {
                return LocalizedText(nb: "Deg (anonym for kolleger)", en: "You (anonymous to colleagues)").text(
                    in: language)
            }
            return LocalizedText(nb: "Anonym", en: "Anonymous").text(in: language)
        }
        return name
    }

    @Sendable func list(req: Request) async throws -> Response {
        let deviations = try await Self.visible(req)
        let names = try await Self.recipientNames(req, deviations.compactMap { $0.$recipient.id })
        let language = req.language
        let now = Date()
        let rows = deviations.sorted {
            ($0.status == "closed" ? 1 : 0, $1.reportedAt) < ($1.status == "closed" ? 1 : 0, $0.reportedAt)
        }
        .map { deviation in
            Row(
                id: deviation.id!.uuidString, reported: req.localDateTime(deviation.reportedAt),
                category: DeviationCategory(rawValue: deviation.category)?.name.text(in: language)
                    ?? deviation.category,
                severity: DeviationSeverity(rawValue: deviation.severity)?.name.text(in: language)
                    ?? deviation.severity,
                severityClass: deviation.severity,
                status: DeviationStatus(rawValue: deviation.status)?.name.text(in: language) ?? deviation.status,
                what: String(deviation.what.prefix(90)) + (deviation.what.count > 90 ? " …" : ""),
                recipient: deviation.$recipient.id.map {
                    names[$0] ?? LocalizedText(nb: "(skjult)", en: "(hidden)").text(in: language)
                } ?? "–",
                reporter: Self.reporterName(deviation, req), overdue: deviation.isOverdue(now: now))
        }
        let page = ListPage(
            rows: rows, overdueCount: rows.filter(\.overdue).count,
            openCount: deviations.filter { $0.status != DeviationStatus.closed.rawValue }.count)
        return try await req.renderPage("deviations", titleKey: "deviations_title", page)
    }

    /// Names of the recipients this reader may see (each one logged as listed).
    static func recipientNames(_ req: Request, _ ids: [UUID]) async throws -> [UUID: String] {
        let recipients = try await RecipientModel.query(on: req.db).filter(\.$id ~~ ids).all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        return Dictionary(
            uniqueKeysWithValues: recipients.filter { visible.contains($0.id!) }.map {
                ($0.id!, "\($0.givenName) \($0.familyName)")
            })
    }

    struct FormPage: Encodable {
        var recipients: [PlanningPagesController.Option]
        var categories: [PlanningPagesController.Option]
        var severities: [PlanningPagesController.Option]
        var now: String
    }

    @Sendable func form(req: Request) async throws -> Response {
        let language = req.language
        var query = RecipientModel.query(on: req.db).sort(\.$familyName)
        if let zone = req.signedInUser?.zoneID { query = query.filter(\.$zone.$id == zone) }
        let recipients = try await query.all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = req.application.tilsyn.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date())
        let now = String(
            format: "%04d-%02d-%02dT%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
        let page = FormPage(
            recipients: recipients.filter { visible.contains($0.id!) }.map {
                .init(value: $0.id!.uuidString, label: "\($0.familyName), \($0.givenName)", selected: false)
            },
            categories: DeviationCategory.allCases.map {
                .init(value: $0.rawValue, label: $0.name.text(in: language), selected: false)
            },
            severities: DeviationSeverity.allCases.map {
                .init(value: $0.rawValue, label: $0.name.text(in: language), selected: $0 == .medium)
            }, now: now)
        return try await req.renderPage("deviation-new", titleKey: "deviation_new_title", page)
    }

    struct NewDeviation: Content {
        var what: String
        var place: String?
        var recipient: String?
        var category: String
        var severity: String
        var occurredAt: String?
        var anonymous: String?
    }

    @Sendable func create(req: Request) async throws -> Response {
        guard let user = req.signedInUser else { throw Abort(.unauthorized) }
        let staffID = user.staffID
        let form = try req.content.decode(NewDeviation.self)
        let what = form.what.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...4000).contains(what.count) else { throw DeviationError.what }
        guard let category = DeviationCategory(rawValue: form.category) else { throw DeviationError.category }
        guard let severity = DeviationSeverity(rawValue: form.severity) else { throw DeviationError.severity }
        var occurred = Date()
        if let text = form.occurredAt, !text.isEmpty {
            guard let date = Self.localDateTime(text, req.application.tilsyn.timeZone) else {
                throw DeviationError.occurredAt
            }
            guard date <= Date().addingTimeInterval(300) else { throw DeviationError.future }
            occurred = date
        }
        var zoneID = user.zoneID
        var recipientID: UUID?
        if let text = form.recipient, !text.isEmpty {
            guard let id = UUID(uuidString: text), let recipient = try await RecipientModel.find(id, on: req.db) else {
                throw NotFoundError.recipient
            }
            // Only a recipient the reporter may see can be named (the check is logged).
            let allowed = try await req.recipientAccess.filterListed([(id, recipient.$zone.id)], part: .keyFacts)
            guard allowed.contains(id) else { throw DeviationError.recipient }
            recipientID = id
            zoneID = recipient.$zone.id
        } else {
            _ = try await req.recipientAccess.filterListed([], part: .keyFacts)
        }
        let deviation = DeviationModel()
        deviation.$reporter.id = staffID
        deviation.anonymousToColleagues = form.anonymous != nil
        deviation.$zone.id = zoneID
        deviation.$recipient.id = recipientID
        deviation.what = what
        deviation.place = (form.place ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        deviation.category = category.rawValue
        deviation.severity = severity.rawValue
        deviation.status = DeviationStatus.open.rawValue
        deviation.occurredAt = occurred
        deviation.reportedAt = Date()
        deviation.followUpBy = deviation.reportedAt.addingTimeInterval(Double(severity.daysToFollowUp) * 86_400)
        try await deviation.save(on: req.db)
        return req.redirect(to: "/deviations/\(deviation.id!.uuidString)", redirectType: .normal)
    }

    static func localDateTime(_ text: String, _ timeZone: TimeZone) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.date(from: text)
    }

    struct DetailPage: Encodable {
        var id: String
        var what: String
        var place: String
        var category: String
        var severity: String
        var status: String
        var recipient: String
        var reporter: String
        var occurred: String
        var reported: String
        var followUpBy: String
        var overdue: Bool
        var assessment: String
        var action: String
        var learned: String
        var handledBy: String
        var canAssess: Bool
        var canClose: Bool
    }

    @Sendable func detail(req: Request) async throws -> Response {
        let deviation = try await Self.deviation(req)
        guard try await Self.visible(req).contains(where: { $0.id == deviation.id }) else {
            throw NotFoundError.deviation
        }
        try await deviation.$reporter.load(on: req.db)
        let language = req.language
        let recipient = try await deviation.$recipient.get(on: req.db)
        let handler = try await deviation.$handledBy.get(on: req.db)
        let leader = Self.isLeader(req)
        let page = DetailPage(
            id: deviation.id!.uuidString, what: deviation.what, place: deviation.place,
            category: DeviationCategory(rawValue: deviation.category)?.name.text(in: language) ?? "",
            severity: DeviationSeverity(rawValue: deviation.severity)?.name.text(in: language) ?? "",
            status: DeviationStatus(rawValue: deviation.status)?.name.text(in: language) ?? "",
            recipient: recipient.map { "\($0.givenName) \($0.familyName)" } ?? "–",
            reporter: Self.reporterName(deviation, req), occurred: req.localDateTime(deviation.occurredAt),
            reported: req.localDateTime(deviation.reportedAt), followUpBy: req.localDateTime(deviation.followUpBy),
            overdue: deviation.isOverdue(), assessment: deviation.assessment ?? "", action: deviation.action ?? "",
            learned: deviation.learned ?? "", handledBy: handler.map { "\($0.givenName) \($0.familyName)" } ?? "",
            canAssess: leader && deviation.status == DeviationStatus.open.rawValue,
            canClose: leader && deviation.status != DeviationStatus.closed.rawValue)
        return try await req.renderPage("deviation", titleKey: "deviation_title", page)
    }

    static func deviation(_ req: Request) async throws -> DeviationModel {
        let id = try req.uuidParameter("deviationID", notFound: .deviation)
        guard let deviation = try await DeviationModel.find(id, on: req.db) else { throw NotFoundError.deviation }
        return deviation
    }

    struct FollowUp: Content {
        var assessment: String?
        var action: String?
        var learned: String?
    }

    @Sendable func assess(req: Request) async throws -> Response {
        let deviation = try await Self.deviation(req)
        guard try await Self.visible(req).contains(where: { $0.id == deviation.id }) else {
            throw NotFoundError.deviation
        }
        let form = try req.content.decode(FollowUp.self)
        let assessment = (form.assessment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let action = (form.action ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !assessment.isEmpty else { throw DeviationError.assessment }
        guard !action.isEmpty else { throw DeviationError.action }
        guard deviation.status == DeviationStatus.open.rawValue else { throw DeviationError.notOpen }
        deviation.assessment = assessment
        deviation.action = action
        deviation.status = DeviationStatus.assessed.rawValue
        deviation.assessedAt = Date()
        deviation.$handledBy.id = req.signedInUser?.staffID
        try await deviation.save(on: req.db)
        return req.redirect(to: "/deviations/\(deviation.id!.uuidString)", redirectType: .normal)
    }

    @Sendable func close(req: Request) async throws -> Response {
        let deviation = try await Self.deviation(req)
        guard try await Self.visible(req).contains(where: { $0.id == deviation.id }) else {
            throw NotFoundError.deviation
        }
        let form = try req.content.decode(FollowUp.self)
        let learned = (form.learned ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !learned.isEmpty else { throw DeviationError.learned }
        guard deviation.status != DeviationStatus.closed.rawValue else { throw DeviationError.notOpen }
        deviation.learned = learned
        deviation.status = DeviationStatus.closed.rawValue
        deviation.closedAt = Date()
        deviation.$handledBy.id = req.signedInUser?.staffID
        try await deviation.save(on: req.db)
        return req.redirect(to: "/deviations", redirectType: .normal)
    }
}

/// Why a deviation report or its follow-up was refused.
enum DeviationError: UserFacingError {
    case what, category, severity, occurredAt, future, recipient, assessment, action, learned, notOpen

    var status: HTTPResponseStatus { self == .notOpen ? .conflict : .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? { self == .notOpen ? nil : (self == .future ? "occurredAt" : "\(self)") }
    var message: LocalizedText {
        switch self {
        case .what:
            LocalizedText(nb: "Skriv hva som skjedde (3–4000 tegn).", en: "Say what happened (3–4000 characters).")
        case .category: LocalizedText(nb: "Velg en kategori.", en: "Choose a category.")
        case .severity: LocalizedText(nb: "Velg hvor alvorlig det er.", en: "Choose how serious it is.")
        case .occurredAt: LocalizedText(nb: "«Når» må være dato og klokkeslett.", en: "'When' must be a date and time.")
        case .future: LocalizedText(nb: "«Når» kan ikke være fram i tid.", en: "'When' cannot be in the future.")
        case .recipient:
            LocalizedText(
                nb: "Du kan bare nevne tjenestemottakere du har tilgang til.",
                en: "You can only name recipients you have access to.")
        case .assessment: LocalizedText(nb: "Skriv vurderingen.", en: "Write the assessment.")
        case .action: LocalizedText(nb: "Skriv hvilket tiltak som er satt i gang.", en: "Say what action was taken.")
        case .learned: LocalizedText(nb: "Skriv hva dere lærte.", en: "Say what was learned.")
        case .notOpen: LocalizedText(nb: "Avviket er allerede fulgt opp.", en: "The deviation is already followed up.")
        }
    }
}
