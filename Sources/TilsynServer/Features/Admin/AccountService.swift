import Fluent
import Foundation
import TilsynCore
import Vapor

/// Why an account change was refused.
enum AccountError: UserFacingError {
    case passwordTooShort
    case usernameTaken
    case invalidUsername
    case unknownStaff
    case cannotDisableSelf

    var status: HTTPResponseStatus {
        switch self {
        case .usernameTaken: .conflict
        case .unknownStaff: .notFound
        default: .unprocessableEntity
        }
    }

    var code: String { "account.\(self)" }

    var field: String? {
        switch self {
        case .passwordTooShort: "password"
        case .usernameTaken, .invalidUsername: "username"
        case .unknownStaff: "employeeNumber"
        case .cannotDisableSelf: nil
        }
    }

    var message: LocalizedText {
        switch self {
        case .passwordTooShort:
            LocalizedText(nb: "Passordet må ha minst 10 tegn.", en: "The password must have at least 10 characters.")
        case .usernameTaken:
            LocalizedText(nb: "Brukernavnet er allerede i bruk.", en: "The username is already in use.")
        case .invalidUsername:
            LocalizedText(
                nb: "Brukernavnet kan bare ha små bokstaver a–z, sifre, punktum og bindestrek (3–40 tegn).",
                en: "The username may only hold lower-case letters a–z, digits, dots and hyphens (3–40 characters).")
        case .unknownStaff:
            LocalizedText(nb: "Fant ikke den ansatte.", en: "Could not find the staff member.")
        case .cannotDisableSelf:
            LocalizedText(nb: "Du kan ikke sperre din egen konto.", en: "You cannot disable your own account.")
        }
    }
}

/// Creates accounts, sets passwords, disables and enables them. A new password or a disabled
/// account ends every session of that person. Who may change whose account is `RoleGrants`: setting
/// someone's password hands over what their role may do. Every change is an audit event (who,
/// whom, before → after), and a password set by someone else must be replaced at its first use.
struct AccountService {
    let database: any Database
    let application: Application
    /// Who makes the changes, as the audit log names them.
    let agent: AuditLog.Agent
    /// Who makes the changes, as `RoleGrants` judges them.
    let grantor: Grantor
    /// The route (or command) the changes come through, as the audit log names it.
    var resource = "tilsyn account password"

    static let minimumPasswordLength = 10

    /// The service for the signed-in user of `request`.
    static func forRequest(_ request: Request) async throws -> AccountService {
        let user = try request.requireUser()
        return AccountService(
            database: request.db, application: request.application, agent: AuditLog.Agent(request),
            grantor: try await RoleGrantCheck.grantor(user, on: request.db), resource: AuditLog.resource(of: request))
    }

    /// Whether this grantor may change the account of `staff`.
    func mayManage(_ staff: StaffMemberModel) async throws -> Bool {
        let role = StaffRole(rawValue: staff.role) ?? .assistant
        return RoleGrants.mayGrant(
            role, at: try await RoleGrantCheck.place(zoneID: staff.$zone.id, on: database), by: grantor)
    }

    private func requireManage(_ staff: StaffMemberModel) async throws {
        guard try await mayManage(staff) else {
            try await log(.denied, staff: staff.id!, detail: "account of role \(staff.role)")
            throw RoleGrantError(role: StaffRole(rawValue: staff.role) ?? .assistant)
        }
    }

    /// Creates the account of a staff member, or sets a new password on the existing one. Either way
    /// the password is temporary: its owner must replace it at first use.
    @discardableResult
    func setPassword(staffID: UUID, username: String?, password: String) async throws -> UserAccountModel {
        guard password.count >= Self.minimumPasswordLength else { throw AccountError.passwordTooShort }
        guard let staff = try await StaffMemberModel.find(staffID, on: database) else {
            throw AccountError.unknownStaff
        }
        try await requireManage(staff)
        let cost = application.tilsyn.auth.passwordCost
        let hash = try await application.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
        if let account = try await UserAccountModel.query(on: database).filter(\.$staffMember.$id == staffID).first() {
            account.passwordHash = hash
            account.mustChangePassword = true
            try await account.save(on: database)
            try await SessionService(application: application, database: database).signOutEverywhere(
                accountID: account.id!)
            try await log(
                .passwordSet, staff: staffID, detail: "password: set by another → must be changed at first use")
            return account
        }
        let name = (username?.isEmpty == false ? username! : staff.employeeNumber).lowercased()
        guard (3...40).contains(name.count),
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") })
        else { throw AccountError.invalidUsername }
        if try await UserAccountModel.query(on: database).filter(\.$username == name).count() > 0 {
            throw AccountError.usernameTaken
        }
        let account = UserAccountModel(
            staffMemberID: staffID, username: name, passwordHash: hash, mustChangePassword: true)
        try await account.create(on: database)
        try await log(.accountCreated, staff: staffID, detail: "account: none → \(name) (role \(staff.role))")
        return account
    }

    /// Disables or enables an account; disabling ends its sessions at once.
    func setDisabled(_ disabled: Bool, accountID: UUID, by user: SignedInUser) async throws {
        guard let account = try await UserAccountModel.find(accountID, on: database),
            let staff = try await StaffMemberModel.find(account.$staffMember.id, on: database)
        else {
            throw AccountError.unknownStaff
        }
        if disabled, account.id == user.accountID { throw AccountError.cannotDisableSelf }
        // Closing an account never opens anything, so the admin may; opening one again gives back a
        // role's access, so only someone who may grant that role does.
        if !disabled || user.role != .admin {
            try await requireManage(staff)
        }
        let before = account.isDisabled
        account.isDisabled = disabled
        try await account.save(on: database)
        if disabled {
            try await SessionService(application: application, database: database).signOutEverywhere(
                accountID: accountID)
        }
        try await log(
            disabled ? .accountDisabled : .accountEnabled, staff: staff.id!,
            detail: "disabled: \(before) → \(disabled)")
    }

    private func log(_ action: AuditAction, staff: UUID, detail: String) async throws {
        try await AuditLog.append(
            [.init(recipientID: nil, action: action, parts: [], basis: nil, subjectStaffID: staff, detail: detail)],
            by: agent, resource: resource, application: application, on: database)
    }
}
