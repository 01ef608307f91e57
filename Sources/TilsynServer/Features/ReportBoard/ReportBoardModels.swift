import Fluent
import Foundation
import TilsynCore

/// Which report meeting of the day (R20).
enum ReportMeetingKind: String, Codable, Sendable, CaseIterable {
    case morning, afterLunch, shiftChange

    var name: LocalizedText {
        switch self {
        case .morning: LocalizedText(nb: "Morgenrapport", en: "Morning report")
        case .afterLunch: LocalizedText(nb: "Rapport etter lunsj", en: "After-lunch report")
        case .shiftChange: LocalizedText(nb: "Vaktskifte", en: "Shift change")
        }
    }
}

/// A held report meeting of a zone: the agenda covers what changed since the one before.
final class ReportMeetingModel: Model, @unchecked Sendable {
    static let schema = "report_meetings"
    @ID(key: .id) var id: UUID?
    @Parent(key: "zone_id") var zone: ZoneModel
    @Field(key: "kind") var kind: String
    /// Silent report: each person reads and acknowledges instead of talking.
    @Field(key: "silent") var silent: Bool
    @Field(key: "started_at") var startedAt: Date
    @OptionalParent(key: "started_by") var startedBy: StaffMemberModel?

    init() {}
}

/// An action point with an owner and a due time, carried to every report until done.
final class ActionPointModel: Model, @unchecked Sendable {
    static let schema = "action_points"
    @ID(key: .id) var id: UUID?
    @Parent(key: "zone_id") var zone: ZoneModel
    @OptionalParent(key: "meeting_id") var meeting: ReportMeetingModel?
    @Field(key: "text") var text: String
    @Parent(key: "owner_id") var owner: StaffMemberModel
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalParent(key: "done_by") var doneBy: StaffMemberModel?

    init() {}
}

/// Who has read a silent report.
final class ReportAcknowledgementModel: Model, @unchecked Sendable {
    static let schema = "report_acknowledgements"
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: ReportMeetingModel
    @Parent(key: "staff_id") var staff: StaffMemberModel
    @Field(key: "at") var at: Date

    init() {}
}

struct CreateReportBoard: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReportMeetingModel.schema)
            .id()
            .field("zone_id", .uuid, .required, .references(ZoneModel.schema, "id"))
            .field("kind", .string, .required)
            .field("silent", .bool, .required)
            .field("started_at", .datetime, .required)
            .field("started_by", .uuid, .references(StaffMemberModel.schema, "id"))
            .create()
        try await database.schema(ActionPointModel.schema)
            .id()
            .field("zone_id", .uuid, .required, .references(ZoneModel.schema, "id"))
            .field("meeting_id", .uuid, .references(ReportMeetingModel.schema, "id"))
            .field("text", .string, .required)
            .field("owner_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("due_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .field("done_at", .datetime)
            .field("done_by", .uuid, .references(StaffMemberModel.schema, "id"))
            .create()
        try await database.schema(ReportAcknowledgementModel.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(ReportMeetingModel.schema, "id"))
            .field("staff_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("at", .datetime, .required)
            .unique(on: "meeting_id", "staff_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [ReportAcknowledgementModel.schema, ActionPointModel.schema, ReportMeetingModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
