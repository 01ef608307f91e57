/// Why bytes are not a SIP message.
public enum SIPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooLarge(limit: Int)
    case badStartLine(String)
    case badHeader(line: Int, text: String)
    case badContentLength(String)
    case missingContentLength
    case bodyShorterThanContentLength(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .empty: "empty message"
        case .tooLarge(let limit): "message larger than \(limit) bytes"
        case .badStartLine(let line): "not a SIP request or status line: \(line.prefix(80))"
        case .badHeader(let line, let text): "header line \(line) is not 'Name: value': \(text.prefix(80))"
        case .badContentLength(let value): "Content-Length is not a number: \(value.prefix(20))"
        case .missingContentLength: "Content-Length is required over TCP"
        case .bodyShorterThanContentLength(let expected, let got):
            "body has \(got) bytes, Content-Length says \(expected)"
        }
    }

    /// The SIP status to answer with, when the start line was readable enough to answer at all.
    public var status: (code: Int, reason: String) {
        switch self {
        case .tooLarge: (513, "Message Too Large")
        default: (400, "Bad Request")
        }
    }
}

/// Reads SIP messages from UDP datagrams and from TCP byte streams.
public enum SIPParser {
    /// Larger than any SCAIP message (requests over 1300 bytes are split or sent over TCP).
    public static let defaultLimit = 16 * 1024

    /// One UDP datagram: one message. Without Content-Length the body is the rest of the datagram.
    public static func parse(datagram bytes: [UInt8], limit: Int = defaultLimit) throws(SIPParseError) -> SIPMessage {
        guard bytes.count <= limit else { throw .tooLarge(limit: limit) }
        guard let headEnd = headEnd(bytes) else {
            // No blank line: headers to the end, no body.
            return try head(bytes[...], body: [], requireLength: false)
        }
        var message = try head(bytes[..<headEnd.start], body: [], requireLength: false)
        let available = bytes.count - headEnd.bodyStart
        if let length = try contentLength(message) {
            guard available >= length else {
                throw .bodyShorterThanContentLength(expected: length, got: available)
            }
            message.body = Array(bytes[headEnd.bodyStart..<(headEnd.bodyStart + length)])
        } else {
            message.body = Array(bytes[headEnd.bodyStart...])
        }
        return message
    }

    /// The start line and headers of a request whose body or size is wrong, so that it can still
    /// be answered (400, 513); nil when not even those can be read.
    public static func answerableHead(_ bytes: [UInt8]) -> SIPMessage? {
        let head = Array(bytes.prefix(defaultLimit))
        let end = headEnd(head)?.start ?? head.count
        guard let message = try? self.head(head[..<end], body: [], requireLength: false), message.method != nil,
            message.callID != nil, message.value("CSeq") != nil
        else { return nil }
        return message
    }

    /// Where the header block ends (CRLFCRLF, or a lenient LFLF) and the body begins.
    static func headEnd(_ bytes: [UInt8]) -> (start: Int, bodyStart: Int)? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                    return (index > 0 && bytes[index - 1] == 0x0D ? index - 1 : index, index + 3)
                }
            }
            index += 1
        }
        return nil
    }

    static func contentLength(_ message: SIPMessage) throws(SIPParseError) -> Int? {
        guard let raw = message.value("Content-Length") else { return nil }
        // SIPp pads the value with spaces.
        let text = raw.trimmingCharacters(in: " ").trimmingCharacters(in: "\t")
        guard let length = Int(text), length >= 0, length <= 1 << 24 else { throw .badContentLength(raw) }
        return length
    }

    /// Start line and headers (folded lines joined).
    static func head(
        _ bytes: ArraySlice<UInt8>, body: [UInt8], requireLength: Bool
    ) throws(SIPParseError)
        -> SIPMessage
    {
        // Split as bytes: as Characters, "\r\n" is one grapheme and would not split at "\n".
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }  // keep-alive CRLFs before a message
        guard let first = lines.first else { throw .empty }
        let startLine = try parseStartLine(first)
        var headers: [SIPHeader] = []
        for (number, line) in lines.dropFirst().enumerated() where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: " ").trimmingCharacters(in: "\t")
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw .badHeader(line: number + 2, text: line) }
            let name = line[..<colon].trimmingCharacters(in: " ")
            guard !name.isEmpty, !name.contains(" ") else { throw .badHeader(line: number + 2, text: line) }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " ").trimmingCharacters(in: "\t")
            headers.append(SIPHeader(name, value))
        }
        return SIPMessage(startLine, headers: headers, body: body)
    }

    static func parseStartLine(_ line: String) throws(SIPParseError) -> SIPStartLine {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2 else { throw .badStartLine(line) }
        if parts[0].uppercased() == "SIP/2.0" {
            guard let code = Int(parts[1]), (100...699).contains(code) else { throw .badStartLine(line) }
            return .response(code: code, reason: parts.count == 3 ? String(parts[2]) : "")
        }
        guard parts.count == 3, parts[2].uppercased() == "SIP/2.0",
            parts[0].allSatisfy({ $0.isLetter && $0.isASCII })
        else { throw .badStartLine(line) }
        return .request(method: parts[0].uppercased(), uri: String(parts[1]))
    }
}

/// Frames SIP messages out of a TCP byte stream: each message ends Content-Length bytes after its
/// blank line (RFC 3261 §18.3), so Content-Length is required.
public struct SIPStreamFramer: Sendable {
    private var buffer: [UInt8] = []
    public let limit: Int

    public init(limit: Int = SIPParser.defaultLimit) { self.limit = limit }

    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    /// Bytes received but not yet framed.
    public var pendingByteCount: Int { buffer.count }

    /// The next whole message, nil when more bytes are needed. After an error the stream cannot be
    /// resynchronised and should be closed.
    public mutating func next() throws(SIPParseError) -> SIPMessage? {
        // Keep-alive CRLFs between messages (RFC 5626).
        while let first = buffer.first, first == 0x0D || first == 0x0A { buffer.removeFirst() }
        guard let headEnd = SIPParser.headEnd(buffer) else {
            if buffer.count > limit { throw .tooLarge(limit: limit) }
            return nil
        }
        var message = try SIPParser.head(buffer[..<headEnd.start], body: [], requireLength: true)
        guard let length = try SIPParser.contentLength(message) else { throw .missingContentLength }
        guard headEnd.bodyStart + length <= limit else { throw .tooLarge(limit: limit) }
        guard buffer.count >= headEnd.bodyStart + length else { return nil }
        message.body = Array(buffer[headEnd.bodyStart..<(headEnd.bodyStart + length)])
        buffer.removeFirst(headEnd.bodyStart + length)
        return message
    }
}
