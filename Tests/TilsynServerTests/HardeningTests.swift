import Fluent
import Foundation
import SQLKit
import SQLiteNIO
import Testing
import TilsynCore
import Vapor
import VaporTesting

@testable import TilsynServer

/// Issue #28: each finding of the security review, replayed in-process. (The end-to-end attack
/// module replays them against the real server over the network.)
extension ServerTests {
    @Suite struct RedirectAndHeaderTests {
        @Test func onlySameSitePathsAreRedirectTargets() {
            for good in ["/", "/recipients?q=a", "/my-day/123?saved=1", "/recipients?q=%C3%B8", "/a#b"] {
                #expect(RedirectTarget.isSameSitePath(good), "\(good)")
            }
            for bad in [
                "", "x", "//evil.example/x", "/\\evil.example", "\\\\evil", "https://evil.example",
                "/x\r\nSet-Cookie: a=1",
                "/y%0d%0aX-Injected: yes", "/%09/evil.example/x", "/\t/evil.example", "/%2F/evil.example",
                "/%5Cevil.example", "/%252F%252Fevil.example", "/ a", "/a\u{00A0}b", "/a%", "javascript:alert(1)",
                "/" + String(repeating: "a", count: 3000),
            ] {
                #expect(!RedirectTarget.isSameSitePath(bad), "\(bad.debugDescription)")
            }
            #expect(RedirectTarget.sameSitePath("//evil") == "/")
            #expect(RedirectTarget.sameSitePath(nil, fallback: "/tasks") == "/tasks")
        }

        @Test func aNextWithLineBreaksNeverBecomesAHeader() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                var headers = HTTPHeaders()
                headers.contentType = .urlEncodedForm
                let pin = try await app.send(
                    .POST, "/pin", headers: headers,
                    body: "pin=1234&next=%2Fx%0D%0ASet-Cookie%3A%20injected%3D1%3B%20Path%3D%2F", as: nurse)
                #expect(pin.status == .seeOther)
                #expect(pin.headers.first(name: .location) == "/")
                #expect(pin.headers.setCookie?["injected"] == nil)
                #expect(!pin.headers.contains { $0.value.contains("\r") || $0.value.contains("\n") })

                _ = try await app.send(.POST, "/api/v1/session/lock", as: nurse)
                let unlock = try await app.send(.GET, "/unlock?next=/y%0d%0aX-Injected-Get:%20yes", as: nurse)
                #expect(unlock.status == .ok)
                #expect(!unlock.headers.contains(name: "X-Injected-Get"))
                #expect(!unlock.text.contains("X-Injected"), "the page's hidden next is the safe default")

                let login = try await app.send(.GET, "/login?next=/%09/evil.example/x", anonymous: true)
                #expect(!login.text.contains("evil.example"))
            }
        }

        @Test func theGuardRefusesAnyHeaderThatCouldSplitTheResponseOrLeaveTheSite() async throws {
            try await withTilsyn(signedInAs: nil) { app in
                let request = Request(application: app, on: app.eventLoopGroup.next())
                for (name, value) in [
                    ("Location", "/x\r\nSet-Cookie: a=1"), ("Location", "https://evil.example/"),
                    ("X-Note", "a\nb"), ("X-Note", "a\u{0}b"), ("Location", "//evil.example"),
                ] {
                    let responder = BadHeaderResponder(name: name, value: value)
                    let response = try await ResponseHeaderGuard().respond(to: request, chainingTo: responder)
                    #expect(response.status == .internalServerError, "\(name): \(value.debugDescription)")
                    #expect(!response.headers.contains(name: name))
                }
                let fine = try await ResponseHeaderGuard().respond(
                    to: request, chainingTo: BadHeaderResponder(name: "Location", value: "/recipients"))
                #expect(fine.status == .seeOther)
            }
        }

        @Test func pagesCarryTheSecurityHeaders() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                for path in ["/", "/login", "/api/v1/recipients", "/css/tilsyn.css"] {
                    let response = try await app.send(.GET, path)
                    let policy = try #require(response.headers.first(name: "Content-Security-Policy"), "\(path)")
                    #expect(policy.contains("script-src 'self'") && !policy.contains("script-src 'self' 'unsafe"))
                    #expect(policy.contains("frame-ancestors 'none'"))
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
                    #expect(response.headers.first(name: "Permissions-Policy")?.contains("camera=()") == true)
                    #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "not behind TLS")
                }
                let tablet = try await app.send(.GET, "/tablet/index.html")
                #expect(tablet.headers.first(name: "Permissions-Policy")?.contains("camera=(self)") == true)
                app.tilsyn.auth.secureCookies = true
                let secure = try await app.send(.GET, "/login")
                #expect(secure.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
            }
        }
    }

    @Suite struct CrossSiteTests {
        @Test func aFormPostedFromAnotherSiteCannotSignTheBrowserIn() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                var form = HTTPHeaders()
                form.contentType = .urlEncodedForm
                let asForm = try await app.performTest(
                    request: TestingHTTPRequest(
                        method: .POST, url: "/api/v1/session", headers: form,
                        body: ByteBuffer(string: "username=\(nurse.username)&password=\(nurse.password)")))
                #expect(asForm.status == .unsupportedMediaType)
                #expect(asForm.headers.setCookie?[SessionCookie.name] == nil)

                let body: [String: Any] = ["username": nurse.username, "password": nurse.password]
                for headers: HTTPHeaders in [
                    ["Origin": "https://evil.example"], ["Sec-Fetch-Site": "cross-site"],
                    ["Sec-Fetch-Site": "same-site"],
                    ["Origin": "null"],
                ] {
                    let response = try await app.send(
                        .POST, "/api/v1/session", json: body, headers: headers, anonymous: true)
                    #expect(response.status == .forbidden, "\(headers)")
                    #expect(response.object["code"] as? String == "crossSite")
                    #expect(response.headers.setCookie?[SessionCookie.name] == nil)
                }
                let sameSite = try await app.send(
                    .POST, "/api/v1/session", json: body,
                    headers: [
                        "Origin": "http://tilsyn.test:8080", "Host": "tilsyn.test:8080",
                        "Sec-Fetch-Site": "same-origin",
                    ],
                    anonymous: true)
                #expect(sameSite.status == .created)
            }
        }
    }

    @Suite struct ThrottlingTests {
        @Test func concurrentWrongPasswordsAreCountedBeforeTheyAreChecked() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for _ in 0..<30 {
                        group.addTask {
                            try await app.send(
                                .POST, "/api/v1/session", json: ["username": nurse.username, "password": "feil-gjett"],
                                anonymous: true
                            ).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let checked = statuses.filter { $0 == .unauthorized }.count
                #expect(checked <= 5, "\(checked) of 30 concurrent guesses were checked")
                #expect(statuses.filter { $0 == .tooManyRequests }.count == 30 - checked)
            }
        }

        @Test func concurrentWrongPINsAreCountedBeforeTheyAreChecked() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                _ = try await app.send(.POST, "/api/v1/session/pin", json: ["pin": "4321"], as: nurse)
                _ = try await app.send(.POST, "/api/v1/session/lock", as: nurse)
                let reasons = try await withThrowingTaskGroup(of: String.self) { group in
                    for index in 0..<60 {
                        group.addTask {
                            let pin = String(format: "%04d", 1000 + index)
                            return try await app.send(.POST, "/api/v1/session/unlock", json: ["pin": pin], as: nurse)
                                .object["code"] as? String ?? ""
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(reasons.filter { $0 == "wrongPin" }.count <= 4, "at most five PINs are ever checked")
                #expect(!reasons.contains(""), "none of them opened the device")
                #expect(try await app.send(.GET, "/api/v1/session", as: nurse).status == .unauthorized)
            }
        }

        @Test func forwardedForIsBelievedOnlyFromAConfiguredProxy() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let nurse = try await app.makeUser(role: .nurse, zoneID: nil)
                // Not configured: a new forged address for every guess does not escape the count.
                for index in 0..<6 {
                    _ = try await app.sendOverNetwork(
                        .POST, "/api/v1/session", json: ["username": nurse.username, "password": "feil"],
                        headers: ["X-Forwarded-For": "198.51.100.\(index)"])
                }
                let throttled = try await app.sendOverNetwork(
                    .POST, "/api/v1/session", json: ["username": nurse.username, "password": nurse.password],
                    headers: ["X-Forwarded-For": "198.51.100.99"])
                #expect(throttled.status == .tooManyRequests)
                let addresses = try await SignInFailureModel.query(on: app.db).all().map(\.address)
                #expect(Set(addresses) == ["127.0.0.1"], "the forged addresses never reach the log")

                // Configured: the proxy's view of the client counts, and the client's own hop is ignored.
                app.tilsyn.auth.trustedProxies = TrustedProxies([try #require(.init("127.0.0.0/8"))])
                let worker = try await app.makeUser(role: .careWorker, zoneID: nil)
                let signedIn = try await app.sendOverNetwork(
                    .POST, "/api/v1/session", json: ["username": worker.username, "password": worker.password],
                    headers: ["X-Forwarded-For": "203.0.113.9, 192.0.2.44", "X-Forwarded-Proto": "https"])
                #expect(signedIn.status == .created)
                #expect(signedIn.headers.setCookie?[SessionCookie.name]?.isSecure == true)
                let session = try #require(
                    try await DeviceSessionModel.query(on: app.db).sort(\.$createdAt, .descending).first())
                #expect(session.address == "192.0.2.44")
            }
        }

        @Test func trustedProxyRangesAndTheNearestUntrustedHop() throws {
            let proxies = TrustedProxies([try #require(.init("10.0.0.0/8")), try #require(.init("fd00::/8"))])
            #expect(
                proxies.isTrusted("10.1.2.3") && proxies.isTrusted("::ffff:10.1.2.3") && proxies.isTrusted("fd12::1"))
            #expect(!proxies.isTrusted("11.0.0.1") && !proxies.isTrusted("fe80::1") && !proxies.isTrusted("junk"))
            #expect(proxies.clientAddress(peer: "192.0.2.1", forwardedFor: ["1.2.3.4"]) == "192.0.2.1")
            #expect(proxies.clientAddress(peer: "10.0.0.1", forwardedFor: ["1.2.3.4, 5.6.7.8, 10.0.0.2"]) == "5.6.7.8")
            #expect(proxies.clientAddress(peer: "10.0.0.1", forwardedFor: ["evil, 5.6.7.8"]) == "5.6.7.8")
            #expect(proxies.clientAddress(peer: "10.0.0.1", forwardedFor: ["not-an-address"]) == "10.0.0.1")
            #expect(TrustedProxies.Range("10.0.0.0/33") == nil && TrustedProxies.Range("x/8") == nil)
        }
    }
}

/// Answers with one header, for testing the guard.
private struct BadHeaderResponder: AsyncResponder {
    var name: String
    var value: String

    func respond(to request: Request) async throws -> Response {
        let response = Response(status: .seeOther)
        response.headers.replaceOrAdd(name: name, value: value)
        return response
    }
}

extension ServerTests {
    @Suite struct AuditChainTests {
        /// Lifts the database's own guards, as someone editing the database file past the application would.
        func liftGuards(_ sql: any SQLDatabase) async throws {
            if sql.dialect.name == "sqlite" {
                try await sql.raw("DROP TRIGGER audit_events_no_update").run()
                try await sql.raw("DROP TRIGGER audit_events_no_delete").run()
            } else {
                try await sql.raw("GRANT UPDATE, DELETE ON audit_events TO CURRENT_USER").run()
                try await sql.raw("ALTER TABLE audit_events DISABLE TRIGGER USER").run()
            }
        }

        @Test func eventsWrittenBeforeTheChainAreChainedInTheOrderWritten() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                for recipient in try await RecipientModel.query(on: app.db).all().prefix(3) {
                    _ = try await app.send(.GET, "/api/v1/recipients/\(recipient.id!)")
                }
                let sql = try #require(app.db as? any SQLDatabase)
                try await liftGuards(sql)
                try await sql.raw("DROP INDEX audit_events_chain").run()
                try await sql.raw("UPDATE audit_events SET chain_index = NULL, chain_hash = NULL").run()
                #expect(try await AuditChain.verify(on: app.db).problem != nil, "unchained events are found")
                try await AddAuditChain.backfill(on: app.db)
                let chained = try await AuditChain.verify(on: app.db)
                #expect(chained.problem == nil)
                #expect(chained.verified == (try await AuditEventModel.query(on: app.db).count()))
            }
        }

        @Test func concurrentRequestsKeepTheChainWhole() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let recipients = try await RecipientModel.query(on: app.db).all()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<40 {
                        let id = recipients[index % recipients.count].id!
                        group.addTask { _ = try await app.send(.GET, "/api/v1/recipients/\(id)") }
                    }
                    try await group.waitForAll()
                }
                let result = try await AuditChain.verify(on: app.db)
                #expect(result.problem == nil)
                #expect(result.verified >= 40)
            }
        }

        @Test func theChainIsWholeAndFindsTheFirstEventChangedOrRemoved() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                for recipient in try await RecipientModel.query(on: app.db).all().prefix(4) {
                    _ = try await app.send(.GET, "/api/v1/recipients/\(recipient.id!)")
                }
                let intact = try await AuditChain.verify(on: app.db)
                #expect(intact.problem == nil)
                #expect(intact.verified == (try await AuditEventModel.query(on: app.db).count()))
                #expect(intact.verified >= 4)

                let sql = try #require(app.db as? any SQLDatabase)
                // Replacing an event through SQLite's REPLACE (which deletes without DELETE triggers) is refused.
                let replace =
                    sql.dialect.name == "sqlite"
                    ? "INSERT OR REPLACE INTO audit_events SELECT * FROM audit_events WHERE chain_index = 2"
                    : "INSERT INTO audit_events SELECT * FROM audit_events WHERE chain_index = 2 ON CONFLICT (id) DO UPDATE SET actor_name = 'x'"
                await #expect(throws: (any Error).self) { try await sql.raw(SQLQueryString(replace)).run() }
                #expect(try await AuditChain.verify(on: app.db).problem == nil)

                try await liftGuards(sql)
                try await sql.raw("UPDATE audit_events SET actor_name = 'noen andre' WHERE chain_index = 2").run()
                let changed = try await AuditChain.verify(on: app.db)
                #expect(changed.verified == 1)
                guard case .changed(index: 2, _) = changed.problem else {
                    Issue.record("expected event 2 to be reported changed, got \(String(describing: changed.problem))")
                    return
                }
                try await sql.raw("DELETE FROM audit_events WHERE chain_index = 2").run()
                #expect(try await AuditChain.verify(on: app.db).problem == .removed(expected: 2, found: 3))
            }
        }
    }
}

extension ServerTests {
    @Suite struct InputLimitTests {
        @Test func aPhotoMustBeAnImageOfTheTypeItDeclares() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await TabletTests.setUp(app)
                let visit = setup.visits[0]
                let html = Data("<html><script>alert(1)</script></html>".utf8)
                let batch = TabletTests.changes([
                    [
                        "id": "r-html", "type": "report", "visitId": visit.id!.uuidString, "at": "2026-01-05T07:45:00Z",
                        "report": [
                            "observation": "Se bilde",
                            "photos": [["contentType": "image/png", "data": html.base64EncodedString()]],
                        ] as [String: Any],
                    ]
                ])
                let sent = try await app.send(.POST, "/api/v1/tablet/changes", json: batch, as: setup.worker)
                #expect(TabletTests.statuses(sent) == ["rejected"])
                #expect(try await ReportPhotoModel.query(on: app.db).count() == 0)
                #expect(try await VisitReportModel.query(on: app.db).count() == 0)
                #expect(ImageSignature.matches(TabletTests.png, contentType: "image/png"))
                #expect(!ImageSignature.matches(TabletTests.png, contentType: "image/jpeg"))
                #expect(!ImageSignature.matches(Data([0x89, 0x50]), contentType: "image/png"))
            }
        }

        @Test func visitsAreGeneratedOnlyNearToday() async throws {
            try await withTilsyn(demoRecipients: 4) { app in
                let far = try await app.send(.POST, "/api/v1/visits/generate", json: ["date": "2000-01-01"])
                #expect(far.status == .unprocessableEntity)
                #expect(far.object["field"] as? String == "date")
                let ahead = app.today.adding(days: 40).description
                #expect(
                    try await app.send(.POST, "/api/v1/visits/generate", json: ["date": ahead]).status
                        == .unprocessableEntity)
                #expect(try await VisitModel.query(on: app.db).count() == 0)
                let tomorrow = app.today.adding(days: 1).description
                #expect(try await app.send(.POST, "/api/v1/visits/generate", json: ["date": tomorrow]).status == .ok)
            }
        }

        /// Another writer holds the SQLite file: a change waits a bounded time, then answers 503 with
        /// `Retry-After` (never 500), changes nothing, and goes through once the writer is done.
        @Test func aBusyDatabaseAnswers503AndChangesNothing() async throws {
            guard case .sqliteInMemory = TestDatabase.config else { return }  // SQLite's file locking only
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tilsyn-busy-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let app = try await Application.make(.testing)
            do {
                var configuration = TilsynConfiguration(database: .sqlite(dataDirectory: folder))
                configuration.auth.passwordCost = 4
                try await configure(app, configuration)
                let demo = DemoMunicipality.generate(.init(seed: 11, referenceDate: app.today, recipientCount: 4))
                _ = try await DemoLoader(database: app.db).load(demo)
                app.testCredentials = try await app.makeUser(role: .unitLeader, zoneID: nil)

                let other = try await SQLiteConnection.open(
                    storage: .file(path: DatabaseSetup.sqlitePath(dataDirectory: folder)))
                _ = try await other.query("BEGIN IMMEDIATE")
                let started = Date()
                let busy = try await app.send(.POST, "/api/v1/visits/generate", json: ["date": app.today.description])
                #expect(busy.status == .serviceUnavailable)
                #expect(busy.headers.first(name: .retryAfter) == String(WriteTransaction.retryAfterSeconds))
                #expect(busy.object["code"] as? String == "databaseBusy")
                #expect(Date().timeIntervalSince(started) < 30, "the wait is bounded")
                _ = try await other.query("COMMIT")
                try await other.close()
                #expect(try await VisitModel.query(on: app.db).count() == 0)
                let after = try await app.send(.POST, "/api/v1/visits/generate", json: ["date": app.today.description])
                #expect(after.status == .ok)
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
    }
}
