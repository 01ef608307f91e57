import Fluent
import Foundation
import TilsynCore
import Vapor

/// A role or account change the person may not make.
struct RoleGrantError: UserFacingError {
    var role: StaffRole

    var status: HTTPResponseStatus { .forbidden }
    var code: String { "roleNotGrantable" }
    var field: String? { "role" }
    var message: LocalizedText {
        LocalizedText(
            nb: "Du kan ikke gi rollen «\(role.displayName.nb)» her, eller endre kontoen til noen med den rollen.",
            en: "You may not grant the role “\(role.displayName.en)” here, or change the account of someone with it.")
    }
}

/// Applies `RoleGrants` (TilsynCore) to a request: who is granting, where the person works, and an
/// audit event when it is refused.
enum RoleGrantCheck {
    /// The signed-in user as a grantor (their zone's unit looked up; unit-wide roles without a zone
    /// serve the first unit, as `RecipientAccess` treats them).
    static func grantor(_ user: SignedInUser, on database: any Database) async throws -> Grantor {
        var unitID: UUID? = nil
        if let zoneID = user.zoneID { unitID = try await ZoneModel.find(zoneID, on: database)?.$unit.id }
        if unitID == nil, user.role == .unitLeader {
            unitID = try await CareUnitModel.query(on: database).first()?.id
        }
        return .staff(role: user.role, zoneID: user.zoneID, unitID: unitID)
    }

    /// Where a person of `zoneID` works.
    static func place(zoneID: UUID?, on database: any Database) async throws -> GrantPlace {
        guard let zoneID else { return GrantPlace(zoneID: nil, unitID: nil) }
        return GrantPlace(zoneID: zoneID, unitID: try await ZoneModel.find(zoneID, on: database)?.$unit.id)
    }

    /// Throws `RoleGrantError` (and logs the refusal) unless the request's user may give `role` in `zoneID`.
    static func require(
        _ role: StaffRole, zoneID: UUID?, subject: UUID?, request: Request
    ) async throws {
        let user = try request.requireUser()
        let grantor = try await grantor(user, on: request.db)
        let place = try await place(zoneID: zoneID, on: request.db)
        guard RoleGrants.mayGrant(role, at: place, by: grantor) else {
            try await AuditLog.record(
                [
                    .init(
                        recipientID: nil, action: .denied, parts: [], basis: nil, subjectStaffID: subject,
                        detail: "role: \(role.rawValue)")
                ], request: request)
            throw RoleGrantError(role: role)
        }
    }
}
