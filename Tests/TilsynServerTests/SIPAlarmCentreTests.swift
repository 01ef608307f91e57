import Fluent
import Foundation
import Logging
import NIOCore
import SCAIP
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct SIPAlarmCentreTests {
        /// What the centre sent, in order.
        final class Outbox: @unchecked Sendable {
            private let lock = NSLock()
            private var items: [SIPMessage] = []
            func add(_ bytes: [UInt8]) {
                lock.lock()
                defer { lock.unlock() }
                if let message = try? SIPParser.parse(datagram: bytes) { items.append(message) }
            }
            var messages: [SIPMessage] {
                lock.lock()
                defer { lock.unlock() }
                return items
            }
        }

        func message(branch: String, sequence: Int) -> SIPMessage {
            let body = Array("<mrq><ref>RT9</ref><cid>4711</cid><dty>3</dty><crd>no-voice:</crd></mrq>".utf8)
            return SIPMessage(
                .request(method: "MESSAGE", uri: "sip:centre@127.0.0.1"),
                headers: [
                    SIPHeader("Via", "SIP/2.0/UDP 127.0.0.1:5062;branch=\(branch)"),
                    SIPHeader("From", "<sip:4711@127.0.0.1:5062>;tag=d1"), SIPHeader("To", "<sip:centre@127.0.0.1>"),
                    SIPHeader("Call-ID", "c1@127.0.0.1"), SIPHeader("CSeq", "\(sequence) MESSAGE"),
                    SIPHeader("Content-Type", "application/scaip+xml"),
                ], body: body)
        }

        @Test func aRetransmissionGetsTheSameResponseAndNeverASecondEvent() async throws {
            try await withTilsyn { app in
                var settings = AlarmSettings()
                settings.acceptUnauthenticated = true
                let centre = SIPAlarmCentre(
                    database: app.db, settings: settings, logger: Logger(label: "test"), host: "127.0.0.1", port: 5060)
                let outbox = Outbox()
                let peer = SIPPeer(
                    transport: .tcp, address: try SocketAddress(ipAddress: "127.0.0.1", port: 5062),
                    send: { bytes, _ in outbox.add(bytes) })
                await centre.handle(message(branch: "z9hG4bK-a", sequence: 1), from: peer)
                await centre.handle(message(branch: "z9hG4bK-a", sequence: 1), from: peer)  // the same transaction
                let sent = outbox.messages
                let responses = sent.filter { $0.statusCode == 200 }
                let answers = sent.filter { $0.method == "MESSAGE" }
                #expect(responses.count == 2, "the retransmission hears the same 200 OK")
                #expect(responses[0].serialized() == responses[1].serialized(), "byte for byte, same To tag")
                #expect(answers.count == 1, "and the SCAIP answer is not sent twice")
                #expect(try SCAIPResponse.parse(answers[0].body).code == .handled)
                #expect(answers[0].callID == "c1@127.0.0.1", "the device's Call-ID, so SIPp can match it")
                #expect(try await AlarmEventModel.query(on: app.db).count() == 1)
                let event = try #require(try await AlarmEventModel.query(on: app.db).first())
                #expect(event.repeats == 0, "a SIP retransmission is not even a repeat of the session")

                // A new transaction with the same ref (the device's own re-send) is a repeat.
                await centre.handle(message(branch: "z9hG4bK-b", sequence: 2), from: peer)
                #expect(try await AlarmEventModel.query(on: app.db).first()?.repeats == 1)
                #expect(try await AlarmEventModel.query(on: app.db).count() == 1)
            }
        }
    }
}
