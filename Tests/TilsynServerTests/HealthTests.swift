import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct HealthTests {
        @Test func healthzReportsDatabaseKindAndSchemaVersion() async throws {
            try await withTilsyn { app in
                let response = try await app.send(.GET, "/healthz")
                #expect(response.status == .ok)
                #expect(response.object["status"] as? String == "ok")
                #expect(response.object["database"] as? String == TestDatabase.config.kind)
                #expect(response.object["schemaVersion"] as? Int == Migrations.all.count)
                let anonymous = try await app.send(.GET, "/healthz", anonymous: true)
                #expect(anonymous.status == .ok)
                #expect(Set(anonymous.object.keys) == ["status"], "strangers learn only that it answers")
            }
        }
    }
}
