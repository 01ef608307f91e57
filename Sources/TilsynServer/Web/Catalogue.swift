import Foundation
import Vapor

/// The user-interface texts, one JSON file per language in `Resources/Localization/`, so templates
/// hold no text of their own and a translator edits one file.
struct Catalogue: Sendable {
    static let languages = ["nb", "en"]

    /// Texts by language, then by key.
    let texts: [String: [String: String]]

    /// Reads `nb.json` and `en.json` from `directory`.
    init(directory: String) throws {
        var texts: [String: [String: String]] = [:]
        for language in Self.languages {
            let url = URL(fileURLWithPath: directory).appendingPathComponent("\(language).json")
            let data = try Data(contentsOf: url)
            texts[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        self.texts = texts
    }

    /// All texts of `language`, falling back to bokmål.
    func texts(for language: String) -> [String: String] { texts[language] ?? texts["nb"] ?? [:] }
}

extension Application {
    private struct CatalogueKey: StorageKey {
        typealias Value = Catalogue
    }

    /// The language catalogue loaded at start.
    var catalogue: Catalogue {
        get {
            guard let catalogue = storage[CatalogueKey.self] else { fatalError("catalogue not loaded in configure()") }
            return catalogue
        }
        set { storage[CatalogueKey.self] = newValue }
    }
}
