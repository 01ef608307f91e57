import Fluent
import Foundation
import TilsynCore
import Vapor

/// Accounts: who can sign in, new accounts, new passwords, disabling. The admin sees every account
/// and may disable any (closing never opens anything); new passwords and re-opening are for those
/// who may grant the person's role (`RoleGrants`): a department leader for their zone's visiting
/// staff, the unit leader for the unit. Nobody sees recipients here.
struct AdminUsersController: RouteCollection {
    struct Row: Encodable {
        var staffID: String
        var accountID: String?
        var name: String
        var employeeNumber: String
        var role: String
        var zone: String
        var username: String?
        var disabled: Bool
        var activeSessions: Int
        /// The signed-in user may set this person's password and re-open the account.
        var manageable: Bool
        /// The signed-in user may disable the account.
        var canDisable: Bool
        /// The password was set by someone else and waits to be changed.
        var mustChange: Bool
    }

    struct Page: Encodable {
        var rows: [Row]
        var message: String?
    }

    struct PasswordForm: Content {
        var username: String?
        var password: String
    }

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequireRole(roles: [.admin, .departmentLeader, .unitLeader])).grouped(
            "admin", "users")
        admin.get(use: list).classify(.noHealthData)
        admin.post(":staffID", "password", use: setPassword).classify(.noHealthData)
        admin.post(":staffID", "disable", use: disable).classify(.noHealthData)
        admin.post(":staffID", "enable", use: enable).classify(.noHealthData)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let language = req.language
        let user = try req.requireUser()
        let service = try await AccountService.forRequest(req)
        let everyone = try await StaffMemberModel.query(on: req.db).sort(\.$familyName).sort(\.$givenName).all()
        var staff: [(StaffMemberModel, Bool)] = []
        for member in everyone {
            let manageable = try await service.mayManage(member)
            // Leaders see the people they manage; the admin sees every account (to close one).
            if manageable || user.role == .admin { staff.append((member, manageable)) }
        }
        let accounts = try await UserAccountModel.query(on: req.db).all()
        let byStaff = Dictionary(uniqueKeysWithValues: accounts.map { ($0.$staffMember.id, $0) })
        let zones = Dictionary(
            uniqueKeysWithValues: try await ZoneModel.query(on: req.db).all().map { ($0.id!, $0.name) })
        let sessions = try await DeviceSessionModel.query(on: req.db).filter(\.$endedAt == nil)
            .filter(\.$expiresAt > Date()).all()
        let active = Dictionary(grouping: sessions, by: { $0.$account.id }).mapValues(\.count)
        let rows = staff.map { member, manageable -> Row in
            let account = byStaff[member.id!]
            return Row(
                staffID: member.id!.uuidString, accountID: account?.id?.uuidString,
                name: "\(member.familyName), \(member.givenName)", employeeNumber: member.employeeNumber,
                role: (StaffRole(rawValue: member.role) ?? .assistant).displayName.text(in: language),
                zone: member.$zone.id.flatMap { zones[$0] } ?? "–", username: account?.username,
                disabled: account?.isDisabled ?? false, activeSessions: account.flatMap { active[$0.id!] } ?? 0,
                manageable: manageable,
                canDisable: (manageable || user.role == .admin) && account?.id != user.accountID,
                mustChange: account?.mustChangePassword ?? false)
        }
        let message = req.query[String.self, at: "done"].flatMap {
            req.application.catalogue.texts(for: language)["admin_done_\($0)"]
        }
        return try await req.renderPage("admin-users", titleKey: "admin_title", Page(rows: rows, message: message))
    }

    @Sendable func setPassword(req: Request) async throws -> Response {
        guard let staffID = req.parameters.get("staffID").flatMap(UUID.init(uuidString:)) else {
            throw AccountError.unknownStaff
        }
        let form = try req.content.decode(PasswordForm.self)
        try await AccountService.forRequest(req).setPassword(
            staffID: staffID, username: form.username, password: form.password)
        return req.redirect(to: "/admin/users?done=password")
    }

    @Sendable func disable(req: Request) async throws -> Response {
        try await toggle(req, disabled: true)
        return req.redirect(to: "/admin/users?done=disabled")
    }

    @Sendable func enable(req: Request) async throws -> Response {
        try await toggle(req, disabled: false)
        return req.redirect(to: "/admin/users?done=enabled")
    }

    private func toggle(_ req: Request, disabled: Bool) async throws {
        guard let staffID = req.parameters.get("staffID").flatMap(UUID.init(uuidString:)),
            let account = try await UserAccountModel.query(on: req.db).filter(\.$staffMember.$id == staffID).first()
        else { throw AccountError.unknownStaff }
        try await AccountService.forRequest(req).setDisabled(
            disabled, accountID: account.id!, by: try req.requireUser())
    }
}
