import TilsynCore
import Vapor

/// The cookie that carries a device session's token.
enum SessionCookie {
    static let name = "tilsyn_session"

    /// HttpOnly, SameSite=Strict, Secure behind TLS; it lives as long as the shift.
    static func value(token: String, expires: Date, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: expires, maxAge: nil, domain: nil, path: "/", isSecure: secure, isHTTPOnly: true,
            sameSite: .strict)
    }

    static func expired(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/", isSecure: secure,
            isHTTPOnly: true, sameSite: .strict)
    }
}

/// Reads the session cookie and puts the signed-in user (if any) on the request. It never refuses:
/// `RequireSignIn` does that for the routes that need it.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[SessionCookie.name]?.string, !token.isEmpty {
            request.signedInUser = try await SessionService(request: request).user(forToken: token)
        }
        let response = try await next.respond(to: request)
        // Tells the offline app whose device session this is, so it never shows (or sends) what it
        // kept for the person signed in before: an id, no secret, readable by the page.
        if let user = request.signedInUser, request.cookies[Self.staffCookie]?.string != user.staffID.uuidString {
            response.cookies[Self.staffCookie] = HTTPCookies.Value(
                string: user.staffID.uuidString, expires: nil, maxAge: nil, domain: nil, path: "/",
                isSecure: request.isSecure, isHTTPOnly: false, sameSite: .strict)
        }
        return response
    }

    static let staffCookie = "tilsyn_staff"
}

/// Lets only signed-in, unlocked users through; checks the CSRF token of every change.
/// Pages are sent to the sign-in or unlock page; the JSON API gets 401 or 423. A user whose
/// password was set by someone else gets only as far as changing it (`/password`): pages are sent
/// there, the JSON API answers 403 `passwordChangeRequired`.
struct RequireSignIn: AsyncMiddleware {
    /// Let a user through whose password must still be changed (the routes that change it).
    var allowingPasswordChange = false

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let wantsJSON = ErrorRenderingMiddleware.wantsJSON(request)
        guard let user = request.signedInUser else {
            if wantsJSON || request.method != .GET { throw AuthError.notSignedIn }
            return request.redirect(to: "/login?next=\(Self.next(request))")
        }
        if user.isLocked {
            if wantsJSON || request.method != .GET { throw AuthError.locked }
            return request.redirect(to: "/unlock?next=\(Self.next(request))")
        }
        try await CSRF.readWholeForm(request)
        try CSRF.check(request, expected: user.csrfToken)
        if user.mustChangePassword, !allowingPasswordChange {
            if wantsJSON || request.method != .GET { throw AuthError.passwordChangeRequired }
            return request.redirect(to: "/password?next=\(Self.next(request))")
        }
        return try await next.respond(to: request)
    }

    static func next(_ request: Request) -> String {
        var path = request.url.path
        if let query = request.url.query { path += "?" + query }
        return path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
    }
}

/// Cross-site request forgery protection: every change carries the session's token, in the form
/// field `_csrf` or the header `X-CSRF-Token`.
enum CSRF {
    static let header = "X-CSRF-Token"
    static let field = "_csrf"

    /// Reads a posted form whole, so its `_csrf` field can be found: the server hands a body that
    /// arrives in several network reads (a week's roster, a report with photos) to a route still
    /// streaming, and only the route collects it, after the middleware. At most 1 MB for a plain
    /// form and 48 MB for a multipart one (the largest upload a route takes).
    static func readWholeForm(_ request: Request) async throws {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method), request.headers.first(name: header) == nil,
            let type = request.headers.contentType
        else { return }
        if type == .urlEncodedForm {
            _ = try await request.body.collect(max: 1 << 20).get()
        } else if type.type == "multipart" {
            _ = try await request.body.collect(max: 48 << 20).get()
        }
    }

    static func check(_ request: Request, expected: String) throws {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return }
        let sent =
            request.headers.first(name: header)
            ?? (try? request.content.get(String.self, at: field))
        guard let sent, !expected.isEmpty, constantTimeEquals(sent, expected) else { throw AuthError.invalidCSRF }
    }

    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Limits a route to some roles.
struct RequireRole: AsyncMiddleware {
    let roles: Set<StaffRole>

    /// Who registers recipients and corrects their key facts.
    static let recipientRegistrars = RequireRole(roles: [.departmentLeader, .unitLeader, .allocationOfficer, .nurse])
    /// Who records and changes decisions (vedtak).
    static let decisionMakers = RequireRole(roles: [.allocationOfficer, .unitLeader, .departmentLeader])
    /// Who changes care plans.
    static let carePlanners = RequireRole(roles: [.nurse, .departmentLeader, .unitLeader])
    /// Who plans the day (generating visits) and reviews access.
    static let leaders = RequireRole(roles: [.departmentLeader, .unitLeader])
    /// Who manages staff.
    static let staffManagers = RequireRole(roles: [.admin, .departmentLeader, .unitLeader])

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let user = try request.requireUser()
        guard roles.contains(user.role) else {
            // Every refusal is logged, with the recipient the route is about when there is one.
            let recipientID = try? await RecipientAccessMiddleware.recipientID(of: request)
            try await AuditLog.record(
                [.init(recipientID: recipientID, action: .denied, parts: [], basis: nil)], request: request)
            throw AuthError.forbiddenRole
        }
        return try await next.respond(to: request)
    }
}
