import Fluent
import Foundation
import Testing
import TilsynCore
import Vapor
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    /// Accounts and roles follow `RoleGrants`, on every path, and every change is in the audit log.
    @Suite struct AdminUsersTests {
        func zonesOfTheUnit(_ app: Application) async throws -> (own: UUID, other: UUID) {
            let zones = try await ZoneModel.query(on: app.db).sort(\.$name).all()
            return (try #require(zones.first?.id), try #require(zones.last?.id))
        }

        func staffBody(_ role: StaffRole, zone: UUID?) -> [String: Any] {
            var body: [String: Any] = [
                "employeeNumber": "N\(UUID().uuidString.prefix(6))", "givenName": "Ny", "familyName": "Ansatt",
                "role": role.rawValue,
            ]
            if let zone { body["zoneId"] = zone.uuidString }
            return body
        }

        @Test func theAPIGrantsOnlyWhatTheRuleAllowsAndLogsBoth() async throws {
            try await withTilsyn(demoRecipients: 2, signedInAs: nil) { app in
                let zones = try await zonesOfTheUnit(app)
                let admin = try await app.makeUser(role: .admin, zoneID: nil)
                let department = try await app.makeUser(role: .departmentLeader, zoneID: zones.own)
                let unit = try await app.makeUser(role: .unitLeader, zoneID: zones.own)
                let nurse = try await app.makeUser(role: .nurse, zoneID: zones.own)
                let cases: [(TestCredentials, StaffRole, UUID?, HTTPStatus)] = [
                    (admin, .unitLeader, zones.own, .forbidden), (admin, .nurse, zones.own, .forbidden),
                    (admin, .admin, nil, .forbidden), (department, .admin, nil, .forbidden),
                    (department, .unitLeader, zones.own, .forbidden), (department, .nurse, zones.other, .forbidden),
                    (department, .nurse, zones.own, .created), (department, .substitute, zones.own, .created),
                    (unit, .alarmOperator, nil, .created), (unit, .admin, nil, .created),
                    (unit, .careWorker, zones.other, .created), (nurse, .assistant, zones.own, .forbidden),
                ]
                for (who, role, zone, expected) in cases {
                    let response = try await app.send(
                        .POST, "/api/v1/staff", json: staffBody(role, zone: zone), as: who)
                    #expect(response.status == expected, "\(role) by \(who.username)")
                }
                let granted = try await AuditEventModel.query(on: app.db).filter(\.$action == "roleGranted").all()
                #expect(granted.count == 5)
                #expect(granted.allSatisfy { $0.subjectStaffID != nil && $0.detail?.hasPrefix("role: – → ") == true })
                let refused = try await AuditEventModel.query(on: app.db).filter(\.$action == "denied").all()
                #expect(refused.filter { $0.detail?.hasPrefix("role: ") == true }.count == 6)
            }
        }

        @Test func theAdminClosesAccountsButCannotOpenOneOrSetAPassword() async throws {
            try await withTilsyn(demoRecipients: 2, signedInAs: .admin) { app in
                let leader = try #require(
                    try await StaffMemberModel.query(on: app.db).filter(\.$role == "departmentLeader").first())
                let page = try await app.send(.GET, "/admin/users")
                #expect(page.status == .ok)
                #expect(page.text.contains(leader.employeeNumber))
                #expect(!page.text.contains("/admin/users/\(leader.id!)/password"))
                let password = try await app.send(
                    .POST, "/admin/users/\(leader.id!)/password", json: ["password": "et-langt-passord"])
                #expect(password.status == .forbidden)
                #expect(
                    try await UserAccountModel.query(on: app.db).filter(\.$staffMember.$id == leader.id!).count() == 0)
            }
        }

        @Test func aLeaderSetsATemporaryPasswordThatMustBeChangedAtFirstUse() async throws {
            try await withTilsyn(demoRecipients: 2, signedInAs: nil) { app in
                let zone = try await zonesOfTheUnit(app).own
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zone)
                let nurse = try #require(
                    try await StaffMemberModel.query(on: app.db).filter(\.$role == "nurse").filter(\.$zone.$id == zone)
                        .first())
                let page = try await app.send(.GET, "/admin/users", as: leader)
                #expect(page.text.contains("/admin/users/\(nurse.id!)/password"))
                let short = try await app.send(
                    .POST, "/admin/users/\(nurse.id!)/password", json: ["username": "kari.n", "password": "kort"],
                    as: leader)
                #expect(short.status == .unprocessableEntity)
                let created = try await app.send(
                    .POST, "/admin/users/\(nurse.id!)/password",
                    json: ["username": "kari.n", "password": "et-langt-passord"], as: leader)
                #expect(created.status == .seeOther)

                let signIn = try await app.send(
                    .POST, "/api/v1/session", json: ["username": "kari.n", "password": "et-langt-passord"],
                    anonymous: true)
                #expect(signIn.status == .created)
                #expect(signIn.object["mustChangePassword"] as? Bool == true)
                let token = try #require(signIn.headers.setCookie?[SessionCookie.name]?.string)
                var kari = TestCredentials(
                    staffID: nurse.id!, username: "kari.n", password: "et-langt-passord", token: token,
                    csrf: signIn.object["csrfToken"] as? String ?? "")
                let blocked = try await app.send(.GET, "/api/v1/recipients", as: kari)
                #expect(blocked.status == .forbidden)
                #expect(blocked.object["code"] as? String == "passwordChangeRequired")
                let pageBlocked = try await app.send(.GET, "/recipients", as: kari)
                #expect(pageBlocked.headers.first(name: .location)?.hasPrefix("/password?next=") == true)

                let differ = try await app.send(
                    .POST, "/api/v1/session/password",
                    json: ["current": "et-langt-passord", "new": "mitt-eget-passord", "repeat": "noe-annet-passord"],
                    as: kari)
                #expect(differ.status == .unprocessableEntity)
                let changed = try await app.send(
                    .POST, "/api/v1/session/password",
                    json: ["current": "et-langt-passord", "new": "mitt-eget-passord"], as: kari)
                #expect(changed.status == .ok)
                kari.password = "mitt-eget-passord"
                #expect(try await app.send(.GET, "/api/v1/recipients", as: kari).status == .ok)

                _ = try await app.send(.POST, "/admin/users/\(nurse.id!)/disable", as: leader)
                #expect(try await app.send(.GET, "/api/v1/session", as: kari).status == .unauthorized)

                let actions = try await AuditEventModel.query(on: app.db).filter(\.$subjectStaffID == nurse.id!)
                    .sort(\.$chainIndex).all().map(\.action)
                #expect(actions == ["accountCreated", "passwordChanged", "accountDisabled"])
                let review = try await app.send(.GET, "/access-review", as: leader)
                #expect(review.text.contains("Laget en konto"))
                #expect(review.text.contains("Sperret en konto"))
                #expect(review.text.contains("account: none → kari.n"))
            }
        }

        @Test func visitingStaffManageNoAccounts() async throws {
            try await withTilsyn(demoRecipients: 2, signedInAs: .nurse) { app in
                let response = try await app.send(.GET, "/admin/users")
                #expect(response.status == .forbidden)
            }
        }

        @Test func aCSVImportCarriesOnlyRolesItsImporterMayGrant() async throws {
            try await withTilsyn(demoRecipients: 2, signedInAs: nil) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let unit = zone.$unit.id
                let csv = """
                    employee_number,given_name,family_name,role,zone
                    IMP1,Ida,Import,sykepleier,\(zone.name)
                    IMP2,Ivar,Import,administrator,
                    """
                let leader = Grantor.staff(role: .departmentLeader, zoneID: zone.id, unitID: unit)
                await #expect(throws: ImportError.self) {
                    _ = try await CSVImporter(database: app.db, author: "test", grantor: leader).run(.staff, text: csv)
                }
                #expect(try await StaffMemberModel.query(on: app.db).filter(\.$employeeNumber == "IMP1").count() == 0)
                let byUnitLeader = Grantor.staff(role: .unitLeader, zoneID: zone.id, unitID: unit)
                _ = try await CSVImporter(database: app.db, author: "test", grantor: byUnitLeader).run(
                    .staff, text: csv)
                #expect(
                    try await StaffMemberModel.query(on: app.db).filter(\.$employeeNumber ~~ ["IMP1", "IMP2"]).count()
                        == 2)
            }
        }
    }
}
