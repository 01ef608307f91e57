import Fluent
import Foundation
import TilsynCore
import Vapor

/// Innsyn i logg: a recipient's access log for a period, as a page, CSV, a printable letter in plain
/// language, and JSON; and the leader's review of emergency and unusual access.
struct AuditPagesController: RouteCollection {
    struct AccessLogPage: Encodable {
        var recipientID: String
        var recipientName: String
        var nationalID: String
        var address: String
        var from: String
        var to: String
        var lines: [AccessLogLine]
        var printedAt: String
        var people: Int
    }

    func boot(routes: any RoutesBuilder) throws {
        let leaders = routes.grouped(RequireRole.leaders)
        let recipient = leaders.grouped("recipients", ":recipientID")
        recipient.get("access-log", use: page).classify(.recipientData(.keyFacts, .read))
        recipient.get("access-log.csv", use: csv).classify(.recipientData(.keyFacts, .read))
        recipient.get("access-log", "print", use: printable).classify(.recipientData(.keyFacts, .read))
        leaders.get("api", "v1", "recipients", ":recipientID", "access-log", use: json)
            .classify(.recipientData(.keyFacts, .read))
        leaders.get("access-review", use: review).classify(.recipientList(.keyFacts))
    }

    private func period(_ req: Request) throws -> (from: LocalDate, to: LocalDate) {
        let today = req.application.today
        func date(_ name: String, default value: LocalDate) throws -> LocalDate {
            guard let text = req.query[String.self, at: name], !text.isEmpty else { return value }
            guard let parsed = LocalDate(text) else { throw InvalidParameterError.date(name) }
            return parsed
        }
        let from = try date("from", default: today.adding(days: -30))
        let to = try date("to", default: today)
        guard from <= to else {
            throw InvalidParameterError(
                field: "to", expected: LocalizedText(nb: "samme dag som eller etter «from»", en: "on or after 'from'"))
        }
        return (from, to)
    }

    private func build(_ req: Request) async throws -> AccessLogPage {
        let id = try req.uuidParameter("recipientID", notFound: .recipient)
        let recipient = try await RecipientRepository(database: req.db).find(id)
        let (from, to) = try period(req)
        let service = AccessLogService(database: req.db, timeZone: req.application.tilsyn.timeZone)
        let lines = try await service.accessLog(recipientID: id, from: from, to: to, language: req.language)
        return AccessLogPage(
            recipientID: id.uuidString, recipientName: recipient.fullName, nationalID: recipient.nationalID.value,
            address: recipient.address.singleLine, from: from.description, to: to.description, lines: lines,
            printedAt: req.localDateTime(Date()), people: Set(lines.map(\.who)).count)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let page = try await build(req)
        return try await req.renderPage("access-log", titleKey: "accesslog_title", page)
    }

    @Sendable func printable(req: Request) async throws -> Response {
        let page = try await build(req)
        return try await req.renderPage("access-log-print", titleKey: "accesslog_title", page)
    }

    @Sendable func json(req: Request) async throws -> Response {
        let page = try await build(req)
        return try await page.lines.map {
            AccessLogEntryResponse(
                at: $0.at, who: $0.who, role: $0.role, action: $0.action, what: $0.what, basis: $0.basis,
                emergencyReason: $0.emergencyReason.isEmpty ? nil : $0.emergencyReason, address: $0.address)
        }.encodeResponse(for: req)
    }

    @Sendable func csv(req: Request) async throws -> Response {
        let page = try await build(req)
        let texts = req.application.catalogue.texts(for: req.language)
        let header = [
            "accesslog_when", "accesslog_who", "accesslog_role", "accesslog_action", "accesslog_what",
            "accesslog_basis", "accesslog_reason", "accesslog_address",
        ].map { texts[$0] ?? $0 }
        var rows = [header]
        for line in page.lines {
            rows.append([
                line.time, line.who, line.role, line.action, line.what, line.basis, line.emergencyReason, line.address,
            ])
        }
        return CSVDownload.response(rows: rows, filename: "tilgangslogg-\(page.from)-\(page.to).csv")
    }

    @Sendable func review(req: Request) async throws -> Response {
        let (from, to) = try period(req)
        let log = AccessLogService(database: req.db, timeZone: req.application.tilsyn.timeZone)
        var review = try await AccessReviewService(database: req.db, log: log).review(
            from: from, to: to, unitRecipients: nil, language: req.language)
        // Show only emergencies about recipients this leader is responsible for (and log that).
        let ids = Set(review.emergencies.compactMap { UUID(uuidString: $0.recipientID) })
        let recipients = try await RecipientModel.query(on: req.db).filter(\.$id ~~ Array(ids)).all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        review.emergencies = review.emergencies.filter {
            UUID(uuidString: $0.recipientID).map(visible.contains) ?? false
        }
        return try await req.renderPage("access-review", titleKey: "review_title", review)
    }

    /// Quotes a CSV field when it holds a separator, quote or line break; defuses spreadsheet formulas.
    static func csvField(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { ";\",\n\r".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// One access in the JSON access log.
struct AccessLogEntryResponse: Content {
    var at: Date
    var who: String
    var role: String
    var action: String
    var what: String
    var basis: String
    var emergencyReason: String?
    var address: String
}
