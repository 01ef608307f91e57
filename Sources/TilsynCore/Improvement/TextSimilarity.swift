import Foundation

/// A simple text similarity for linking a new idea to earlier evaluations that resemble it: cosine
/// of word counts, with short and very common Norwegian words left out. Enough to find "the last
/// time we tried something like this".
public enum TextSimilarity {
    static let stopWords: Set<String> = [
        "og", "i", "på", "til", "av", "for", "med", "som", "er", "det", "en", "et", "at", "de", "den", "har",
        "vi", "kan", "ikke", "om", "fra", "så", "å", "blir", "ble", "skal", "må", "eller", "men", "når", "ved",
        "the", "and", "of", "to", "in", "is", "a", "for", "on", "with",
    ]

    /// Lower-cased words of at least three letters, without stop words; a crude stem cuts common endings.
    public static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
            .filter { $0.count >= 3 && !stopWords.contains($0) }
            .map(stem)
    }

    /// Cosine similarity of two texts, 0…1.
    public static func similarity(_ first: String, _ second: String) -> Double {
        let a = Dictionary(words(first).map { ($0, 1.0) }, uniquingKeysWith: +)
        let b = Dictionary(words(second).map { ($0, 1.0) }, uniquingKeysWith: +)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let dot = a.reduce(0) { $0 + $1.value * (b[$1.key] ?? 0) }
        let norm = sqrt(a.values.reduce(0) { $0 + $1 * $1 }) * sqrt(b.values.reduce(0) { $0 + $1 * $1 })
        return dot / norm
    }

    static func stem(_ word: String) -> String {
        for ending in ["ene", "ane", "ene", "er", "en", "et", "ar", "e"] where word.count > ending.count + 3 {
            if word.hasSuffix(ending) { return String(word.dropLast(ending.count)) }
        }
        return word
    }
}

/// Ideas hold no health data. This warns when a text looks like it holds a national identity
/// number or the name of a recipient.
public enum SensitiveTextCheck {
    /// The warnings for `text`; `recipientNames` are full names ("Kari Hansen") to look for.
    public static func warnings(in text: String, recipientNames: [String]) -> [LocalizedText] {
        var found: [LocalizedText] = []
        let digitRuns = text.split { !$0.isNumber }.filter { $0.count == 11 }
        if !digitRuns.isEmpty || text.range(of: #"\b\d{6}\s\d{5}\b"#, options: .regularExpression) != nil {
            found.append(
                LocalizedText(
                    nb:
                        "Teksten ser ut til å inneholde et fødselsnummer. Forslag skal ikke inneholde helseopplysninger.",
                    en: "The text seems to contain a national identity number. Ideas must not contain health data."))
        }
        let lowered = text.lowercased()
        if recipientNames.contains(where: { !$0.isEmpty && lowered.contains($0.lowercased()) }) {
            found.append(
                LocalizedText(
                    nb: "Teksten ser ut til å nevne en tjenestemottaker ved navn. Skriv om uten navn.",
                    en: "The text seems to name a care recipient. Rewrite it without the name."))
        }
        return found
    }
}
