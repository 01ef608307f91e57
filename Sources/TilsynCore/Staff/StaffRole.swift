/// What a staff member does; decides defaults for competences and, later, access.
public enum StaffRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sykepleier.
    case nurse
    /// Helsefagarbeider.
    case careWorker
    /// Assistent.
    case assistant
    /// Vikar.
    case substitute
    /// Avdelingsleder.
    case departmentLeader
    /// Enhetsleder.
    case unitLeader
    /// Alarmoperatør.
    case alarmOperator
    /// Saksbehandler i tildelingskontoret.
    case allocationOfficer
    /// Systemadministrator.
    case admin

    /// Name for people.
    public var displayName: LocalizedText {
        switch self {
        case .nurse: LocalizedText(nb: "Sykepleier", en: "Nurse")
        case .careWorker: LocalizedText(nb: "Helsefagarbeider", en: "Care worker")
        case .assistant: LocalizedText(nb: "Assistent", en: "Assistant")
        case .substitute: LocalizedText(nb: "Vikar", en: "Substitute")
        case .departmentLeader: LocalizedText(nb: "Avdelingsleder", en: "Department leader")
        case .unitLeader: LocalizedText(nb: "Enhetsleder", en: "Unit leader")
        case .alarmOperator: LocalizedText(nb: "Alarmoperatør", en: "Alarm operator")
        case .allocationOfficer: LocalizedText(nb: "Saksbehandler, tildeling", en: "Allocation officer")
        case .admin: LocalizedText(nb: "Administrator", en: "Administrator")
        }
    }

    /// Whether the role makes home visits and so appears on work lists.
    public var makesVisits: Bool {
        switch self {
        case .nurse, .careWorker, .assistant, .substitute, .departmentLeader: true
        case .unitLeader, .alarmOperator, .allocationOfficer, .admin: false
        }
    }

    /// Whether the role may hold the nurse-only competences.
    public var isRegisteredNurse: Bool { self == .nurse || self == .departmentLeader }
}
