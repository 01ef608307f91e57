import Fluent
import Foundation

/// One version of a piece of health data (recipient, decision, care plan, measure): a full snapshot
/// with who changed it, when and why. Rows are only ever inserted, so no earlier version is lost.
final class RecordVersionModel: Model, @unchecked Sendable {
    static let schema = "record_versions"

    @ID(key: .id) var id: UUID?
    /// "recipient", "decision", "care_plan", "measure".
    @Field(key: "entity") var entity: String
    @Field(key: "entity_id") var entityID: UUID
    /// 1 for the first version.
    @Field(key: "version") var version: Int
    /// "created", "updated" or "ended".
    @Field(key: "change") var change: String
    /// The entity as JSON, as it was after this change.
    @Field(key: "snapshot") var snapshot: String
    @Field(key: "changed_by") var changedBy: String
    @Field(key: "changed_at") var changedAt: Date
    @Field(key: "reason") var reason: String

    init() {}

    init(
        entity: String, entityID: UUID, version: Int, change: String, snapshot: String, changedBy: String,
        changedAt: Date, reason: String
    ) {
        self.entity = entity
        self.entityID = entityID
        self.version = version
        self.change = change
        self.snapshot = snapshot
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }
}

struct CreateRecordVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RecordVersionModel.schema)
            .id()
            .field("entity", .string, .required)
            .field("entity_id", .uuid, .required)
            .field("version", .int, .required)
            .field("change", .string, .required)
            .field("snapshot", .string, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .field("reason", .string, .required)
            .unique(on: "entity", "entity_id", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecordVersionModel.schema).delete()
    }
}
