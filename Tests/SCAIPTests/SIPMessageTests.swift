import Foundation
import Testing

@testable import SCAIP

@Suite struct SIPMessageTests {
    static let body = "<mrq><ref>77</ref><cid>4711001</cid><dty>0003</dty></mrq>"
    /// A device's MESSAGE as SIPp sends it: compact headers, a folded header line, Content-Length
    /// padded with spaces, two Via headers.
    static let message =
        "MESSAGE sip:centre@tilsyn.test SIP/2.0\r\n"
        + "v: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK-1;rport\r\n"
        + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-0\r\n"
        + "f: <sip:4711001@tilsyn.test>;tag=dev1\r\n"
        + "t: <sip:centre@tilsyn.test>\r\n"
        + "i: call-1@10.0.0.5\r\n"
        + "CSeq: 1 MESSAGE\r\n"
        + "Max-Forwards: 70\r\n"
        + "Subject: an alarm\r\n  from the pendant\r\n"
        + "c: application/scaip+xml\r\n"
        + "l:    \(body.utf8.count)\r\n\r\n" + body

    @Test func readsADatagramWithCompactFoldedAndPaddedHeaders() throws {
        let parsed = try SIPParser.parse(datagram: Array(Self.message.utf8))
        #expect(parsed.method == "MESSAGE")
        #expect(parsed.startLine == .request(method: "MESSAGE", uri: "sip:centre@tilsyn.test"))
        #expect(parsed.callID == "call-1@10.0.0.5")
        #expect(parsed.sequence?.number == 1 && parsed.sequence?.method == "MESSAGE")
        #expect(parsed.value("Content-Type") == "application/scaip+xml")
        #expect(parsed.value("subject") == "an alarm from the pendant")
        #expect(parsed.values("Via").count == 2)
        #expect(SIPMessage.addressOfRecord(parsed.value("From")!) == "sip:4711001@tilsyn.test")
        #expect(SIPMessage.parameter("tag", in: parsed.value("From")!) == "dev1")
        #expect(SIPMessage.parameter("branch", in: parsed.values("Via")[0]) == "z9hG4bK-1")
        #expect(String(decoding: parsed.body, as: UTF8.self) == Self.body)
    }

    @Test func theResponseCopiesViaFromToCallIDAndCSeqByteForByte() throws {
        let parsed = try SIPParser.parse(datagram: Array(Self.message.utf8))
        let response = parsed.response(200, "OK", toTag: "c1")
        let expected =
            "SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK-1;rport\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-0\r\n"
            + "From: <sip:4711001@tilsyn.test>;tag=dev1\r\n"
            + "To: <sip:centre@tilsyn.test>;tag=c1\r\n"
            + "Call-ID: call-1@10.0.0.5\r\n"
            + "CSeq: 1 MESSAGE\r\n"
            + "Content-Length: 0\r\n\r\n"
        #expect(String(decoding: response.serialized(), as: UTF8.self) == expected)
        #expect(try SIPParser.parse(datagram: response.serialized()).serialized() == response.serialized())
    }

    @Test func aBodyShorterThanContentLengthOrABadStartLineIsRefused() {
        let short = Self.message.replacingOccurrences(of: "l:    \(Self.body.utf8.count)", with: "l: 999")
        #expect(throws: SIPParseError.bodyShorterThanContentLength(expected: 999, got: Self.body.utf8.count)) {
            try SIPParser.parse(datagram: Array(short.utf8))
        }
        #expect(throws: SIPParseError.self) { try SIPParser.parse(datagram: Array("HELLO\r\n\r\n".utf8)) }
        #expect(throws: SIPParseError.self) {
            try SIPParser.parse(datagram: Array("MESSAGE sip:x SIP/2.0\r\nno colon here\r\n\r\n".utf8))
        }
        let big = [UInt8](repeating: 65, count: SIPParser.defaultLimit + 1)
        #expect(throws: SIPParseError.tooLarge(limit: SIPParser.defaultLimit)) { try SIPParser.parse(datagram: big) }
        #expect(SIPParseError.tooLarge(limit: 1).status.code == 513)
    }

    @Test func framesTCPStreamsByContentLength() throws {
        let bytes = Array(("\r\n" + Self.message + Self.message).utf8)
        var framer = SIPStreamFramer()
        var messages: [SIPMessage] = []
        // Fed in awkward pieces: 7 bytes at a time.
        for start in stride(from: 0, to: bytes.count, by: 7) {
            framer.append(bytes[start..<min(start + 7, bytes.count)])
            while let message = try framer.next() { messages.append(message) }
        }
        #expect(messages.count == 2)
        #expect(messages.allSatisfy { String(decoding: $0.body, as: UTF8.self) == Self.body })
        #expect(framer.pendingByteCount == 0)

        var withoutLength = SIPStreamFramer()
        withoutLength.append(Array("MESSAGE sip:x SIP/2.0\r\nCall-ID: 1\r\n\r\n".utf8))
        #expect(throws: SIPParseError.missingContentLength) { try withoutLength.next() }
    }

    @Test func digestAsInRFC2617() throws {
        // RFC 2617 §3.5's example.
        let header =
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
            + "uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
            + "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
        let credentials = try DigestAuthentication.credentials(header)
        #expect(DigestAuthentication.verify(credentials, password: "Circle Of Life", method: "GET"))
        #expect(!DigestAuthentication.verify(credentials, password: "circle of life", method: "GET"))
        #expect(!DigestAuthentication.verify(credentials, password: "Circle Of Life", method: "POST"))

        let device = DigestAuthentication.authorization(
            username: "4711001", password: "s3cret", realm: "tilsyn", nonce: "abc", uri: "sip:tilsyn.test",
            method: "REGISTER")
        let read = try DigestAuthentication.credentials(device)
        #expect(DigestAuthentication.verify(read, password: "s3cret", method: "REGISTER"))
        #expect(throws: DigestAuthentication.FormatError.self) {
            try DigestAuthentication.credentials("Basic dXNlcjpwYXNz")
        }
        #expect(throws: DigestAuthentication.FormatError.self) {
            try DigestAuthentication.credentials("Digest username=\"a\", realm=\"b\"")
        }
    }
}
