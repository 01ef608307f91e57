import Fluent
import Foundation
import TilsynCore

final class VisitModel: Model, @unchecked Sendable {
    static let schema = "visits"
    @ID(key: .id) var id: UUID?
    @Field(key: "date") var date: String
    @Parent(key: "recipient_id") var recipient: RecipientModel
    @Parent(key: "measure_id") var measure: MeasureModel
    @Field(key: "window_index") var windowIndex: Int
    @Field(key: "title") var title: String
    @Field(key: "window_start") var windowStart: Int
    @Field(key: "window_end") var windowEnd: Int
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "required_competences") var requiredCompetences: [String]
    @Field(key: "staff_count") var staffCount: Int
    @Field(key: "assigned_staff_ids") var assignedStaffIDs: [UUID]
    /// When the planner expects service to begin (minutes after midnight), if it has planned it.
    @OptionalField(key: "planned_start") var plannedStart: Double?
    /// What happened on the visit (`AddVisitExecution`): actual times, done or not and why, by whom.
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    /// "done" or "notDone".
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "not_done_reason") var notDoneReason: String?
    @OptionalField(key: "checked_by") var checkedBy: UUID?

    init() {}

    init(_ visit: Visit) {
        id = visit.id
        date = visit.date.description
        $recipient.id = visit.recipientID
        $measure.id = visit.measureID
        windowIndex = visit.windowIndex
        title = visit.title
        windowStart = visit.window.start.minutes
        windowEnd = visit.window.end.minutes
        durationMinutes = visit.durationMinutes
        requiredCompetences = visit.requiredCompetences.sorted().map(\.rawValue)
        staffCount = visit.staffCount
        assignedStaffIDs = visit.assignedStaffIDs
    }

    var domain: Visit {
        Visit(
            id: id!, date: LocalDate(date)!, recipientID: $recipient.id, measureID: $measure.id,
            windowIndex: windowIndex, title: title,
            window: TimeWindow(start: MinuteOfDay(minutes: windowStart)!, end: MinuteOfDay(minutes: windowEnd)!),
            durationMinutes: durationMinutes, requiredCompetences: Set(requiredCompetences.compactMap(Competence.init)),
            staffCount: staffCount, assignedStaffIDs: assignedStaffIDs)
    }
}

struct CreateVisits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VisitModel.schema)
            .id()
            .field("date", .string, .required)
            .field("recipient_id", .uuid, .required, .references(RecipientModel.schema, "id"))
            .field("measure_id", .uuid, .required, .references(MeasureModel.schema, "id"))
            .field("window_index", .int, .required)
            .field("title", .string, .required)
            .field("window_start", .int, .required)
            .field("window_end", .int, .required)
            .field("duration_minutes", .int, .required)
            .field("required_competences", .array(of: .string), .required)
            .field("staff_count", .int, .required)
            .field("assigned_staff_ids", .array(of: .uuid), .required)
            .unique(on: "measure_id", "date", "window_index")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VisitModel.schema).delete()
    }
}
