import Fluent
import Foundation
import Testing
import TilsynCore
import Vapor
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct SignInTests {
        /// Signs in through the JSON API; returns the credentials of the new device session.
        func signIn(
            _ app: Application, _ user: TestCredentials, password: String? = nil, address: String = "10.0.0.1"
        )
            async throws -> (TestingHTTPResponse, TestCredentials?)
        {
            let response = try await app.send(
                .POST, "/api/v1/session", json: ["username": user.username, "password": password ?? user.password],
                headers: ["X-Forwarded-For": address], anonymous: true)
            guard response.status == .created, let cookie = response.headers.setCookie?[SessionCookie.name] else {
                return (response, nil)
            }
            var signedIn = user
            signedIn.token = cookie.string
            signedIn.csrf = response.object["csrfToken"] as? String ?? ""
            return (response, signedIn)
        }

        @Test func passwordSignInSetsAStrictHttpOnlyCookie() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                let (response, session) = try await signIn(app, nurse)
                #expect(response.status == .created)
                let cookie = try #require(response.headers.setCookie?[SessionCookie.name])
                #expect(cookie.isHTTPOnly)
                #expect(cookie.sameSite == .strict)
                #expect(!cookie.isSecure)
                let me = try await app.send(.GET, "/api/v1/session", as: session)
                #expect(me.object["role"] as? String == "nurse")

                let behindTLS = try await app.send(
                    .POST, "/api/v1/session", json: ["username": nurse.username, "password": nurse.password],
                    headers: ["X-Forwarded-Proto": "https"], anonymous: true)
                #expect(
                    behindTLS.headers.setCookie?[SessionCookie.name]?.isSecure == false,
                    "X-Forwarded-Proto counts only from a configured proxy (HardeningTests)")
            }
        }

        @Test func theOfflineAppIsToldWhoseSessionItIs() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let first = try await app.makeUser(role: .careWorker, zoneID: nil)
                let second = try await app.makeUser(role: .careWorker, zoneID: nil)
                for person in [first, second] {
                    let response = try await app.send(.GET, "/api/v1/tablet/day", as: person)
                    let cookie = try #require(response.headers.setCookie?["tilsyn_staff"])
                    #expect(cookie.string == person.staffID.uuidString)
                    #expect(!cookie.isHTTPOnly, "the app's script reads it")
                }
                let anonymous = try await app.send(.GET, "/login", anonymous: true)
                #expect(anonymous.headers.setCookie?["tilsyn_staff"] == nil)
            }
        }

        @Test func anonymousRequestsAreRefusedOrSentToSignIn() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let api = try await app.send(.GET, "/api/v1/recipients", anonymous: true)
                #expect(api.status == .unauthorized)
                let page = try await app.send(.GET, "/recipients?q=a", anonymous: true)
                #expect(page.status == .seeOther)
                #expect(page.headers.first(name: .location) == "/login?next=%2Frecipients%3Fq%3Da")
                let login = try await app.send(.GET, "/login", anonymous: true)
                #expect(login.status == .ok)
                #expect(login.text.contains("autocomplete=\"current-password\""))
            }
        }

        @Test func changesWithoutTheCSRFTokenAreRefused() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                var forged = try #require(app.testCredentials)
                forged.csrf = "not-the-token"
                let response = try await app.send(
                    .POST, "/api/v1/visits/generate", json: ["date": app.today.description], as: forged)
                #expect(response.status == .forbidden)
                #expect(response.object["code"] as? String == "invalidCsrf")
                #expect(try await VisitModel.query(on: app.db).count() == 0)
            }
        }

        @Test func repeatedFailuresAreThrottledPerAccountAndPerAddress() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                for _ in 0..<5 {
                    #expect(try await signIn(app, nurse, password: "feil").0.status == .unauthorized)
                }
                let throttled = try await signIn(app, nurse)
                #expect(throttled.0.status == .tooManyRequests, "even the right password waits")
                #expect((throttled.0.object["reason"] as? String)?.contains("Vent 15 minutter") == true)

                // Another account from one address that keeps guessing (addresses as a configured
                // proxy reports them).
                app.tilsyn.auth.trustedProxies = TrustedProxies([try #require(.init("127.0.0.1"))])
                let worker = try await app.makeUser(role: .careWorker, zoneID: nil)
                for index in 0..<20 {
                    _ = try await app.send(
                        .POST, "/api/v1/session", json: ["username": "ukjent\(index)", "password": "x"],
                        headers: ["X-Forwarded-For": "10.9.9.9"], anonymous: true)
                }
                func signInFrom(_ address: String) async throws -> HTTPStatus {
                    try await app.sendOverNetwork(
                        .POST, "/api/v1/session", json: ["username": worker.username, "password": worker.password],
                        headers: ["X-Forwarded-For": address]
                    ).status
                }
                for index in 0..<20 {
                    _ = try await app.sendOverNetwork(
                        .POST, "/api/v1/session", json: ["username": "ukjent\(index)", "password": "x"],
                        headers: ["X-Forwarded-For": "10.9.9.9"])
                }
                #expect(try await signInFrom("10.9.9.9") == .tooManyRequests)
                #expect(try await signInFrom("10.1.1.1") == .created)
            }
        }

        @Test func pinUnlocksAndFiveWrongPINsEndTheDeviceSession() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                let device = try #require(try await signIn(app, nurse).1)
                #expect(
                    try await app.send(.POST, "/api/v1/session/pin", json: ["pin": "12"], as: device).status
                        == .unprocessableEntity)
                #expect(
                    try await app.send(.POST, "/api/v1/session/pin", json: ["pin": "4321"], as: device).status == .ok)
                #expect(try await app.send(.POST, "/api/v1/session/lock", as: device).status == .ok)
                let locked = try await app.send(.GET, "/api/v1/recipients", as: device)
                #expect(locked.status.code == 423)
                #expect(
                    try await app.send(.GET, "/", as: device).headers.first(name: .location)?.hasPrefix("/unlock")
                        == true)

                #expect(
                    try await app.send(.POST, "/api/v1/session/unlock", json: ["pin": "4321"], as: device).status == .ok
                )
                #expect(try await app.send(.GET, "/api/v1/recipients", as: device).status == .ok)

                _ = try await app.send(.POST, "/api/v1/session/lock", as: device)
                for attempt in 1...4 {
                    let wrong = try await app.send(.POST, "/api/v1/session/unlock", json: ["pin": "0000"], as: device)
                    #expect(wrong.status == .unprocessableEntity)
                    #expect((wrong.object["reason"] as? String)?.contains("\(5 - attempt) forsøk igjen") == true)
                }
                let fifth = try await app.send(.POST, "/api/v1/session/unlock", json: ["pin": "0000"], as: device)
                #expect(fifth.status == .unauthorized)
                #expect(
                    try await app.send(.POST, "/api/v1/session/unlock", json: ["pin": "4321"], as: device).status
                        == .unauthorized, "the right PIN no longer helps")
                #expect(try await app.send(.GET, "/api/v1/session", as: device).status == .unauthorized)
            }
        }

        @Test func idleDeviceWithAPINLocksButNeverSignsOut() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                let device = try #require(try await signIn(app, nurse).1)
                // Without a PIN, hours of silence (no coverage) change nothing.
                let session = try #require(
                    try await DeviceSessionModel.query(on: app.db).sort(\.$createdAt, .descending).first())
                session.lastActiveAt = Date().addingTimeInterval(-3 * 3600)
                try await session.save(on: app.db)
                #expect(try await app.send(.GET, "/api/v1/recipients", as: device).status == .ok)
                // With a PIN, idleness locks the device; the PIN opens it again.
                _ = try await app.send(.POST, "/api/v1/session/pin", json: ["pin": "2580"], as: device)
                let again = try #require(try await DeviceSessionModel.find(session.id, on: app.db))
                again.lastActiveAt = Date().addingTimeInterval(-20 * 60)
                try await again.save(on: app.db)
                #expect(try await app.send(.GET, "/api/v1/recipients", as: device).status.code == 423)
                #expect(
                    try await app.send(.POST, "/api/v1/session/unlock", json: ["pin": "2580"], as: device).status == .ok
                )
                // The shift ends the session, whatever else.
                let ended = try #require(try await DeviceSessionModel.find(session.id, on: app.db))
                #expect(abs(ended.expiresAt.timeIntervalSince(ended.createdAt) - 12 * 3600) < 1)
                ended.expiresAt = Date().addingTimeInterval(-1)
                try await ended.save(on: app.db)
                #expect(try await app.send(.GET, "/api/v1/recipients", as: device).status == .unauthorized)
            }
        }

        @Test func signOutEverywhereEndsEveryDevice() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                let tablet = try #require(try await signIn(app, nurse).1)
                let desktop = try #require(try await signIn(app, nurse).1)
                let response = try await app.send(.POST, "/logout-everywhere", as: tablet)
                #expect(response.headers.first(name: .location) == "/login")
                #expect(try await app.send(.GET, "/api/v1/session", as: desktop).status == .unauthorized)
                #expect(try await app.send(.GET, "/api/v1/session", as: nurse).status == .unauthorized)
            }
        }

        @Test func signInFormRejectsForeignNextAndMissingToken() async throws {
            #expect(RedirectTarget.sameSitePath("//evil.example/x") == "/")
            #expect(RedirectTarget.sameSitePath("https://evil.example") == "/")
            #expect(RedirectTarget.sameSitePath("/recipients?q=a") == "/recipients?q=a")
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                var headers = HTTPHeaders()
                headers.contentType = .urlEncodedForm
                let response = try await app.performTest(
                    request: TestingHTTPRequest(
                        method: .POST, url: "/login", headers: headers,
                        body: ByteBuffer(string: "username=\(nurse.username)&password=\(nurse.password)")))
                #expect(response.status == .forbidden)
                #expect(response.headers.setCookie?[SessionCookie.name] == nil)
            }
        }
    }
}
