import Fluent
import Foundation
import Testing
import TilsynCore
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
    demoRecipients: Int? = nil, _ body: (Application) async throws -> T
) async throws -> T {
    let app = try await Application.make(.testing)
    do {
        var configuration = TilsynConfiguration(database: TestDatabase.config)
        configuration.http.port = 0
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

extension Application {
    /// Sends a request through the whole application (middleware included), with an optional JSON body.
    func send(
        _ method: HTTPMethod, _ path: String, json: Any? = nil, headers: HTTPHeaders = [:]
    ) async throws
        -> TestingHTTPResponse
    {
        var headers = headers
        var body = ByteBuffer()
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers.contentType = .json
        }
        return try await performTest(
            request: TestingHTTPRequest(method: method, url: URI(string: path), headers: headers, body: body))
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
