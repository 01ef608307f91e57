import Foundation

/// The one rule for where the server may send a browser: a path on this site. Every redirect the
/// server answers goes through it (`ResponseHeaderGuard` refuses a `Location` that does not), and
/// every `next` a page or form carries is read with `sameSitePath(_:)`.
///
/// A target is a same-site path when it starts with exactly one `/` (not `//` or `/\`, which
/// browsers read as another host), carries no backslash, no whitespace and no control characters
/// (CR and LF would end the header it is written into; a tab is dropped by browsers, so `/\t/evil`
/// becomes `//evil`), and none of this appears either after percent-decoding, however often the
/// text was encoded.
enum RedirectTarget {
    /// The longest target accepted; a longer one is refused rather than cut.
    static let maximumLength = 2048

    /// `candidate` when it is a same-site path, otherwise `fallback`.
    static func sameSitePath(_ candidate: String?, fallback: String = "/") -> String {
        guard let candidate, isSameSitePath(candidate) else { return fallback }
        return candidate
    }

    /// Whether `candidate` is a same-site path (see the type's description).
    static func isSameSitePath(_ candidate: String) -> Bool {
        guard candidate.utf8.count <= maximumLength else { return false }
        var text = candidate
        // Decode until nothing changes (at most a few rounds), checking every form on the way: a
        // browser or proxy may decode once more than we do.
        for _ in 0..<4 {
            guard isPlainPath(text) else { return false }
            guard let decoded = text.removingPercentEncoding else {
                // Malformed escapes (a lone `%`) are refused: nothing legitimate writes them.
                return !text.contains("%")
            }
            if decoded == text { return true }
            text = decoded
        }
        return false
    }

    private static func isPlainPath(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") || bytes[1] == UInt8(ascii: "\\") { return false }
        for byte in bytes {
            // Controls (CR, LF, tab, NUL…), space, DEL and the backslash.
            if byte < 0x21 || byte == 0x7F || byte == UInt8(ascii: "\\") { return false }
        }
        // Unicode whitespace and format characters (a no-break space, a right-to-left mark).
        for scalar in text.unicodeScalars where scalar.value > 0x7F {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .control
            {
                return false
            }
        }
        return true
    }
}
