import Foundation
import Testing

@testable import TilsynCore

/// Who may read, change and process an intake assessment (R17): a draft is its author's alone;
/// once sent in, those who decide on it read it, and nobody changes it.
@Suite struct IntakeAccessTests {
    let zone = UUID()
    let otherZone = UUID()
    let unit = UUID()
    let author = UUID()

    func subject(_ role: StaffRole, staffID: UUID = UUID(), zone: UUID? = nil, unit: UUID? = nil) -> AccessSubject {
        AccessSubject(
            role: role, staffID: staffID, zoneIDs: Set([zone].compactMap { $0 }), unitID: unit, workListRecipientIDs: []
        )
    }

    func intake(submitted: Bool) -> IntakeScope {
        IntakeScope(assessorID: author, zoneID: zone, unitID: unit, submitted: submitted)
    }

    @Test func aDraftIsItsAuthorsAlone() {
        let draft = intake(submitted: false)
        let me = subject(.nurse, staffID: author, zone: zone, unit: unit)
        #expect(IntakeAccess.decide(me, intake: draft, action: .read) == .author)
        #expect(IntakeAccess.decide(me, intake: draft, action: .edit) == .author)
        #expect(IntakeAccess.decide(me, intake: draft, action: .process) == nil)
        for role in StaffRole.allCases {
            let other = subject(role, zone: zone, unit: unit)
            #expect(IntakeAccess.decide(other, intake: draft, action: .read) == nil, "\(role) read a draft")
        }
    }

    @Test func whatWasSentInIsReadByThoseWhoDecideAndChangedByNobody() {
        let sent = intake(submitted: true)
        let me = subject(.nurse, staffID: author, zone: zone, unit: unit)
        #expect(IntakeAccess.decide(me, intake: sent, action: .read) == .author)
        #expect(IntakeAccess.decide(me, intake: sent, action: .edit) == nil)
        #expect(IntakeAccess.decide(me, intake: sent, action: .process) == nil)
        let office = subject(.allocationOfficer)
        #expect(IntakeAccess.decide(office, intake: sent, action: .read) == .allocation)
        #expect(IntakeAccess.decide(office, intake: sent, action: .process) == .allocation)
        #expect(IntakeAccess.decide(office, intake: sent, action: .edit) == nil)
        #expect(IntakeAccess.decide(subject(.departmentLeader, zone: zone), intake: sent, action: .process) == .ownZone)
        #expect(IntakeAccess.decide(subject(.departmentLeader, zone: otherZone), intake: sent, action: .read) == nil)
        #expect(IntakeAccess.decide(subject(.unitLeader, unit: unit), intake: sent, action: .read) == .unit)
        #expect(IntakeAccess.decide(subject(.unitLeader, unit: UUID()), intake: sent, action: .read) == nil)
        for role in [StaffRole.nurse, .careWorker, .assistant, .substitute, .alarmOperator, .admin] {
            #expect(IntakeAccess.decide(subject(role, zone: zone, unit: unit), intake: sent, action: .read) == nil)
        }
        // An administrator never reads one, not even one they started in another role's name.
        #expect(IntakeAccess.decide(subject(.admin, staffID: author), intake: sent, action: .read) == nil)
    }

    @Test func onlyAssessorsStartOne() {
        #expect(
            StaffRole.allCases.filter(IntakeAccess.mayCreate) == [
                .nurse, .departmentLeader, .unitLeader, .allocationOfficer,
            ])
    }
}
