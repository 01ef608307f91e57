import TilsynCore
import Vapor

/// What every page template gets: the texts of the chosen language, the language itself, the
/// page's title and the page's own data under `page`.
struct PageContext<Content: Encodable>: Encodable {
    /// The signed-in user as the layout shows them, if any.
    struct User: Encodable {
        var name: String
        var role: String
        var csrf: String
        var hasPIN: Bool
        var isLeader: Bool
        /// Operators and leaders see the alarm console.
        var isAlarmStaff: Bool
        /// Staff who make visits may be sent to alarms.
        var makesVisits: Bool
        var isAdmin: Bool
        /// Nurses, leaders and the allocation office carry out intake assessments.
        var assessesIntakes: Bool
    }

    var t: [String: String]
    var user: User?
    var lang: String
    var otherLang: String
    var path: String
    var title: String
    var page: Content
}

extension Request {
    /// Renders `template` inside the layout with the catalogue's texts; a `?lang=` is remembered.
    func renderPage<Content: Encodable>(
        _ template: String, titleKey: String, title: String? = nil, _ page: Content
    )
        async throws -> Response
    {
        let language = self.language
        let texts = application.catalogue.texts(for: language)
        let user = signedInUser.map {
            PageContext<Content>.User(
                name: $0.name, role: $0.role.displayName.text(in: language), csrf: $0.csrfToken, hasPIN: $0.hasPIN,
                isLeader: [.departmentLeader, .unitLeader].contains($0.role),
                isAlarmStaff: [.alarmOperator, .departmentLeader, .unitLeader].contains($0.role),
                makesVisits: $0.role.makesVisits,
                isAdmin: $0.role == .admin, assessesIntakes: IntakeAccess.mayCreate($0.role))
        }
        let context = PageContext(
            t: texts, user: user, lang: language, otherLang: language == "nb" ? "en" : "nb", path: url.path,
            title: title ?? texts[titleKey] ?? titleKey, page: page)
        // Write what the page read to the audit log while the template renders: the insert waits on
        // the database thread, the rendering runs on the event loop.
        let pending = (try? recipientAccess)?.takePending() ?? []
        async let audited: Void = AuditLog.record(pending, request: self)
        let rendered = try await view.render(template, context)
        try await audited
        let response = try await rendered.encodeResponse(for: self)
        if let asked = query[String.self, at: "lang"], Catalogue.languages.contains(asked) {
            response.cookies["lang"] = HTTPCookies.Value(
                string: asked, maxAge: 365 * 24 * 3600, path: "/", isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

/// The error page of the web UI.
enum ErrorPage {
    struct Content: Encodable {
        var status: Int
        var reason: String
        var violations: [ErrorDetail]
        /// Set when breaking the glass would open the record: the form posts here.
        var emergencyRecipientID: String?
        var signedIn: Bool
    }

    static func render(
        _ error: ErrorResponse, emergencyRecipientID: UUID?, for request: Request
    ) async throws
        -> Response
    {
        let response = try await request.renderPage(
            "error", titleKey: "error_title",
            Content(
                status: error.status, reason: error.reason, violations: error.violations,
                emergencyRecipientID: emergencyRecipientID?.uuidString, signedIn: request.signedInUser != nil))
        response.status = HTTPResponseStatus(statusCode: error.status)
        return response
    }
}

extension Request {
    /// Who is making a change, as the version history records it: "Name (username, role)".
    var changeAuthor: String {
        guard let user = signedInUser else { return "ukjent" }
        return "\(user.name) (\(user.username), \(user.role.displayName.nb))"
    }
}

extension Request {
    /// "2026-11-23 07:45" in the municipality's time zone, as pages show times.
    func localDateTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = application.tilsyn.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
