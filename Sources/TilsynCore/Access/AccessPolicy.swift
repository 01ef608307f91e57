import Foundation

/// The parts of a recipient's record that access is decided for separately.
public enum RecordPart: String, Sendable, Hashable, Codable, CaseIterable {
    /// Name, national id, address, key safe, contacts: what anyone on a visit needs.
    case keyFacts
    /// Vedtak: services granted and hours.
    case decisions
    /// Tiltaksplan: measures, instructions, and the visits they give.
    case carePlan
    /// Reports and observations from visits (later issues).
    case reports
    /// Kartlegging: the intake assessment of someone who is not (yet) a recipient (R17).
    case intake
}

/// Who is asking, as far as access is concerned.
public struct AccessSubject: Sendable, Hashable {
    /// The role of the signed-in staff member.
    public var role: StaffRole
    /// The staff member.
    public var staffID: UUID
    /// The zone(s) the person works in today: the home zone, and any zone they are lent to.
    public var zoneIDs: Set<UUID>
    /// The unit of the home zone (unit leaders and alarm operators see the whole unit).
    public var unitID: UUID?
    /// Recipients on the person's own work list today (also in another zone).
    public var workListRecipientIDs: Set<UUID>

    /// Creates a subject.
    public init(role: StaffRole, staffID: UUID, zoneIDs: Set<UUID>, unitID: UUID?, workListRecipientIDs: Set<UUID>) {
        self.role = role
        self.staffID = staffID
        self.zoneIDs = zoneIDs
        self.unitID = unitID
        self.workListRecipientIDs = workListRecipientIDs
    }
}

/// Where a recipient belongs, as far as access is concerned.
public struct RecipientScope: Sendable, Hashable {
    /// The recipient.
    public var recipientID: UUID
    /// Their zone.
    public var zoneID: UUID
    /// The unit of that zone.
    public var unitID: UUID

    /// Creates a scope.
    public init(recipientID: UUID, zoneID: UUID, unitID: UUID) {
        self.recipientID = recipientID
        self.zoneID = zoneID
        self.unitID = unitID
    }
}

/// Why access was given; stored with every audit event.
public enum AccessBasis: String, Sendable, Hashable, Codable {
    /// The recipient belongs to a zone the person works in.
    case ownZone
    /// The recipient is on the person's work list today.
    case workList
    /// A unit leader's unit.
    case unit
    /// The allocation office's duty: decisions of every recipient.
    case allocation
    /// The alarm centre's duty: key facts and care plans of the unit's recipients.
    case alarmCentre
    /// Break the glass: a stated reason, time-limited, flagged.
    case emergency
    /// The person wrote it (an intake assessment).
    case author
}

/// The answer to "may this person see this part of this record?".
public enum AccessDecision: Sendable, Hashable {
    case allowed(AccessBasis)
    /// Denied; `emergencyPossible` says whether breaking the glass with a reason would open it.
    case denied(emergencyPossible: Bool)

    /// Whether access is given.
    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }
}

/// Access on need (R61): staff see their own zone(s) and today's work list, leaders their zone or
/// unit, the allocation officer decisions, the admin no health data; anyone else who may treat
/// patients gets in only by breaking the glass with a reason.
public enum AccessPolicy {
    /// Decides access to `part` of a recipient's record; `hasEmergencyGrant` is an active,
    /// unexpired break-the-glass grant of this person for this recipient.
    public static func decide(
        _ subject: AccessSubject, recipient: RecipientScope, part: RecordPart, hasEmergencyGrant: Bool
    ) -> AccessDecision {
        if subject.role == .admin { return .denied(emergencyPossible: false) }
        if let basis = regularBasis(subject, recipient: recipient, part: part) { return .allowed(basis) }
        if subject.role == .allocationOfficer, part != .decisions, part != .keyFacts {
            // The allocation office decides services; it never reads reports or care, even in an emergency.
            return .denied(emergencyPossible: false)
        }
        return hasEmergencyGrant ? .allowed(.emergency) : .denied(emergencyPossible: true)
    }

    private static func regularBasis(
        _ subject: AccessSubject, recipient: RecipientScope, part: RecordPart
    )
        -> AccessBasis?
    {
        switch subject.role {
        case .nurse, .careWorker, .assistant, .substitute, .departmentLeader:
            if subject.zoneIDs.contains(recipient.zoneID) { return .ownZone }
            if subject.workListRecipientIDs.contains(recipient.recipientID) { return .workList }
            return nil
        case .unitLeader:
            return subject.unitID == recipient.unitID ? .unit : nil
        case .alarmOperator:
            guard subject.unitID == recipient.unitID, part == .keyFacts || part == .carePlan else { return nil }
            return .alarmCentre
        case .allocationOfficer:
            return part == .decisions || part == .keyFacts ? .allocation : nil
        case .admin:
            return nil
        }
    }
}
