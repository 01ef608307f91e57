import ArgumentParser
import Foundation
import TilsynServer

/// `tilsyn serve`: the web UI and JSON API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the server.")

    @OptionGroup var storage: StorageOptions

    @Flag(help: "Load the synthetic demo municipality if the database is empty (env TILSYN_DEMO=1).")
    var demo = false

    @Option(help: "Address to listen on (env TILSYN_HOSTNAME; default 127.0.0.1).")
    var hostname: String?

    @Option(help: "HTTP port (env TILSYN_PORT; default 8080).")
    var port: Int?

    @Option(name: .customLong("demo-seed"), help: "Seed of the demo municipality (default 2026).")
    var demoSeed: UInt64 = 2026

    @Option(help: "Seconds the planner may work when a leader plans a shift (default 3).")
    var planningSeconds: Double = 3

    @Option(help: "SIP port for safety alarms, UDP and TCP on the same address as HTTP (default 5060; 0 = off).")
    var sipPort: Int = 5060

    @Option(help: "Seconds a voice-capable alarm is held for an operator before it is answered without voice.")
    var alarmHoldSeconds: Double = 120

    @Option(help: "Seconds a staff member has to answer a dispatch before the next one is asked.")
    var dispatchAnswerSeconds: Double = 120

    @Flag(help: "Refuse alarm devices that do not authenticate, also with --demo (which accepts them, flagged).")
    var alarmRequireAuthentication = false

    @Option(
        name: .customLong("trusted-proxy"), parsing: .upToNextOption,
        help: "Reverse proxies (CIDR ranges) whose X-Forwarded-For/-Proto are believed; none by default.")
    var trustedProxies: [String] = []

    @Flag(
        name: .customLong("unsafe-no-audit"),
        help: "Benchmarks only: do not write the audit log. Never use with real data.")
    var unsafeNoAudit = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = storage.configuration()
        configuration.http = HTTPConfig(
            hostname: hostname ?? environment["TILSYN_HOSTNAME"] ?? "127.0.0.1",
            port: try port ?? environment["TILSYN_PORT"].map(Self.parsePort) ?? 8080)
        configuration.loadDemoIfEmpty = demo || ["1", "true", "yes"].contains(environment["TILSYN_DEMO"] ?? "")
        configuration.demoSeed = demoSeed
        guard planningSeconds > 0, planningSeconds <= 600 else {
            throw ValidationError("--planning-seconds must be between 0 and 600.")
        }
        configuration.planningSeconds = planningSeconds
        guard (0...65535).contains(sipPort) else { throw ValidationError("--sip-port must be 0–65535.") }
        configuration.sipPort = sipPort == 0 ? nil : sipPort
        guard alarmHoldSeconds > 0 else { throw ValidationError("--alarm-hold-seconds must be positive.") }
        configuration.alarms.holdSeconds = alarmHoldSeconds
        guard dispatchAnswerSeconds > 0 else { throw ValidationError("--dispatch-answer-seconds must be positive.") }
        configuration.alarms.dispatchAnswerSeconds = dispatchAnswerSeconds
        // The demo accepts devices that never registered (flagged on every event), so it works at once.
        configuration.alarms.acceptUnauthenticated = configuration.loadDemoIfEmpty && !alarmRequireAuthentication
        configuration.auth.trustedProxies = TrustedProxies(
            try trustedProxies.map { text in
                guard let range = TrustedProxies.Range(text) else {
                    throw ValidationError(
                        "--trusted-proxy: '\(text)' is not an address or CIDR range (e.g. 10.0.0.0/8).")
                }
                return range
            })
        if unsafeNoAudit {
            FileHandle.standardError.write(
                Data("WARNING: --unsafe-no-audit: accesses to health data are NOT logged. Benchmarks only.\n".utf8))
            configuration.auditEnabled = false
        }

        try await TilsynOperations.serve(configuration)
    }

    static func parsePort(_ text: String) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw ValidationError("TILSYN_PORT must be a port number 1–65535, not '\(text)'")
        }
        return port
    }
}
