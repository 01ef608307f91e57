import Crypto
import Fluent
import Foundation
import SQLKit

/// Makes the audit log tamper-evident: every event carries a hash of the previous event's hash and
/// its own fields, and events are numbered 1, 2, 3… without gaps. Changing, removing or inserting an
/// event anywhere but at the end breaks the chain from there on, even for someone who edits the
/// database file past its triggers; `tilsyn audit verify` finds the first such event. (Rewriting
/// the whole chain from that point is caught by comparing the head with one noted earlier: verify
/// prints it.)
enum AuditChain {
    /// The hash that comes before the first event.
    static let genesis = String(repeating: "0", count: 64)

    /// An event's time as the chain holds it: whole milliseconds, which every database keeps exactly.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The hash of `event` after `previous`. Every field is written with its length, so no two
    /// different events can spell the same text.
    static func hash(_ event: AuditEventModel, index: Int, previous: String) -> String {
        let fields: [String?] = [
            String(index), event.id?.uuidString, String(milliseconds(event.at)), event.accountID?.uuidString,
            event.staffID?.uuidString, event.actorName, event.role, event.recipientID?.uuidString, event.action,
            event.resource, event.parts, event.basis, event.emergencyReason, event.address,
            event.sessionID?.uuidString, event.intakeID?.uuidString, event.subjectStaffID?.uuidString, event.detail,
        ]
        var text = previous
        for field in fields {
            if let field { text += "|\(field.utf8.count):\(field)" } else { text += "|-" }
        }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// What `verify` found.
    struct Verification: Sendable {
        /// Events checked and found in order.
        var verified: Int
        /// The hash of the last good event (compare with one noted earlier to see a rewritten tail).
        var head: String
        /// The first problem, if any.
        var problem: Problem?
    }

    /// The first break in the chain.
    enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// The event at `index` is not what was written (a field or its hash was changed).
        case changed(index: Int, id: UUID?)
        /// Events are missing before `index` (the one found after `expected - 1`).
        case removed(expected: Int, found: Int)
        /// An event without a place in the chain (written past the application).
        case outsideChain(id: UUID?)

        var description: String {
            switch self {
            case .changed(let index, let id):
                "event \(index) (\(id?.uuidString ?? "no id")) was changed: its hash does not match"
            case .removed(let expected, let found):
                "events \(expected)–\(found - 1) are missing: event \(found) follows \(expected - 1)"
            case .outsideChain(let id):
                "event \(id?.uuidString ?? "no id") was inserted outside the chain"
            }
        }
    }

    /// Walks the whole chain in order and reports the first event that was changed, removed or
    /// inserted out of order.
    static func verify(on database: any Database) async throws -> Verification {
        if let stray = try await AuditEventModel.query(on: database).filter(\.$chainIndex == nil).first() {
            return Verification(verified: 0, head: genesis, problem: .outsideChain(id: stray.id))
        }
        var previous = genesis
        var expected = 1
        var offset = 0
        let page = 5000
        while true {
            let events = try await AuditEventModel.query(on: database).sort(\.$chainIndex).range(
                offset..<(offset + page)
            ).all()
            for event in events {
                let index = event.chainIndex ?? 0
                if index != expected {
                    return Verification(
                        verified: expected - 1, head: previous, problem: .removed(expected: expected, found: index))
                }
                let hash = hash(event, index: index, previous: previous)
                guard hash == event.chainHash else {
                    return Verification(
                        verified: expected - 1, head: previous, problem: .changed(index: index, id: event.id))
                }
                previous = hash
                expected += 1
            }
            if events.count < page { break }
            offset += page
        }
        return Verification(verified: expected - 1, head: previous, problem: nil)
    }
}

/// Appends audit events one batch at a time, so each batch continues the chain where the last
/// one ended. Within a process the batches wait their turn in order (an actor alone would not do:
/// it runs another call while one awaits the database); between processes (PostgreSQL) the unique
/// chain index refuses a second event at the same place, and the loser tries again after reading
/// the new end.
actor AuditAppender {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func append(_ rows: [AuditEventModel], on database: any Database) async throws {
        guard !rows.isEmpty else { return }
        await takeTurn()
        defer { passTurn() }
        var attempt = 0
        while true {
            do {
                try await appendOnce(rows, on: database)
                return
            } catch let error as any DatabaseError where error.isConstraintFailure && attempt < 20 {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...5_000_000))
            }
        }
    }

    private func takeTurn() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func passTurn() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }

    /// The end of the chain as this process last wrote or read it; nil until the first append, and
    /// after another process is found to have appended (read again then).
    private var head: (index: Int, hash: String)?

    private func appendOnce(_ rows: [AuditEventModel], on database: any Database) async throws {
        let start: (index: Int, hash: String)
        if let head {
            start = head
        } else {
            let last = try await AuditEventModel.query(on: database).filter(\.$chainIndex != nil)
                .sort(\.$chainIndex, .descending).first()
            start = (last?.chainIndex ?? 0, last?.chainHash ?? AuditChain.genesis)
        }
        var (index, previous) = start
        for row in rows {
            index += 1
            row.chainIndex = index
            row.chainHash = AuditChain.hash(row, index: index, previous: previous)
            previous = row.chainHash!
        }
        do {
            try await Self.insert(rows, on: database)
        } catch {
            // Another process may have appended (a constraint failure), or nothing was written:
            // either way the end is read again next time.
            head = nil
            throw error
        }
        head = (index, previous)
    }

    /// Plain SQL inserts: this runs on every read of health data, and Fluent's model machinery costs
    /// more than the insert itself. A batch of up to 200 is one statement; a larger one is written in
    /// one transaction, so a batch lands whole or not at all.
    private static func insert(_ rows: [AuditEventModel], on database: any Database) async throws {
        guard rows.count <= 200 else {
            try await database.writeTransaction { transaction in
                for chunk in rows.chunked(200) { try await insertStatement(Array(chunk), on: transaction) }
            }
            return
        }
        try await insertStatement(rows, on: database)
    }

    private static func insertStatement(_ rows: [AuditEventModel], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else {
            for row in rows { try await row.create(on: database) }
            return
        }
        var insert = sql.insert(into: AuditEventModel.schema).columns(
            "id", "at", "account_id", "staff_id", "actor_name", "role", "recipient_id", "action", "resource", "parts",
            "basis", "emergency_reason", "address", "session_id", "intake_id", "subject_staff_id", "detail",
            "chain_index", "chain_hash")
        for row in rows {
            let values: [any Encodable & Sendable] = [
                row.id, row.at, row.accountID, row.staffID, row.actorName, row.role, row.recipientID, row.action,
                row.resource, row.parts, row.basis, row.emergencyReason, row.address, row.sessionID, row.intakeID,
                row.subjectStaffID, row.detail, row.chainIndex, row.chainHash,
            ]
            insert = insert.values(values)
        }
        try await insert.run()
    }
}
