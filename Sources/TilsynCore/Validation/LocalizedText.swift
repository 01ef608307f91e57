/// A user-facing text in the two languages Tilsyn speaks: Norwegian bokmål (default) and English.
///
/// The domain has no I/O, so it cannot read the server's language catalogues; rule messages carry
/// both languages and the edge (HTTP, CLI) picks one.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// Norwegian bokmål.
    public var nb: String
    /// English.
    public var en: String

    /// Creates a text from its two translations.
    public init(nb: String, en: String) {
        self.nb = nb
        self.en = en
    }

    /// The text in `language` ("nb" or "en"); bokmål for anything else.
    public func text(in language: String) -> String {
        language.lowercased().hasPrefix("en") ? en : nb
    }
}
