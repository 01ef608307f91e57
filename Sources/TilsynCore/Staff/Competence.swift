/// A skill a visit may require and a staff member may hold.
///
/// Medication, injections and wound care are nurse tasks (R3); assistants get only what they are
/// trained for.
public enum Competence: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Personlig stell: washing, dressing, toileting.
    case personalCare
    /// Praktisk bistand: cleaning, shopping, meals.
    case practicalHelp
    /// Legemiddelhåndtering: giving medication.
    case medication
    /// Injeksjoner, e.g. insulin.
    case injection
    /// Sårstell: wound care.
    case woundCare
    /// Stell av stomi og kateter.
    case stomaAndCatheter
    /// Palliativ omsorg: end-of-life care.
    case palliativeCare

    /// Name for people.
    public var displayName: LocalizedText {
        switch self {
        case .personalCare: LocalizedText(nb: "Personlig stell", en: "Personal care")
        case .practicalHelp: LocalizedText(nb: "Praktisk bistand", en: "Practical help")
        case .medication: LocalizedText(nb: "Legemiddelhåndtering", en: "Medication")
        case .injection: LocalizedText(nb: "Injeksjoner", en: "Injections")
        case .woundCare: LocalizedText(nb: "Sårstell", en: "Wound care")
        case .stomaAndCatheter: LocalizedText(nb: "Stomi og kateter", en: "Stoma and catheter")
        case .palliativeCare: LocalizedText(nb: "Palliativ omsorg", en: "Palliative care")
        }
    }

    /// Competences only a registered nurse may hold.
    public static let nurseOnly: Set<Competence> = [.medication, .injection, .woundCare, .palliativeCare]

    public static func < (lhs: Competence, rhs: Competence) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
