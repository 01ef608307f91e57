/// The kind of actor around a recipient (R60).
public enum ContactKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Pårørende.
    case relative
    /// Fastlege.
    case generalPractitioner
    /// Saksbehandler i tildelingskontoret.
    case caseWorker
    /// Vaktmester.
    case caretaker
    /// Hjelpemiddelsentral.
    case assistiveDevicesCentre
    /// Nattjeneste.
    case nightService
    /// Annet.
    case other

    /// Name for people.
    public var displayName: LocalizedText {
        switch self {
        case .relative: LocalizedText(nb: "Pårørende", en: "Relative")
        case .generalPractitioner: LocalizedText(nb: "Fastlege", en: "General practitioner")
        case .caseWorker: LocalizedText(nb: "Saksbehandler", en: "Case worker")
        case .caretaker: LocalizedText(nb: "Vaktmester", en: "Caretaker")
        case .assistiveDevicesCentre: LocalizedText(nb: "Hjelpemiddelsentral", en: "Assistive devices centre")
        case .nightService: LocalizedText(nb: "Nattjeneste", en: "Night service")
        case .other: LocalizedText(nb: "Annet", en: "Other")
        }
    }
}

/// A person or service to call about a recipient.
public struct Contact: Sendable, Hashable, Codable {
    /// What the contact is to the recipient.
    public var kind: ContactKind
    /// Name of the person or service.
    public var name: String
    /// Phone number as written.
    public var phone: String
    /// E.g. "datter", "ring etter kl. 16".
    public var note: String

    /// Creates a contact.
    public init(kind: ContactKind, name: String, phone: String, note: String = "") {
        self.kind = kind
        self.name = name
        self.phone = phone
        self.note = note
    }
}
