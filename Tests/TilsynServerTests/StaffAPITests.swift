import Foundation
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct StaffAPITests {
        @Test func createStaffAndRejectDuplicatesAndNurseOnlyCompetences() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let zone = try await app.anyZone()
                let body: [String: Any] = [
                    "employeeNumber": "N-1", "givenName": "Nina", "familyName": "Test", "role": "careWorker",
                    "competences": ["personalCare"], "zoneId": zone.id!.uuidString, "employmentPercent": 80,
                ]
                #expect(try await app.send(.POST, "/api/v1/staff", json: body).status == .created)
                #expect(try await app.send(.POST, "/api/v1/staff", json: body).status == .conflict)
                var nurseTask = body
                nurseTask["employeeNumber"] = "N-2"
                nurseTask["competences"] = ["woundCare"]
                let rejected = try await app.send(.POST, "/api/v1/staff", json: nurseTask)
                #expect(rejected.status == .unprocessableEntity)
                #expect(rejected.object["field"] as? String == "competences")
                var badRole = body
                badRole["employeeNumber"] = "N-3"
                badRole["role"] = "pilot"
                let role = try await app.send(.POST, "/api/v1/staff", json: badRole)
                #expect(role.status == .unprocessableEntity)
                #expect(role.object["field"] as? String == "role")
                let listed = try await app.send(.GET, "/api/v1/staff?zone=\(zone.id!)")
                #expect(listed.array.contains { $0["employeeNumber"] as? String == "N-1" })
            }
        }
    }
}
