import Fluent
import Foundation
import Testing
import TilsynCore
import Vapor
import VaporTesting

@testable import TilsynServer

/// The database the server tests run on: in-memory SQLite, or PostgreSQL when the test command sets
/// `TILSYN_TEST_DATABASE_URL` (the full suite runs them on both).
enum TestDatabase {
    static var config: DatabaseConfig {
        if let url = ProcessInfo.processInfo.environment["TILSYN_TEST_DATABASE_URL"], !url.isEmpty {
            return .postgres(url: url)
        }
        return .sqliteInMemory
    }
}

/// Runs `body` on an application built by the real composition root, on an empty, migrated
/// database, optionally holding a small demo municipality.
@discardableResult
func withTilsyn<T>(
    demoRecipients: Int? = nil, signedInAs role: StaffRole? = .unitLeader, _ body: (Application) async throws -> T
) async throws -> T {
    let app = try await Application.make(.testing)
    do {
        var configuration = TilsynConfiguration(database: TestDatabase.config)
        configuration.http.port = 0
        configuration.auth.passwordCost = 4  // fast hashing in tests; production uses 12
        try await configure(app, configuration)
        if case .postgres = configuration.database {
            // A shared PostgreSQL database: start every test from an empty schema.
            try await app.autoRevert()
            try await app.autoMigrate()
        }
        if let demoRecipients {
            let demo = DemoMunicipality.generate(
                .init(seed: 11, referenceDate: app.today, recipientCount: demoRecipients))
            _ = try await DemoLoader(database: app.db).load(demo)
        }
        if let role { app.testCredentials = try await app.makeUser(role: role, zoneID: nil) }
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// The whole server suite, serialized because the PostgreSQL run shares one database.
@Suite(.serialized) struct ServerTests {}

extension Application {
    /// Any zone of the demo.
    func anyZone() async throws -> ZoneModel {
        try #require(try await ZoneModel.query(on: db).sort(\.$name).first())
    }

    func recipientCount() async throws -> Int { try await RecipientModel.query(on: db).count() }
}

/// A valid synthetic national id that the demo (seed 11) does not use.
func freshNationalID(_ individual: Int = 401) -> String {
    NationalIdentityNumber.synthetic(day: 17, month: 5, year: 1938, individual: individual)?.value
        ?? NationalIdentityNumber.synthetic(day: 17, month: 5, year: 1938, individual: individual + 1)!.value
}

/// A body for `POST /api/v1/recipients`.
func recipientBody(nationalId: String, zoneId: UUID, givenName: String = "Solveig") -> [String: Any] {
    [
        "nationalId": nationalId, "givenName": givenName, "familyName": "Testesen",
        "address": [
            "street": "Storgata 1", "postalCode": "9008", "city": "Tromsø", "latitude": 69.65, "longitude": 18.95,
        ] as [String: Any],
        "zoneId": zoneId.uuidString,
        "contacts": [["kind": "relative", "name": "Kari Testesen", "phone": "400 00 000", "note": "datter"]],
    ]
}

/// A signed-in test user: the session cookie's token and the CSRF token.
struct TestCredentials: Sendable {
    var staffID: UUID
    var username: String
    var password: String
    var token: String
    var csrf: String
}

extension Application {
    private struct CredentialsKey: StorageKey {
        typealias Value = TestCredentials
    }

    /// Who `send` signs requests as by default.
    var testCredentials: TestCredentials? {
        get { storage[CredentialsKey.self] }
        set { storage[CredentialsKey.self] = newValue }
    }

    /// Creates a staff member with an account and a device session.
    func makeUser(
        role: StaffRole, zoneID: UUID?, password: String = "riktig-passord-1"
    ) async throws
        -> TestCredentials
    {
        let number = "T\(UUID().uuidString.prefix(8))"
        let competences: Set<Competence> = role.isRegisteredNurse ? Set(Competence.allCases) : [.personalCare]
        var zone = zoneID
        if zone == nil, role.makesVisits { zone = try await ZoneModel.query(on: db).sort(\.$name).first()?.id }
        let member = StaffMember(
            employeeNumber: number, givenName: "Test", familyName: role.rawValue, role: role,
            competences: competences, zoneID: zone, employmentPercent: 100)
        try await StaffMemberModel(member).create(on: db)
        let hash = try Bcrypt.hash(password, cost: 4)
        let account = UserAccountModel(staffMemberID: member.id, username: number, passwordHash: hash)
        try await account.create(on: db)
        let session = try await SessionService(application: self).startSession(
            accountID: account.id!, address: "127.0.0.1", userAgent: "tests")
        return TestCredentials(
            staffID: member.id, username: number.lowercased(), password: password, token: session.token,
            csrf: session.session.csrfToken)
    }

    /// Sends a request through the whole application (middleware included), with an optional JSON
    /// body, signed in as `credentials` (the default test user unless `anonymous`).
    func send(
        _ method: HTTPMethod, _ path: String, json: Any? = nil, headers: HTTPHeaders = [:],
        as credentials: TestCredentials? = nil, anonymous: Bool = false
    ) async throws -> TestingHTTPResponse {
        var headers = headers
        if !anonymous, let user = credentials ?? testCredentials {
            headers.add(name: .cookie, value: "\(SessionCookie.name)=\(user.token)")
            headers.add(name: CSRF.header, value: user.csrf)
        }
        var body = ByteBuffer()
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers.contentType = .json
        }
        return try await performTest(
            request: TestingHTTPRequest(method: method, url: URI(string: path), headers: headers, body: body))
    }
}

extension Application {
    /// Sends a request with a raw body (a form as a browser posts it), signed in as `credentials`.
    func send(
        _ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: String, as credentials: TestCredentials
    ) async throws -> TestingHTTPResponse {
        var headers = headers
        headers.add(name: .cookie, value: "\(SessionCookie.name)=\(credentials.token)")
        headers.add(name: CSRF.header, value: credentials.csrf)
        return try await performTest(
            request: TestingHTTPRequest(
                method: method, url: URI(string: path), headers: headers, body: ByteBuffer(string: body)))
    }
}

extension TestingHTTPResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var text: String { body.string }

    var array: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [[String: Any]] ?? []
    }
}

extension Application {
    /// Sends a request over a real socket (the server started on a free port for it), so the server
    /// sees a peer address (127.0.0.1) and the bytes NIO writes; for what the in-memory tester hides:
    /// forwarded headers, trusted proxies, what reaches the wire.
    func sendOverNetwork(
        _ method: HTTPMethod, _ path: String, json: Any? = nil, headers: HTTPHeaders = [:]
    ) async throws -> TestingHTTPResponse {
        var headers = headers
        var body = ByteBuffer()
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers.contentType = .json
        }
        return try await testing(method: .running(hostname: "127.0.0.1", port: 0)).performTest(
            request: TestingHTTPRequest(method: method, url: URI(string: path), headers: headers, body: body))
    }
}
