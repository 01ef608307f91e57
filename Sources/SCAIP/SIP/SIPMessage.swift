/// One SIP header line: its name in canonical form (compact forms expanded) and its value.
public struct SIPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = SIPHeader.canonicalName(name)
        self.value = value
    }

    /// RFC 3261 compact forms, and the usual spelling of the headers SCAIP meets.
    static let compactForms: [String: String] = [
        "v": "Via", "f": "From", "t": "To", "i": "Call-ID", "m": "Contact", "l": "Content-Length",
        "c": "Content-Type", "e": "Content-Encoding", "k": "Supported", "s": "Subject",
    ]
    static let canonical: [String: String] = Dictionary(
        uniqueKeysWithValues: [
            "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Content-Length", "Content-Type", "Content-Encoding",
            "Max-Forwards", "Expires", "User-Agent", "Server", "Allow", "Supported", "Subject", "Authorization",
            "WWW-Authenticate", "Proxy-Authenticate", "Proxy-Authorization", "Date", "Accept", "Route", "Record-Route",
        ].map { ($0.lowercased(), $0) })

    static func canonicalName(_ name: String) -> String {
        let lower = name.lowercased()
        if let long = compactForms[lower] { return long }
        return canonical[lower] ?? name
    }
}

/// What starts a SIP message.
public enum SIPStartLine: Sendable, Hashable {
    case request(method: String, uri: String)
    case response(code: Int, reason: String)
}

/// A SIP request or response: start line, headers in order, body.
public struct SIPMessage: Sendable, Hashable {
    public var startLine: SIPStartLine
    public var headers: [SIPHeader]
    public var body: [UInt8]

    public init(_ startLine: SIPStartLine, headers: [SIPHeader], body: [UInt8] = []) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    public var method: String? {
        if case .request(let method, _) = startLine { return method }
        return nil
    }

    public var statusCode: Int? {
        if case .response(let code, _) = startLine { return code }
        return nil
    }

    /// The first value of a header (any spelling, compact or long).
    public func value(_ name: String) -> String? {
        let wanted = SIPHeader.canonicalName(name)
        return headers.first { $0.name.caseInsensitiveEquals(wanted) }?.value
    }

    /// Every value of a header, in order, comma-separated lists split (outside quotes and <>).
    public func values(_ name: String) -> [String] {
        let wanted = SIPHeader.canonicalName(name)
        return headers.filter { $0.name.caseInsensitiveEquals(wanted) }.flatMap { splitList($0.value) }
    }

    public var callID: String? { value("Call-ID") }

    /// The CSeq number and method.
    public var sequence: (number: UInt32, method: String)? {
        guard let parts = value("CSeq")?.split(separator: " ", omittingEmptySubsequences: true), parts.count == 2,
            let number = UInt32(parts[0])
        else { return nil }
        return (number, String(parts[1]))
    }

    /// The address-of-record of From or To: the URI without display name and parameters. The `<`
    /// that opens the URI is the first one outside a quoted display name, so a display name such as
    /// `"<script>"` is never taken for the address.
    public static func addressOfRecord(_ value: String) -> String {
        var quoted = false
        var escaped = false
        for index in value.indices {
            let character = value[index]
            if escaped {
                escaped = false
            } else if quoted, character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if !quoted, character == "<" {
                guard let close = value[index...].firstIndex(of: ">") else { break }
                return String(value[value.index(after: index)..<close])
            }
        }
        if value.contains("<") || value.contains("\"") { return "" }
        return String(value.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: " ")
    }

    /// Whether `uri` may stand as the URI of a request the centre sends: a `sip:`, `sips:` or `tel:`
    /// URI of visible ASCII without spaces, quotes or angle brackets.
    public static func isSendableURI(_ uri: String) -> Bool {
        let lower = uri.lowercased()
        guard lower.hasPrefix("sip:") || lower.hasPrefix("sips:") || lower.hasPrefix("tel:"), uri.utf8.count <= 512
        else { return false }
        return uri.utf8.allSatisfy {
            $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"")
        }
    }

    /// A parameter of a header value (`tag` of From/To, `branch` of Via), outside the URI's <>.
    public static func parameter(_ name: String, in value: String) -> String? {
        let afterURI = value.lastIndex(of: ">").map { value[value.index(after: $0)...] } ?? Substring(value)
        for part in afterURI.split(separator: ";").dropFirst(afterURI.hasPrefix(";") ? 0 : 1) {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.first?.trimmingCharacters(in: " ").lowercased() == name.lowercased() {
                return pair.count == 2 ? pair[1].trimmingCharacters(in: " ") : ""
            }
        }
        return nil
    }

    /// The bytes to send: headers as held, Content-Length set to the body's length. No field can
    /// end its line early: a control character in the start line, a header name or a value (which
    /// the parser never lets in, but a value built from one could) is sent as a space.
    public func serialized() -> [UInt8] {
        var text: String
        switch startLine {
        case .request(let method, let uri): text = "\(Self.oneLine(method)) \(Self.oneLine(uri)) SIP/2.0\r\n"
        case .response(let code, let reason): text = "SIP/2.0 \(code) \(Self.oneLine(reason))\r\n"
        }
        for header in headers where !header.name.caseInsensitiveEquals("Content-Length") {
            text += "\(Self.oneLine(header.name)): \(Self.oneLine(header.value))\r\n"
        }
        text += "Content-Length: \(body.count)\r\n\r\n"
        return Array(text.utf8) + body
    }

    /// `text` with every control character but the tab made a space.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) else {
            return text
        }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F ? " " : $0 }))
    }

    /// A response to this request, copying what RFC 3261 §8.2.6 says to copy: every Via in order,
    /// From, To (with `toTag` added when it has none), Call-ID and CSeq.
    public func response(
        _ code: Int, _ reason: String, toTag: String? = nil, headers extra: [SIPHeader] = [], body: [UInt8] = []
    ) -> SIPMessage {
        var copied = headers.filter { $0.name == "Via" }
        if let from = value("From") { copied.append(SIPHeader("From", from)) }
        if var to = value("To") {
            if let toTag, Self.parameter("tag", in: to) == nil { to += ";tag=\(toTag)" }
            copied.append(SIPHeader("To", to))
        }
        if let callID { copied.append(SIPHeader("Call-ID", callID)) }
        if let sequence = value("CSeq") { copied.append(SIPHeader("CSeq", sequence)) }
        return SIPMessage(.response(code: code, reason: reason), headers: copied + extra, body: body)
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        count == other.count && lowercased() == other.lowercased()
    }
}

/// Splits a header value at commas that are not inside quotes or angle brackets.
func splitList(_ value: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var quoted = false
    var angle = false
    for character in value {
        switch character {
        case "\"": quoted.toggle()
        case "<" where !quoted: angle = true
        case ">" where !quoted: angle = false
        case "," where !quoted && !angle:
            parts.append(current.trimmingCharacters(in: " "))
            current = ""
            continue
        default: break
        }
        current.append(character)
    }
    let last = current.trimmingCharacters(in: " ")
    if !last.isEmpty || parts.isEmpty { parts.append(last) }
    return parts
}
