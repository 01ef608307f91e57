import Fluent
import Foundation
import Planner

/// One planning run for a zone or a unit, date and shift: what it cost and why visits were left out. The
/// latest run is what the planning page shows; the plan itself lives on the visits.
final class PlanRunModel: Model, @unchecked Sendable {
    static let schema = "plan_runs"
    @ID(key: .id) var id: UUID?
    @Parent(key: "zone_id") var zone: ZoneModel
    /// Set when the whole unit was planned together (see `PlanningScope`).
    @OptionalParent(key: "unit_id") var unit: CareUnitModel?
    @Field(key: "date") var date: String
    @Field(key: "shift") var shift: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalParent(key: "created_by") var createdBy: StaffMemberModel?
    @Field(key: "seconds") var seconds: Double
    @Field(key: "iterations") var iterations: Int
    @Field(key: "objective") var objective: ObjectiveBreakdown
    @Field(key: "unassigned") var unassigned: [UnassignedVisit]
    @Field(key: "breaks") var breaks: [StaffBreak]
    /// For a re-plan: what happened and what moved, in bokmål and English.
    @OptionalField(key: "event_nb") var eventNorwegian: String?
    @OptionalField(key: "event_en") var eventEnglish: String?

    init() {}
}

/// A visit the planner could not place, and why, in both languages.
struct UnassignedVisit: Codable, Sendable, Hashable {
    var visitID: UUID
    var norwegian: String
    var english: String
}

/// When a staff member's break begins in a planned shift.
struct StaffBreak: Codable, Sendable, Hashable {
    var staffID: UUID
    var start: Double
}

/// Planned start times on visits, and the record of planning runs.
struct CreatePlanning: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VisitModel.schema).field("planned_start", .double).update()
        try await database.schema(PlanRunModel.schema)
            .id()
            .field("zone_id", .uuid, .required, .references(ZoneModel.schema, "id"))
            .field("date", .string, .required)
            .field("shift", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .uuid, .references(StaffMemberModel.schema, "id"))
            .field("seconds", .double, .required)
            .field("iterations", .int, .required)
            .field("objective", .json, .required)
            .field("unassigned", .array(of: .json), .required)
            .field("breaks", .array(of: .json), .required)
            .field("event_nb", .string)
            .field("event_en", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanRunModel.schema).delete()
        try await database.schema(VisitModel.schema).deleteField("planned_start").update()
    }
}
