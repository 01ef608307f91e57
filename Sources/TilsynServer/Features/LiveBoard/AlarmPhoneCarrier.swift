import Fluent
import Foundation

/// Who carries the zone's alarm phone on a shift — the board shows it, the leader sets it.
final class AlarmPhoneCarrierModel: Model, @unchecked Sendable {
    static let schema = "alarm_phone_carriers"
    @ID(key: .id) var id: UUID?
    @Parent(key: "zone_id") var zone: ZoneModel
    @Field(key: "date") var date: String
    @Field(key: "shift") var shift: String
    @Field(key: "staff_id") var staffID: UUID
    @Field(key: "set_by") var setBy: UUID
    @Field(key: "set_at") var setAt: Date

    init() {}
}

struct CreateAlarmPhoneCarriers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AlarmPhoneCarrierModel.schema)
            .id()
            .field("zone_id", .uuid, .required, .references(ZoneModel.schema, "id"))
            .field("date", .string, .required)
            .field("shift", .string, .required)
            .field("staff_id", .uuid, .required)
            .field("set_by", .uuid, .required)
            .field("set_at", .datetime, .required)
            .unique(on: "zone_id", "date", "shift")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AlarmPhoneCarrierModel.schema).delete()
    }
}
