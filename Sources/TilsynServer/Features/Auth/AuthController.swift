import Fluent
import Foundation
import TilsynCore
import Vapor

/// Sign-in pages and the session API: password, PIN, lock, sign-out (here and everywhere).
struct AuthController: RouteCollection {
    struct SignInForm: Content {
        var username: String
        var password: String
        var next: String?
    }

    struct PINForm: Content {
        var pin: String
        var next: String?
    }

    /// The answer of the session API.
    struct SessionResponse: Content {
        var username: String
        var name: String
        var role: StaffRole
        var csrfToken: String
        var locked: Bool
        var hasPin: Bool
        /// The password was set by someone else: change it (`POST /api/v1/session/password`) first.
        var mustChangePassword: Bool
    }

    struct LoginPage: Encodable {
        var next: String
        var loginCSRF: String
        var error: String?
        var username: String
    }

    struct PasswordForm: Content {
        var current: String
        var new: String
        var `repeat`: String?
        var next: String?
    }

    struct PasswordPage: Encodable {
        var next: String
        var error: String?
    }

    struct PINPage: Encodable {
        var next: String
        var error: String?
        var name: String
    }

    static let loginCSRFCookie = "tilsyn_login_csrf"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: loginPage).classify(.noHealthData)
        routes.post("login", use: signInForm).classify(.noHealthData)
        routes.get("unlock", use: unlockPage).classify(.noHealthData)
        routes.post("unlock", use: unlockForm).classify(.noHealthData)
        routes.post("logout", use: signOutForm).classify(.noHealthData)

        // Sign-in's own routes stay open to someone who must still change a password set by another.
        let signedIn = routes.grouped(RequireSignIn(allowingPasswordChange: true))
        signedIn.get("password", use: passwordPage).classify(.noHealthData)
        signedIn.post("password", use: changePasswordForm).classify(.noHealthData)
        signedIn.get("pin", use: pinPage).classify(.noHealthData)
        signedIn.post("pin", use: setPINForm).classify(.noHealthData)
        signedIn.post("lock", use: lockForm).classify(.noHealthData)
        signedIn.post("logout-everywhere", use: signOutEverywhereForm).classify(.noHealthData)

        let api = routes.grouped("api", "v1", "session")
        api.post(use: apiSignIn).classify(.noHealthData)
        api.get(use: apiSession).classify(.noHealthData)
        api.post("unlock", use: apiUnlock).classify(.noHealthData)
        let apiSignedIn = api.grouped(RequireSignIn(allowingPasswordChange: true))
        apiSignedIn.delete(use: apiSignOut).classify(.noHealthData)
        apiSignedIn.post("pin", use: apiSetPIN).classify(.noHealthData)
        apiSignedIn.post("lock", use: apiLock).classify(.noHealthData)
        apiSignedIn.post("password", use: apiChangePassword).classify(.noHealthData)
    }

    // MARK: Pages

    @Sendable func loginPage(req: Request) async throws -> Response {
        try await renderLogin(req, error: nil, username: "")
    }

    private func renderLogin(
        _ req: Request, error: String?, username: String, status: HTTPStatus = .ok
    ) async throws
        -> Response
    {
        let token = SessionService.randomToken()
        let page = LoginPage(
            next: RedirectTarget.sameSitePath(
                req.query[String.self, at: "next"] ?? (try? req.content.get(String.self, at: "next"))),
            loginCSRF: token, error: error, username: username)
        let response = try await req.renderPage("login", titleKey: "login_title", page)
        response.status = status
        response.cookies[Self.loginCSRFCookie] = HTTPCookies.Value(
            string: token, expires: nil, maxAge: 3600, domain: nil, path: "/login", isSecure: req.isSecure,
            isHTTPOnly: true, sameSite: .strict)
        return response
    }

    @Sendable func signInForm(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let sent = (try? req.content.get(String.self, at: CSRF.field)) ?? ""
        let expected = req.cookies[Self.loginCSRFCookie]?.string ?? ""
        guard !expected.isEmpty, CSRF.constantTimeEquals(sent, expected) else {
            return try await renderLogin(
                req, error: AuthError.invalidCSRF.message.text(in: req.language), username: form.username,
                status: .forbidden)
        }
        do {
            let new = try await SessionService(request: req).signIn(
                username: form.username, password: form.password, address: req.clientAddress,
                userAgent: req.headers.first(name: .userAgent) ?? "")
            let next = RedirectTarget.sameSitePath(form.next)
            var after = "/pin?next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")"
            if new.mustChangePassword {
                // A password someone else set is replaced first, then the device gets its PIN.
                after = "/password?next=\(after.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")"
            }
            let response = req.redirect(to: after)
            response.cookies[SessionCookie.name] = SessionCookie.value(
                token: new.token, expires: new.session.expiresAt, secure: req.isSecure)
            return response
        } catch let error as AuthError {
            return try await renderLogin(
                req, error: error.message.text(in: req.language), username: form.username, status: error.status)
        }
    }

    @Sendable func passwordPage(req: Request) async throws -> Response {
        try await req.renderPage(
            "password", titleKey: "password_title",
            PasswordPage(next: RedirectTarget.sameSitePath(req.query[String.self, at: "next"]), error: nil))
    }

    @Sendable func changePasswordForm(req: Request) async throws -> Response {
        let form = try req.content.decode(PasswordForm.self)
        do {
            try await changePassword(req, form)
            return req.redirect(to: RedirectTarget.sameSitePath(form.next))
        } catch let error as any UserFacingError {
            let response = try await req.renderPage(
                "password", titleKey: "password_title",
                PasswordPage(
                    next: RedirectTarget.sameSitePath(form.next), error: error.message.text(in: req.language)))
            response.status = error.status
            return response
        }
    }

    @Sendable func apiChangePassword(req: Request) async throws -> SessionResponse {
        try await changePassword(req, try req.content.decode(PasswordForm.self))
        req.signedInUser?.mustChangePassword = false
        return try await apiSession(req: req)
    }

    private func changePassword(_ req: Request, _ form: PasswordForm) async throws {
        let user = try req.requireUser()
        if let again = form.repeat, again != form.new { throw AuthError.passwordsDiffer }
        try await SessionService(request: req).changeOwnPassword(
            accountID: user.accountID, sessionID: user.sessionID, current: form.current, new: form.new)
        try await AuditLog.record(
            [
                .init(
                    recipientID: nil, action: .passwordChanged, parts: [], basis: nil, subjectStaffID: user.staffID,
                    detail: user.mustChangePassword ? "password: set by another → own" : "password: own → new own")
            ], request: req)
    }

    @Sendable func pinPage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        return try await req.renderPage(
            "pin", titleKey: "pin_title",
            PINPage(next: RedirectTarget.sameSitePath(req.query[String.self, at: "next"]), error: nil, name: user.name))
    }

    @Sendable func setPINForm(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(PINForm.self)
        do {
            try await SessionService(request: req).setPIN(form.pin, sessionID: user.sessionID)
            return req.redirect(to: RedirectTarget.sameSitePath(form.next))
        } catch let error as AuthError {
            let response = try await req.renderPage(
                "pin", titleKey: "pin_title",
                PINPage(
                    next: RedirectTarget.sameSitePath(form.next), error: error.message.text(in: req.language),
                    name: user.name))
            response.status = error.status
            return response
        }
    }

    @Sendable func unlockPage(req: Request) async throws -> Response {
        guard let user = req.signedInUser else { return req.redirect(to: "/login") }
        guard user.isLocked else {
            return req.redirect(to: RedirectTarget.sameSitePath(req.query[String.self, at: "next"]))
        }
        return try await req.renderPage(
            "unlock", titleKey: "unlock_title",
            PINPage(next: RedirectTarget.sameSitePath(req.query[String.self, at: "next"]), error: nil, name: user.name))
    }

    @Sendable func unlockForm(req: Request) async throws -> Response {
        guard let user = req.signedInUser else { return req.redirect(to: "/login") }
        try CSRF.check(req, expected: user.csrfToken)
        let form = try req.content.decode(PINForm.self)
        do {
            try await SessionService(request: req).unlock(pin: form.pin, sessionID: user.sessionID)
            return req.redirect(to: RedirectTarget.sameSitePath(form.next))
        } catch AuthError.pinAttemptsExhausted {
            let response = try await renderLogin(
                req, error: AuthError.pinAttemptsExhausted.message.text(in: req.language), username: user.username,
                status: .unauthorized)
            response.cookies[SessionCookie.name] = SessionCookie.expired(secure: req.isSecure)
            return response
        } catch let error as AuthError {
            let response = try await req.renderPage(
                "unlock", titleKey: "unlock_title",
                PINPage(
                    next: RedirectTarget.sameSitePath(form.next), error: error.message.text(in: req.language),
                    name: user.name))
            response.status = error.status
            return response
        }
    }

    @Sendable func lockForm(req: Request) async throws -> Response {
        try await SessionService(request: req).lock(sessionID: try req.requireUser().sessionID)
        return req.redirect(to: "/unlock")
    }

    @Sendable func signOutForm(req: Request) async throws -> Response {
        if let user = req.signedInUser {
            try CSRF.check(req, expected: user.csrfToken)
            try await SessionService(request: req).signOut(sessionID: user.sessionID)
        }
        let response = req.redirect(to: "/login")
        response.cookies[SessionCookie.name] = SessionCookie.expired(secure: req.isSecure)
        return response
    }

    @Sendable func signOutEverywhereForm(req: Request) async throws -> Response {
        try await SessionService(request: req).signOutEverywhere(accountID: try req.requireUser().accountID)
        let response = req.redirect(to: "/login")
        response.cookies[SessionCookie.name] = SessionCookie.expired(secure: req.isSecure)
        return response
    }

    // MARK: JSON API

    @Sendable func apiSignIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let new = try await SessionService(request: req).signIn(
            username: form.username, password: form.password, address: req.clientAddress,
            userAgent: req.headers.first(name: .userAgent) ?? "")
        req.signedInUser = try await SessionService(request: req).user(forToken: new.token)
        let response = try await apiSession(req: req).encodeResponse(status: .created, for: req)
        response.cookies[SessionCookie.name] = SessionCookie.value(
            token: new.token, expires: new.session.expiresAt, secure: req.isSecure)
        return response
    }

    @Sendable func apiSession(req: Request) async throws -> SessionResponse {
        guard let user = req.signedInUser else { throw AuthError.notSignedIn }
        return SessionResponse(
            username: user.username, name: user.name, role: user.role, csrfToken: user.csrfToken,
            locked: user.isLocked, hasPin: user.hasPIN, mustChangePassword: user.mustChangePassword)
    }

    @Sendable func apiSetPIN(req: Request) async throws -> SessionResponse {
        let user = try req.requireUser()
        try await SessionService(request: req).setPIN(
            try req.content.decode(PINForm.self).pin, sessionID: user.sessionID)
        req.signedInUser?.hasPIN = true
        return try await apiSession(req: req)
    }

    @Sendable func apiLock(req: Request) async throws -> SessionResponse {
        try await SessionService(request: req).lock(sessionID: try req.requireUser().sessionID)
        req.signedInUser?.isLocked = true
        return try await apiSession(req: req)
    }

    @Sendable func apiUnlock(req: Request) async throws -> SessionResponse {
        guard let user = req.signedInUser else { throw AuthError.notSignedIn }
        try CSRF.check(req, expected: user.csrfToken)
        try await SessionService(request: req).unlock(
            pin: try req.content.decode(PINForm.self).pin, sessionID: user.sessionID)
        req.signedInUser?.isLocked = false
        return try await apiSession(req: req)
    }

    @Sendable func apiSignOut(req: Request) async throws -> HTTPStatus {
        try await SessionService(request: req).signOut(sessionID: try req.requireUser().sessionID)
        return .noContent
    }
}
