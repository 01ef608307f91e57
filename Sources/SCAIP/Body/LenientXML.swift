/// A small XML reader for SCAIP bodies, lenient where devices are sloppy: no declaration needed,
/// namespace prefixes and attributes ignored, comments and processing instructions skipped, any
/// whitespace around text. It reads elements and their text only — all SCAIP needs — and refuses
/// what is not well-formed (unclosed or crossed tags), with the offset of the fault.
struct XMLNode: Sendable, Hashable {
    var name: String
    var text: String
    var children: [XMLNode]
}

/// Why a body is not readable XML.
public struct XMLReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "XML at byte \(offset): \(reason)" }
}

struct LenientXMLReader {
    /// Deeper nesting than any SCAIP body has; a limit keeps hostile input from exhausting the stack.
    static let maxDepth = 16

    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The document's root element.
    static func read(_ bytes: [UInt8]) throws(XMLReadError) -> XMLNode {
        var reader = LenientXMLReader(bytes)
        reader.skipMisc()
        guard reader.peek == UInt8(ascii: "<") else { throw reader.fail("expected an element") }
        let root = try reader.element(depth: 0)
        reader.skipMisc()
        guard reader.index == bytes.count else { throw reader.fail("text after the root element") }
        return root
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func fail(_ reason: String) -> XMLReadError { XMLReadError(offset: index, reason: reason) }

    private func starts(with text: String) -> Bool {
        let pattern = Array(text.utf8)
        return bytes.count - index >= pattern.count && Array(bytes[index..<(index + pattern.count)]) == pattern
    }

    /// Skips whitespace, comments, processing instructions and declarations between elements.
    private mutating func skipMisc() {
        while let byte = peek {
            if Self.isSpace(byte) {
                index += 1
            } else if starts(with: "<?") {
                skip(past: "?>")
            } else if starts(with: "<!--") {
                skip(past: "-->")
            } else if starts(with: "<!") && !starts(with: "<![CDATA[") {
                skip(past: ">")
            } else {
                return
            }
        }
    }

    private mutating func skip(past end: String) {
        let pattern = Array(end.utf8)
        while index < bytes.count {
            if starts(with: end) {
                index += pattern.count
                return
            }
            index += 1
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        !isSpace(byte) && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "<")
            && byte != UInt8(ascii: "=")
    }

    /// The local name (namespace prefix dropped).
    private mutating func readName() throws(XMLReadError) -> String {
        let start = index
        while let byte = peek, Self.isNameByte(byte) { index += 1 }
        guard index > start else { throw fail("expected a name") }
        let full = String(decoding: bytes[start..<index], as: UTF8.self)
        return full.split(separator: ":").last.map(String.init) ?? full
    }

    /// An element at `<`: its name, text and children.
    private mutating func element(depth: Int) throws(XMLReadError) -> XMLNode {
        guard depth < Self.maxDepth else { throw fail("nested too deep") }
        index += 1  // "<"
        let name = try readName()
        // Attributes are skipped, quoted values included (they may hold ">").
        while true {
            guard let byte = peek else { throw fail("unclosed tag <\(name)>") }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                index += 1
                while let inner = peek, inner != byte { index += 1 }
                guard peek != nil else { throw fail("unclosed quote in <\(name)>") }
                index += 1
            } else if byte == UInt8(ascii: "/") {
                index += 1
                guard peek == UInt8(ascii: ">") else { throw fail("expected > after / in <\(name)>") }
                index += 1
                return XMLNode(name: name, text: "", children: [])
            } else if byte == UInt8(ascii: ">") {
                index += 1
                break
            } else if byte == UInt8(ascii: "<") {
                throw fail("unclosed tag <\(name)>")
            } else {
                index += 1
            }
        }
        var text: [UInt8] = []
        var children: [XMLNode] = []
        while true {
            guard let byte = peek else { throw fail("missing </\(name)>") }
            if starts(with: "<!--") {
                skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                index += 9
                let start = index
                skip(past: "]]>")
                text += bytes[start..<max(start, index - 3)]
            } else if starts(with: "<?") {
                skip(past: "?>")
            } else if starts(with: "</") {
                index += 2
                let closing = try readName()
                while let space = peek, Self.isSpace(space) { index += 1 }
                guard peek == UInt8(ascii: ">") else { throw fail("expected > in </\(closing)>") }
                index += 1
                guard closing == name else { throw fail("</\(closing)> closes <\(name)>") }
                return XMLNode(name: name, text: try Self.decodeEntities(text, at: index), children: children)
            } else if byte == UInt8(ascii: "<") {
                children.append(try element(depth: depth + 1))
            } else {
                text.append(byte)
                index += 1
            }
        }
    }

    private static let entities: [String: String] = ["lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'"]

    /// Text with its entity references replaced, trimmed of surrounding whitespace.
    private static func decodeEntities(_ raw: [UInt8], at offset: Int) throws(XMLReadError) -> String {
        let text = String(decoding: raw, as: UTF8.self)
        guard text.contains("&") else { return text.trimmingXMLSpace() }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else {
                throw XMLReadError(offset: offset, reason: "unfinished entity")
            }
            let entity = String(rest[rest.index(after: amp)..<semicolon])
            if let known = entities[entity] {
                result += known
            } else if entity.hasPrefix("#x"), let code = UInt32(entity.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                result.unicodeScalars.append(scalar)
            } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                result.unicodeScalars.append(scalar)
            } else {
                throw XMLReadError(offset: offset, reason: "unknown entity &\(entity);")
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        result += rest
        return result.trimmingXMLSpace()
    }

    /// Text made safe for element content.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            default: result.append(character)
            }
        }
        return result
    }
}

extension String {
    func trimmingXMLSpace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
