import Foundation

/// Where an intake assessment belongs, as far as access is concerned: who wrote it, the zone the
/// person lives in, and whether it has been sent in.
public struct IntakeScope: Sendable, Hashable {
    public var assessorID: UUID
    public var zoneID: UUID
    public var unitID: UUID?
    public var submitted: Bool

    public init(assessorID: UUID, zoneID: UUID, unitID: UUID?, submitted: Bool) {
        self.assessorID = assessorID
        self.zoneID = zoneID
        self.unitID = unitID
        self.submitted = submitted
    }
}

/// What is done with an intake assessment.
public enum IntakeAction: Sendable, Hashable {
    /// Read it (its answers are health data of someone not yet a recipient).
    case read
    /// Change a draft, or send it in.
    case edit
    /// Mark it processed (the allocation office or the zone's leaders).
    case process
}

/// Who may see an intake assessment (R17). It is not part of any recipient's record yet, so the
/// recipient policy does not apply: a draft is its author's alone; once sent in, those who decide
/// on it read it — the allocation office, the zone's department leaders and the unit's leader.
/// Colleagues, the alarm centre and administrators never do, and there is no break-the-glass: a
/// person who is not yet a recipient is not being cared for by anyone.
public enum IntakeAccess {
    /// The roles that carry out intake assessments on site.
    public static let assessors: Set<StaffRole> = [.nurse, .departmentLeader, .unitLeader, .allocationOfficer]

    public static func mayCreate(_ role: StaffRole) -> Bool { assessors.contains(role) }

    /// The basis for the action, or nil when it is not allowed.
    public static func decide(_ subject: AccessSubject, intake: IntakeScope, action: IntakeAction) -> AccessBasis? {
        if subject.role == .admin { return nil }
        if subject.staffID == intake.assessorID {
            switch action {
            case .read: return .author
            case .edit: return intake.submitted ? nil : .author
            case .process: break  // a leader may still process what they wrote, below
            }
        }
        guard intake.submitted, action != .edit else { return nil }
        switch subject.role {
        case .allocationOfficer: return .allocation
        case .departmentLeader: return subject.zoneIDs.contains(intake.zoneID) ? .ownZone : nil
        case .unitLeader: return intake.unitID != nil && subject.unitID == intake.unitID ? .unit : nil
        case .nurse, .careWorker, .assistant, .substitute, .alarmOperator, .admin: return nil
        }
    }
}
