import Foundation

/// Who gives a role (or an account's password, which hands over what that role may do).
public enum Grantor: Sendable, Hashable {
    /// Whoever runs `tilsyn` on the server (`tilsyn import`, `tilsyn account password`): the
    /// installation's operator, who may grant anything.
    case commandLine
    /// A signed-in staff member: their role, home zone and that zone's unit.
    case staff(role: StaffRole, zoneID: UUID?, unitID: UUID?)
}

/// Where the person who is given a role works: their zone (if any) and its unit.
public struct GrantPlace: Sendable, Hashable {
    /// The zone the person belongs to; nil for unit-wide staff without a zone.
    public var zoneID: UUID?
    /// The unit of that zone; nil when there is no zone.
    public var unitID: UUID?

    /// Creates a place.
    public init(zoneID: UUID?, unitID: UUID?) {
        self.zoneID = zoneID
        self.unitID = unitID
    }
}

/// The one rule for who may grant which role (R61: access on need starts with who hands out roles).
///
/// - Nobody grants a role above their own.
/// - A department leader grants only the roles that make visits, in their own zone.
/// - Unit-wide roles (unit leader, alarm operator, allocation officer) only the unit leader, in
///   their own unit.
/// - The admin role only the unit leader or the command line.
/// - The admin never grants a role with access to health data (every role but admin has some), so
///   the admin grants no role at all.
///
/// Setting someone's password is judged by the same rule: it lets the setter act in that role.
public enum RoleGrants {
    /// Whether `grantor` may give `role` to a person working at `place`.
    public static func mayGrant(_ role: StaffRole, at place: GrantPlace, by grantor: Grantor) -> Bool {
        guard case .staff(let grantorRole, let grantorZone, let grantorUnit) = grantor else { return true }
        switch grantorRole {
        case .departmentLeader:
            guard role.makesVisits, let grantorZone else { return false }
            return place.zoneID == grantorZone
        case .unitLeader:
            guard let grantorUnit else { return false }
            if role.makesVisits { return place.unitID == grantorUnit }
            // Unit-wide roles and the admin: in the unit, or without a zone (serving the unit).
            return place.zoneID == nil || place.unitID == grantorUnit
        case .nurse, .careWorker, .assistant, .substitute, .alarmOperator, .allocationOfficer, .admin:
            return false
        }
    }

    /// The roles `grantor` may give at `place`, in the order of `StaffRole.allCases`.
    public static func grantableRoles(at place: GrantPlace, by grantor: Grantor) -> [StaffRole] {
        StaffRole.allCases.filter { mayGrant($0, at: place, by: grantor) }
    }
}
