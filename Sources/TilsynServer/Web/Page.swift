import Vapor

/// What every page template gets: the texts of the chosen language, the language itself, the
/// page's title and the page's own data under `page`.
struct PageContext<Content: Encodable>: Encodable {
    var t: [String: String]
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
        let context = PageContext(
            t: texts, lang: language, otherLang: language == "nb" ? "en" : "nb", path: url.path,
            title: title ?? texts[titleKey] ?? titleKey, page: page)
        let response = try await view.render(template, context).encodeResponse(for: self)
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
    }

    static func render(_ error: ErrorResponse, for request: Request) async throws -> Response {
        let response = try await request.renderPage(
            "error", titleKey: "error_title",
            Content(status: error.status, reason: error.reason, violations: error.violations))
        response.status = HTTPResponseStatus(statusCode: error.status)
        return response
    }
}

extension Request {
    /// Who is making a change. Until sign-in exists this is the `X-Tilsyn-Actor` header, or a
    /// marker that the change came without a signed-in user.
    var changeAuthor: String {
        if let actor = headers.first(name: "X-Tilsyn-Actor")?.trimmingCharacters(in: .whitespaces), !actor.isEmpty {
            return String(actor.prefix(200))
        }
        return "api (uten innlogging)"
    }
}
