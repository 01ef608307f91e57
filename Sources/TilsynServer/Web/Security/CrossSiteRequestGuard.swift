import TilsynCore
import Vapor

/// Why a request was refused before any route saw it.
enum RequestOriginError: UserFacingError {
    /// A change sent by a page of another site (or a sandboxed one).
    case crossSite
    /// A body sent to the JSON API as something other than JSON.
    case jsonOnly

    var status: HTTPResponseStatus {
        switch self {
        case .crossSite: .forbidden
        case .jsonOnly: .unsupportedMediaType
        }
    }

    var code: String {
        switch self {
        case .crossSite: "crossSite"
        case .jsonOnly: "jsonOnly"
        }
    }

    var field: String? { nil }

    var message: LocalizedText {
        switch self {
        case .crossSite:
            LocalizedText(
                nb: "Forespørselen kom fra et annet nettsted og er avvist. Åpne Tilsyn direkte og prøv igjen.",
                en: "The request came from another site and was refused. Open Tilsyn directly and try again.")
        case .jsonOnly:
            LocalizedText(
                nb: "API-et tar bare imot JSON (Content-Type: application/json).",
                en: "The API only accepts JSON (Content-Type: application/json).")
        }
    }
}

/// Refuses changes that a browser sends on behalf of another site, before any route (sign-in
/// included, which has no session token to check yet) sees them: `Sec-Fetch-Site` must be
/// `same-origin` or `none` when a browser sends it, and `Origin`, when sent, must be this server.
/// Clients that send neither (the command line, sensors, scripts) are not browsers and cannot be
/// used for cross-site forgery; signed-in changes still need the CSRF token. The JSON API takes
/// only JSON: a form post is what a cross-site page can send without asking.
struct CrossSiteRequestGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return try await next.respond(to: request) }
        if let site = request.headers.first(name: "Sec-Fetch-Site"), !["same-origin", "none"].contains(site) {
            throw RequestOriginError.crossSite
        }
        if let origin = request.headers.first(name: .origin), !Self.isSameOrigin(origin, host: Self.host(of: request)) {
            throw RequestOriginError.crossSite
        }
        if request.url.path.hasPrefix("/api/"), Self.hasBody(request), request.headers.contentType != .json {
            throw RequestOriginError.jsonOnly
        }
        return try await next.respond(to: request)
    }

    /// The host the client addressed: `X-Forwarded-Host` from a trusted proxy, otherwise `Host`.
    static func host(of request: Request) -> String? {
        if request.application.tilsyn.auth.trustedProxies.isTrusted(request.remoteAddress?.ipAddress),
            let forwarded = request.headers.first(name: "X-Forwarded-Host")
        {
            return forwarded
        }
        return request.headers.first(name: .host)
    }

    /// Whether `origin` (`scheme://host[:port]`) names `host` (`host[:port]`). `null` never does.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, let url = URL(string: origin), let scheme = url.scheme, ["http", "https"].contains(scheme),
            let originHost = url.host, url.path.isEmpty
        else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        let originAuthority = "\(originHost.lowercased()):\(url.port ?? defaultPort)"
        let hostParts = host.lowercased()
        let hostAuthority =
            hostParts.range(of: #":\d+$"#, options: .regularExpression) != nil
            ? hostParts : "\(hostParts):\(defaultPort)"
        return originAuthority == hostAuthority
            || (originHost.contains(":") && "[\(originHost.lowercased())]:\(url.port ?? defaultPort)" == hostAuthority)
    }

    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init) { return length > 0 }
        return request.headers.contains(name: .transferEncoding)
    }
}
