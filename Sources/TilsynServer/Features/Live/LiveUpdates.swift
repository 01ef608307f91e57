import Foundation
import Vapor

/// One live truth (R2): who is listening for what, and the delivery of "this changed" to them.
///
/// A topic names what changed, never health data: `staff:<id>` (that person's day), `zone:<id>`
/// (a zone's plan and board). Listeners get the topic and fetch what they are allowed to see.
/// Deliveries are coalesced for a short moment: a plan run saving a hundred visits becomes one
/// message per listener, and a listener's refetch comes after the writer's transaction is done.
actor LiveUpdates {
    static let coalesce: Duration = .milliseconds(60)
    static let transactionQuiet: Duration = .milliseconds(250)

    private var listeners: [UUID: (topics: Set<String>, continuation: AsyncStream<String>.Continuation)] = [:]
    private var pending: Set<String> = []
    private var flushScheduled = false
    private var quietUntil: ContinuousClock.Instant?
    private var firstPending: ContinuousClock.Instant?
    /// Set when several server processes share a PostgreSQL database: publishing goes through
    /// NOTIFY, and every process (this one too) delivers what its LISTEN hears.
    private var relay: (@Sendable (Set<String>) async -> Void)?

    func setRelay(_ relay: (@Sendable (Set<String>) async -> Void)?) { self.relay = relay }

    /// Whether announcements reach this process: always without a relay; with one, while its
    /// LISTEN connection is open.
    private(set) var relayListening = false
    var hearsAnnouncements: Bool { relay == nil || relayListening }
    func setRelayListening(_ listening: Bool) { relayListening = listening }

    /// Listens for any of `topics` until the stream is dropped.
    func listen(_ topics: Set<String>) -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(32))
        listeners[id] = (topics, continuation)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(id) }
        }
        return stream
    }

    var listenerCount: Int { listeners.count }

    private func remove(_ id: UUID) { listeners[id] = nil }

    /// Announces changes: through the relay when there is one, else to this process's listeners.
    func publish(_ topics: Set<String>) async {
        guard !topics.isEmpty else { return }
        if let relay {
            await relay(topics)
        } else {
            deliver(topics)
        }
    }

    /// Hands topics to the listeners of this process once announcements have been quiet for a
    /// moment (at most a second after the first): a plan run saving many visits becomes one message.
    /// `inTransaction`: announced from inside a transaction that has not committed yet (SQLite; on
    /// PostgreSQL NOTIFY waits for the commit by itself), so the quiet moment is longer — a
    /// listener's refetch must see the committed change.
    func deliver(_ topics: Set<String>, inTransaction: Bool = false) {
        pending.formUnion(topics)
        let now = ContinuousClock.now
        firstPending = firstPending ?? now
        quietUntil = max(quietUntil ?? now, now + (inTransaction ? Self.transactionQuiet : Self.coalesce))
        guard !flushScheduled else { return }
        flushScheduled = true
        Task { await self.flushWhenQuiet() }
    }

    private func flushWhenQuiet() async {
        while let quiet = quietUntil, let first = firstPending, ContinuousClock.now < min(quiet, first + .seconds(1)) {
            try? await Task.sleep(until: min(quiet, first + .seconds(1)), clock: .continuous)
        }
        let topics = pending
        pending = []
        flushScheduled = false
        quietUntil = nil
        firstPending = nil
        for listener in listeners.values {
            for topic in listener.topics.intersection(topics).sorted() { listener.continuation.yield(topic) }
        }
    }
}

extension Application {
    private struct LiveUpdatesKey: StorageKey {
        typealias Value = LiveUpdates
    }

    /// The process's live-update hub.
    var live: LiveUpdates {
        if let hub = storage[LiveUpdatesKey.self] { return hub }
        let hub = LiveUpdates()
        storage[LiveUpdatesKey.self] = hub
        return hub
    }
}
