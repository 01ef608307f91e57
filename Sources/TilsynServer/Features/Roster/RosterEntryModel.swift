import Fluent
import Foundation
import TilsynCore

/// A leader's change to the rotation for one person on one date: the shift they work, or `off`.
/// Only changes are stored; a date nobody changed follows `DefaultRoster`.
final class RosterEntryModel: Model, @unchecked Sendable {
    static let schema = "roster_entries"
    /// What `shift` holds for a day off.
    static let off = "off"

    @ID(key: .id) var id: UUID?
    @Parent(key: "staff_id") var staff: StaffMemberModel
    @Field(key: "date") var date: String
    /// `ShiftKind` raw value, or `off`.
    @Field(key: "shift") var shift: String
    @Field(key: "changed_at") var changedAt: Date
    @OptionalParent(key: "changed_by") var changedBy: StaffMemberModel?

    init() {}

    /// The shift as the roster reads it: nil for a day off (and for anything unreadable).
    var shiftKind: ShiftKind? { ShiftKind(rawValue: shift) }
}

struct CreateRosterEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RosterEntryModel.schema)
            .id()
            .field("staff_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("date", .string, .required)
            .field("shift", .string, .required)
            .field("changed_at", .datetime, .required)
            .field("changed_by", .uuid, .references(StaffMemberModel.schema, "id"))
            .unique(on: "staff_id", "date")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RosterEntryModel.schema).delete()
    }
}
