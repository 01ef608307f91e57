import Fluent
import Foundation
import TilsynCore

/// What a check-off says happened.
enum CheckOffAction: String, Codable, Sendable {
    case start, done, notDone
}

/// Every check-off as it was sent, once per client-made id: what makes a replayed outbox harmless,
/// and where a second person's check-off of the same visit is kept when the two disagree.
final class VisitCheckOffModel: Model, @unchecked Sendable {
    static let schema = "visit_check_offs"
    @ID(key: .id) var id: UUID?
    @Field(key: "client_id") var clientID: String
    @Parent(key: "visit_id") var visit: VisitModel
    @Field(key: "staff_id") var staffID: UUID
    @Field(key: "action") var action: String
    @OptionalField(key: "reason") var reason: String?
    /// When it happened on the device (offline check-offs arrive later).
    @Field(key: "at") var at: Date
    @Field(key: "received_at") var receivedAt: Date
    /// Set when the check-off disagreed with what the server knew; the leader was told.
    @OptionalField(key: "conflict") var conflict: String?

    init() {}
}

struct CreateVisitCheckOffs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VisitCheckOffModel.schema)
            .id()
            .field("client_id", .string, .required)
            .field("visit_id", .uuid, .required, .references(VisitModel.schema, "id"))
            .field("staff_id", .uuid, .required)
            .field("action", .string, .required)
            .field("reason", .string)
            .field("at", .datetime, .required)
            .field("received_at", .datetime, .required)
            .field("conflict", .string)
            .unique(on: "client_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VisitCheckOffModel.schema).delete()
    }
}

/// What became of one check-off.
enum CheckOffResult: Equatable, Sendable {
    /// Stored and applied to the visit.
    case applied
    /// This client id was applied before; nothing changed.
    case duplicate
    /// Kept, but it disagreed with what the server knew; the leader was told (the text says why).
    case conflict(LocalizedText)
}

/// Applies check-offs to visits — from the day list page and from the tablet's outbox alike.
///
/// Conflict rules, when a check-off made offline meets a changed server:
/// - the visit was moved to a colleague meanwhile and nobody has checked it off: the check-off
///   counts (the person was there), and the leader and the colleague are told;
/// - someone else already checked it off: the first check-off stays on the visit, this one is kept
///   beside it, and the leader is told — both are kept, nothing is thrown away;
/// - the same person checking off twice (done after done) is refused as before.
struct VisitCheckOffs {
    let database: any Database

    func apply(
        clientID: String, visit: VisitModel, staffID: UUID, action: CheckOffAction, reason: NotDoneReason?,
        at requestedTime: Date, now: Date = Date()
    ) async throws -> CheckOffResult {
        if try await VisitCheckOffModel.query(on: database).filter(\.$clientID == clientID).first() != nil {
            return .duplicate
        }
        if action == .notDone, reason == nil { throw WorkListError.reason }
        // A device clock ahead of the server cannot put a check-off in the future.
        let at = min(requestedTime, now)
        let record = VisitCheckOffModel()
        record.clientID = clientID
        record.$visit.id = try visit.requireID()
        record.staffID = staffID
        record.action = action.rawValue
        record.reason = reason?.rawValue
        record.at = at
        record.receivedAt = now

        var conflict: LocalizedText?
        let checkedByOther = visit.outcome != nil && visit.checkedBy != nil && visit.checkedBy != staffID
        if visit.outcome != nil, !checkedByOther {
            throw WorkListError.alreadyChecked
        } else if checkedByOther {
            if action == .start { return try await keepStartAfterOther(record, visit) }
            conflict = try await text(
                nb: "%@ krysset av %@ som %@, men %@ hadde allerede krysset det av. Begge er tatt vare på.",
                en: "%@ checked off %@ as %@, but %@ had already checked it off. Both are kept.",
                visit: visit, me: staffID, other: visit.checkedBy, action: action)
        } else {
            if !visit.assignedStaffIDs.contains(staffID) {
                conflict = try await text(
                    nb: "%@ krysset av %@ som %@ etter at besøket var flyttet til %@.",
                    en: "%@ checked off %@ as %@ after the visit had been moved to %@.",
                    visit: visit, me: staffID, other: visit.assignedStaffIDs.first, action: action)
            }
            switch action {
            case .start:
                if visit.startedAt == nil { visit.startedAt = at }
            case .done:
                // Done without "started" first: the planned length is the best estimate of when it began.
                visit.startedAt = visit.startedAt ?? at.addingTimeInterval(-Double(visit.durationMinutes) * 60)
                visit.finishedAt = at
                visit.outcome = "done"
            case .notDone:
                visit.finishedAt = at
                visit.outcome = "notDone"
                visit.notDoneReason = reason?.rawValue
            }
            visit.checkedBy = staffID
        }
        record.conflict = conflict?.nb
        let changed = visit.hasChanges
        let notices: [StaffNoticeModel]
        if let conflict {
            notices = try await leaderNotices(conflict, visit: visit, also: visit.assignedStaffIDs)
        } else {
            notices = []
        }
        try await database.writeTransaction { db in
            try await record.create(on: db)
            if changed { try await visit.save(on: db) }
            for notice in notices { try await notice.create(on: db) }
        }
        return conflict.map(CheckOffResult.conflict) ?? .applied
    }

    /// "Started" after a colleague finished it: kept as a record, not a conflict worth telling.
    private func keepStartAfterOther(_ record: VisitCheckOffModel, _ visit: VisitModel) async throws -> CheckOffResult {
        try await record.create(on: database)
        return .applied
    }

    private func text(
        nb: String, en: String, visit: VisitModel, me: UUID, other: UUID?, action: CheckOffAction
    ) async throws -> LocalizedText {
        let ids = [me] + (other.map { [$0] } ?? [])
        let staff = try await StaffMemberModel.query(on: database).filter(\.$id ~~ ids).all()
        func name(_ id: UUID?) -> String {
            staff.first { $0.id == id }.map { "\($0.givenName) \($0.familyName)" } ?? "?"
        }
        let recipient = try await RecipientModel.find(visit.$recipient.id, on: database)
        let what = "\(visit.title) (\(recipient.map { "\($0.givenName) \($0.familyName)" } ?? ""), \(visit.date))"
        let actionName: LocalizedText =
            switch action {
            case .start: LocalizedText(nb: "påbegynt", en: "started")
            case .done: LocalizedText(nb: "utført", en: "done")
            case .notDone: LocalizedText(nb: "ikke utført", en: "not done")
            }
        return LocalizedText(
            nb: String(format: nb, name(me), what, actionName.nb, name(other)),
            en: String(format: en, name(me), what, actionName.en, name(other)))
    }

    /// The conflict goes to the department leaders of the recipient's zone and to the colleagues
    /// the visit belonged to.
    private func leaderNotices(
        _ text: LocalizedText, visit: VisitModel, also: [UUID]
    ) async throws
        -> [StaffNoticeModel]
    {
        let zoneID = try await RecipientModel.find(visit.$recipient.id, on: database)?.$zone.id
        let leaders = try await StaffMemberModel.query(on: database)
            .filter(\.$role == StaffRole.departmentLeader.rawValue).filter(\.$zone.$id == zoneID).all()
            .compactMap(\.id)
        return Array(Set(leaders + also)).map { StaffNoticeModel(staffID: $0, text: text) }
    }
}
