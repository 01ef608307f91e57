import Foundation
import Testing

@testable import TilsynCore

/// Who may grant which role: one rule, checked here role by role.
@Suite struct RoleGrantsTests {
    let unit = UUID()
    let otherUnit = UUID()
    let zone = UUID()
    let otherZoneSameUnit = UUID()
    let zoneElsewhere = UUID()

    var ownZone: GrantPlace { GrantPlace(zoneID: zone, unitID: unit) }
    var neighbourZone: GrantPlace { GrantPlace(zoneID: otherZoneSameUnit, unitID: unit) }
    var otherUnitsZone: GrantPlace { GrantPlace(zoneID: zoneElsewhere, unitID: otherUnit) }
    let noZone = GrantPlace(zoneID: nil, unitID: nil)

    func staff(_ role: StaffRole) -> Grantor { .staff(role: role, zoneID: zone, unitID: unit) }

    @Test func theCommandLineGrantsEveryRoleAnywhere() {
        for role in StaffRole.allCases {
            #expect(RoleGrants.mayGrant(role, at: ownZone, by: .commandLine))
            #expect(RoleGrants.mayGrant(role, at: noZone, by: .commandLine))
        }
    }

    @Test func theAdminGrantsNoRoleAtAll() {
        for role in StaffRole.allCases {
            for place in [ownZone, neighbourZone, noZone] {
                #expect(!RoleGrants.mayGrant(role, at: place, by: staff(.admin)), "admin → \(role)")
            }
        }
    }

    @Test func aDepartmentLeaderGrantsVisitingRolesInTheirOwnZoneOnly() {
        let leader = staff(.departmentLeader)
        #expect(
            RoleGrants.grantableRoles(at: ownZone, by: leader) == [
                .nurse, .careWorker, .assistant, .substitute, .departmentLeader,
            ])
        for role in StaffRole.allCases {
            #expect(!RoleGrants.mayGrant(role, at: neighbourZone, by: leader), "another zone: \(role)")
            #expect(!RoleGrants.mayGrant(role, at: noZone, by: leader), "no zone: \(role)")
        }
        for role in [StaffRole.unitLeader, .alarmOperator, .allocationOfficer, .admin] {
            #expect(!RoleGrants.mayGrant(role, at: ownZone, by: leader), "above a department leader: \(role)")
        }
    }

    @Test func theUnitLeaderGrantsEveryRoleInTheirUnitAndNoneOutsideIt() {
        let leader = staff(.unitLeader)
        for role in StaffRole.allCases {
            #expect(RoleGrants.mayGrant(role, at: ownZone, by: leader), "own zone: \(role)")
            #expect(RoleGrants.mayGrant(role, at: neighbourZone, by: leader), "the unit's other zone: \(role)")
            #expect(!RoleGrants.mayGrant(role, at: otherUnitsZone, by: leader), "another unit: \(role)")
        }
        for role in [StaffRole.unitLeader, .alarmOperator, .allocationOfficer, .admin] {
            #expect(RoleGrants.mayGrant(role, at: noZone, by: leader), "unit-wide, no zone: \(role)")
        }
        #expect(!RoleGrants.mayGrant(.nurse, at: noZone, by: leader), "visiting staff belong to a zone")
    }

    @Test func rolesWithoutLeadershipGrantNothing() {
        for grantor in [StaffRole.nurse, .careWorker, .assistant, .substitute, .alarmOperator, .allocationOfficer] {
            #expect(RoleGrants.grantableRoles(at: ownZone, by: staff(grantor)).isEmpty, "\(grantor)")
            #expect(RoleGrants.grantableRoles(at: noZone, by: staff(grantor)).isEmpty, "\(grantor)")
        }
    }
}
