import Foundation
import Logging
import NIOCore
import NIOPosix
import SCAIP
import Vapor

/// The SIP listener on UDP and TCP (same port), started with the HTTP server. Each message is
/// handled in its own task by `SIPAlarmCentre`; a message that cannot be read gets 400 (or 513 when
/// too large) where it can be answered at all, and a log line; the listener never stops for it.
final class SIPListener: LifecycleHandler, @unchecked Sendable {
    let host: String
    let port: Int
    private var channels: [any Channel] = []
    private var centre: SIPAlarmCentre?

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The ports actually bound (UDP first), for tests that ask for port 0.
    private(set) var boundPorts: [Int] = []

    func didBootAsync(_ application: Application) async throws {
        let settings = application.tilsyn.alarms
        let logger = Logger(label: "tilsyn.sip")
        let group = application.eventLoopGroup
        let udp: any Channel
        do {
            udp = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
        } catch {
            throw SIPListenerError(host: host, port: port, underlying: String(describing: error))
        }
        let boundPort = udp.localAddress?.port ?? port
        let centre = SIPAlarmCentre(
            database: application.db, settings: settings, logger: logger,
            host: host == "0.0.0.0" ? "127.0.0.1" : host, port: boundPort)
        self.centre = centre
        try await udp.pipeline.addHandler(SIPDatagramHandler(centre: centre, logger: logger)).get()
        let tcp = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.addHandler(SIPStreamHandler(centre: centre, logger: logger))
            }
            .bind(host: host, port: boundPort).get()
        channels = [udp, tcp]
        application.alarmCentre = centre
        let intake = AlarmIntake(database: application.db, settings: settings)
        sweep = Task {
            var tick = 0
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                await centre.escalateOverdue()
                tick += 1
                if tick % 5 == 0 {
                    do {
                        _ = try await AlarmDispatch(
                            database: application.db, answerSeconds: settings.dispatchAnswerSeconds
                        )
                        .sweepUnanswered(now: Date(), timeZone: application.tilsyn.timeZone)
                    } catch {
                        logger.error("Dispatch sweep failed", metadata: ["error": "\(String(reflecting: error))"])
                    }
                }
                // Heartbeats are minutes apart: looking every 30 s is plenty.
                if tick % 30 == 0 {
                    do { _ = try await intake.superviseHeartbeats() } catch {
                        logger.error(
                            "Heartbeat supervision failed", metadata: ["error": "\(String(reflecting: error))"])
                    }
                }
            }
        }
        boundPorts = [boundPort, tcp.localAddress?.port ?? boundPort]
        application.logger.notice("SIP alarm receiver listening on \(host):\(boundPort) (UDP and TCP)")
    }

    private var sweep: Task<Void, Never>?

    func shutdownAsync(_ application: Application) async {
        sweep?.cancel()
        for channel in channels { try? await channel.close().get() }
        channels = []
    }
}

/// The SIP port could not be opened: say which, and how to choose another.
struct SIPListenerError: Error, CustomStringConvertible {
    var host: String
    var port: Int
    var underlying: String
    var description: String {
        "The alarm receiver cannot listen on \(host):\(port) (\(underlying)). Choose another port with "
            + "--sip-port, or --sip-port 0 to run without it."
    }
}

extension Application {
    private struct AlarmCentreKey: StorageKey {
        typealias Value = SIPAlarmCentre
    }

    /// The running SIP side of the alarm centre, when `tilsyn serve` has a SIP port.
    var alarmCentre: SIPAlarmCentre? {
        get { storage[AlarmCentreKey.self] }
        set { storage[AlarmCentreKey.self] = newValue }
    }
}

/// UDP: one datagram, one message.
final class SIPDatagramHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    let centre: SIPAlarmCentre
    let logger: Logger

    init(centre: SIPAlarmCentre, logger: Logger) {
        self.centre = centre
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = Array(envelope.data.readableBytesView)
        let channel = context.channel
        let send: @Sendable ([UInt8], SocketAddress) -> Void = { bytes, address in
            channel.writeAndFlush(
                AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: bytes)), promise: nil)
        }
        let peer = SIPPeer(transport: .udp, address: envelope.remoteAddress, send: send)
        // Keep-alives (a bare CRLF) need no answer.
        guard bytes.contains(where: { $0 != 0x0D && $0 != 0x0A }) else { return }
        let message: SIPMessage
        do {
            message = try SIPParser.parse(datagram: bytes)
        } catch {
            logger.notice(
                "SIP datagram refused", metadata: ["from": "\(envelope.remoteAddress)", "reason": "\(error)"])
            if let partial = SIPParser.answerableHead(bytes) {
                let status = error.status
                send(partial.response(status.code, status.reason).serialized(), envelope.remoteAddress)
            }
            return
        }
        let centre = centre
        Task { await centre.handle(message, from: peer) }
    }
}

/// TCP: messages framed by Content-Length; a framing error closes the connection after a 400.
final class SIPStreamHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let centre: SIPAlarmCentre
    let logger: Logger
    private var framer = SIPStreamFramer()

    init(centre: SIPAlarmCentre, logger: Logger) {
        self.centre = centre
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        framer.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
        let channel = context.channel
        guard let address = channel.remoteAddress else { return }
        let send: @Sendable ([UInt8], SocketAddress) -> Void = { bytes, _ in
            channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
        }
        let peer = SIPPeer(transport: .tcp, address: address, send: send)
        do {
            while let message = try framer.next() {
                let centre = centre
                Task { await centre.handle(message, from: peer) }
            }
        } catch {
            logger.notice("SIP stream refused", metadata: ["from": "\(address)", "reason": "\(error)"])
            let status = error.status
            let text = "SIP/2.0 \(status.code) \(status.reason)\r\nContent-Length: 0\r\n\r\n"
            channel.writeAndFlush(ByteBuffer(string: text)).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
