import Fluent
import Foundation
import Testing
import TilsynCore
import Vapor
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct AdminUsersTests {
        @Test func adminCreatesAnAccountResetsAPasswordAndDisablesAccounts() async throws {
            try await withTilsyn(demoRecipients: 2, signedInAs: .admin) { app in
                let staff = try #require(
                    try await StaffMemberModel.query(on: app.db).filter(\.$role == "nurse").first())
                let page = try await app.send(.GET, "/admin/users")
                #expect(page.status == .ok)
                #expect(page.text.contains(staff.employeeNumber))

                let short = try await app.send(
                    .POST, "/admin/users/\(staff.id!)/password", json: ["username": "kari.n", "password": "kort"])
                #expect(short.status == .unprocessableEntity)
                let created = try await app.send(
                    .POST, "/admin/users/\(staff.id!)/password",
                    json: ["username": "kari.n", "password": "et-langt-passord"])
                #expect(created.status == .seeOther)
                let signIn = try await app.send(
                    .POST, "/api/v1/session", json: ["username": "kari.n", "password": "et-langt-passord"],
                    anonymous: true)
                #expect(signIn.status == .created)
                let token = try #require(signIn.headers.setCookie?[SessionCookie.name]?.string)
                _ = try await app.send(.POST, "/admin/users/\(staff.id!)/disable")
                let ended = try await app.send(
                    .GET, "/api/v1/session", headers: ["Cookie": "\(SessionCookie.name)=\(token)"], anonymous: true)
                #expect(ended.status == .unauthorized, "disabling signs the person out everywhere")
                let refused = try await app.send(
                    .POST, "/api/v1/session", json: ["username": "kari.n", "password": "et-langt-passord"],
                    anonymous: true)
                #expect(refused.status == .unauthorized)
            }
        }

        @Test func onlyTheAdminManagesAccounts() async throws {
            try await withTilsyn(demoRecipients: 2, signedInAs: .nurse) { app in
                let response = try await app.send(.GET, "/admin/users")
                #expect(response.status == .forbidden)
            }
        }
    }
}
