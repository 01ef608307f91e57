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
/// account ends every session of that person.
struct AccountService {
    let database: any Database
    let application: Application

    static let minimumPasswordLength = 10

    /// Creates the account of a staff member, or sets a new password on the existing one.
    @discardableResult
    func setPassword(staffID: UUID, username: String?, password: String) async throws -> UserAccountModel {
        guard password.count >= Self.minimumPasswordLength else { throw AccountError.passwordTooShort }
        guard let staff = try await StaffMemberModel.find(staffID, on: database) else {
            throw AccountError.unknownStaff
        }
        let cost = application.tilsyn.auth.passwordCost
        let hash = try await application.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
        if let account = try await UserAccountModel.query(on: database).filter(\.$staffMember.$id == staffID).first() {
            account.passwordHash = hash
            try await account.save(on: database)
            try await SessionService(application: application, database: database).signOutEverywhere(
                accountID: account.id!)
            return account
        }
        let name = (username?.isEmpty == false ? username! : staff.employeeNumber).lowercased()
        guard (3...40).contains(name.count),
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "." || $0 == "-") })
        else { throw AccountError.invalidUsername }
        if try await UserAccountModel.query(on: database).filter(\.$username == name).count() > 0 {
            throw AccountError.usernameTaken
        }
        let account = UserAccountModel(staffMemberID: staffID, username: name, passwordHash: hash)
        try await account.create(on: database)
        return account
    }

    /// Disables or enables an account; disabling ends its sessions at once.
    func setDisabled(_ disabled: Bool, accountID: UUID, by admin: SignedInUser) async throws {
        guard let account = try await UserAccountModel.find(accountID, on: database) else {
            throw AccountError.unknownStaff
        }
        if disabled, account.id == admin.accountID { throw AccountError.cannotDisableSelf }
        account.isDisabled = disabled
        try await account.save(on: database)
        if disabled {
            try await SessionService(application: application, database: database).signOutEverywhere(
                accountID: accountID)
        }
    }
}
