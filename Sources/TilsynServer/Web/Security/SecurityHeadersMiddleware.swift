import Vapor

/// The headers that tell a browser to trust this site's pages no further than they need: scripts
/// only from our own files (no inline script), no framing, no content sniffing, no referrer outside
/// the site, the camera only where a photo is taken, and HTTPS only once a request came over TLS.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// Inline `style` attributes stay (time lines place blocks with them); inline script does not.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "connect-src 'self'", "font-src 'self'", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'", "worker-src 'self'",
        "manifest-src 'self'",
    ].joined(separator: "; ")

    /// Paths of the pages that take photos (the tablet app and the visit report page).
    static func takesPhotos(_ path: String) -> Bool {
        path.hasPrefix("/tablet/") || path.hasPrefix("/my-day/")
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = Self.headers(path: request.url.path, secure: request.isSecure)
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.add(name: name, value: value)
        }
        return response
    }

    static func headers(path: String, secure: Bool) -> [(String, String)] {
        var headers = [
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            (
                "Permissions-Policy",
                "camera=\(takesPhotos(path) ? "(self)" : "()"), microphone=(), geolocation=(), payment=(), usb=()"
            ),
        ]
        if secure { headers.append(("Strict-Transport-Security", "max-age=31536000")) }
        return headers
    }
}
