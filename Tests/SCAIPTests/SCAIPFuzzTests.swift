import Foundation
import Testing

@testable import SCAIP

/// A generative stand-in for a libFuzzer target: example messages mutated at random (bytes
/// flipped, cut, repeated, spliced) go through every reader, which must answer with a value or an
/// error and never crash; and generated requests survive writing and reading back unchanged.
/// Bounded by iterations and time so it fits the test command; `SCAIP_FUZZ_ITERATIONS` runs longer.
@Suite struct SCAIPFuzzTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [[UInt8]] = [
        Array(SIPMessageTests.message.utf8),
        Array("<mrq><ref>1</ref><cid>2</cid><dty>3</dty><lge><geo>1,2</geo></lge></mrq>".utf8),
        Array("<?xml version=\"1.0\"?><mrs><ref>A</ref><snu>4</snu></mrs>".utf8),
        Array(
            ("REGISTER sip:tilsyn SIP/2.0\r\nAuthorization: Digest username=\"a\", realm=\"b\", nonce=\"c\", "
                + "uri=\"d\", response=\"e\"\r\nContent-Length: 0\r\n\r\n").utf8),
    ]

    static func mutate(_ input: [UInt8], _ random: inout Generator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            case 1 where !bytes.isEmpty: bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)...)
            case 2:
                let interesting: [String] = [
                    "<", ">", "</", "&", "&#", ";", "\r\n", ":", "\"", "\0", "\u{FFFF}", "99999999999",
                ]
                bytes.insert(
                    contentsOf: Array(interesting.randomElement(using: &random)!.utf8),
                    at: Int.random(in: 0...bytes.count, using: &random))
            case 3 where bytes.count > 2:
                let start = Int.random(in: 0..<bytes.count, using: &random)
                let end = min(bytes.count, start + Int.random(in: 1...40, using: &random))
                bytes.insert(contentsOf: bytes[start..<end], at: Int.random(in: 0...bytes.count, using: &random))
            case 4:
                let other = seeds.randomElement(using: &random)!
                bytes =
                    Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
                    + other.suffix(Int.random(in: 0...other.count, using: &random))
            default: if !bytes.isEmpty { bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random)) }
            }
        }
        return bytes
    }

    @Test func mutatedInputNeverCrashesAReader() {
        let iterations = ProcessInfo.processInfo.environment["SCAIP_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 30_000
        let deadline = Date().addingTimeInterval(20)
        var random = Generator(state: 20261123)
        var accepted = 0
        for iteration in 0..<iterations {
            if iteration % 1000 == 0, Date() > deadline { break }
            let input = Self.mutate(Self.seeds.randomElement(using: &random)!, &random)
            if (try? SIPParser.parse(datagram: input)) != nil { accepted += 1 }
            _ = try? SCAIPRequest.parse(input)
            _ = try? SCAIPResponse.parse(input)
            _ = try? DigestAuthentication.credentials(String(decoding: input, as: UTF8.self))
            var framer = SIPStreamFramer(limit: 4096)
            framer.append(input)
            framer.append(input)
            while let message = try? framer.next() { _ = message.serialized() }
        }
        #expect(accepted > 0, "some mutations stay valid SIP, so the readers were really exercised")
    }

    @Test func generatedRequestsSurviveWritingAndReading() throws {
        var random = Generator(state: 7)
        let alphabet = Array("ABCxyz019")
        for _ in 0..<2000 {
            let reference = String(
                (0..<Int.random(in: 1...16, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            var request = SCAIPRequest(
                reference: reference, controllerID: String(UInt32.random(in: 0...UInt32.max, using: &random)),
                deviceType: Int.random(in: 0...999, using: &random),
                messageType: [.event, .heartbeat, .informationUpdate, .reset].randomElement(using: &random)!,
                statusCode: Bool.random(using: &random) ? Int.random(in: 0...125, using: &random) : nil)
            request.priority = Bool.random(using: &random) ? Int.random(in: 0...9, using: &random) : nil
            request.callbackRequested = Bool.random(using: &random)
            request.acceptsHeartbeatInterval = Bool.random(using: &random)
            request.voiceContacts =
                Bool.random(using: &random) ? ["no-voice:"] : ["sip:\(reference)@d", "gsm:+4712345678"]
            request.statusText = Bool.random(using: &random) ? "a < b & c" : nil
            request.locationCode = Bool.random(using: &random) ? Int.random(in: 1...43, using: &random) : nil
            request.geoLocation =
                Bool.random(using: &random)
                ? SCAIPGeoLocation(position: "69.1,18.2", time: "2026-11-23T07:00:00Z") : nil
            request.unknownElements = Bool.random(using: &random) ? [SCAIPUnknownElement(name: "vx", text: "1")] : []
            #expect(try SCAIPRequest.parse(request.serialized()) == request)
        }
    }
}
