/// What an improvement idea is about; the categories the second study found staff's ideas fall into (R50).
public enum IdeaCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case structure, leadership, training, toolsAndMethods, process

    /// Name for people.
    public var displayName: LocalizedText {
        switch self {
        case .structure: LocalizedText(nb: "Struktur", en: "Structure")
        case .leadership: LocalizedText(nb: "Ledelse", en: "Leadership")
        case .training: LocalizedText(nb: "Opplæring", en: "Training")
        case .toolsAndMethods: LocalizedText(nb: "Verktøy og metoder", en: "Tools and methods")
        case .process: LocalizedText(nb: "Prosess", en: "Process")
        }
    }
}

/// The municipality's values, RÅMAT, that can tag ideas and reflections (R53).
public enum MunicipalValue: String, Sendable, Hashable, Codable, CaseIterable {
    case respect, openness, courage, recognition, trust

    /// Name for people.
    public var displayName: LocalizedText {
        switch self {
        case .respect: LocalizedText(nb: "Respekt", en: "Respect")
        case .openness: LocalizedText(nb: "Åpenhet", en: "Openness")
        case .courage: LocalizedText(nb: "Mot", en: "Courage")
        case .recognition: LocalizedText(nb: "Anerkjennelse", en: "Recognition")
        case .trust: LocalizedText(nb: "Tillit", en: "Trust")
        }
    }
}
