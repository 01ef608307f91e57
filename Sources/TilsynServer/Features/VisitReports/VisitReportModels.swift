import Fluent
import Foundation
import TilsynCore

/// How the recipient seemed compared with usual — the one structured observation every report has.
enum GeneralCondition: String, Codable, Sendable, CaseIterable {
    case asUsual, better, worse

    var name: LocalizedText {
        switch self {
        case .asUsual: LocalizedText(nb: "Som vanlig", en: "As usual")
        case .better: LocalizedText(nb: "Bedre enn vanlig", en: "Better than usual")
        case .worse: LocalizedText(nb: "Dårligere enn vanlig", en: "Worse than usual")
        }
    }
}

/// How much of the meal was eaten (when the visit served one).
enum MealEaten: String, Codable, Sendable, CaseIterable {
    case all, some, none

    var name: LocalizedText {
        switch self {
        case .all: LocalizedText(nb: "Spiste alt", en: "Ate everything")
        case .some: LocalizedText(nb: "Spiste litt", en: "Ate some")
        case .none: LocalizedText(nb: "Spiste ikke", en: "Did not eat")
        }
    }
}

/// The report written on site after a visit (R11): which measures were done, what was observed,
/// and photos. Part `.reports` of the record: only those allowed to read reports see it.
final class VisitReportModel: Model, @unchecked Sendable {
    static let schema = "visit_reports"
    @ID(key: .id) var id: UUID?
    /// The tablet's id for the report, so a replayed outbox stores it once.
    @Field(key: "client_id") var clientID: String
    @Parent(key: "visit_id") var visit: VisitModel
    @Parent(key: "recipient_id") var recipient: RecipientModel
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "written_at") var writtenAt: Date
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "measures_done") var measuresDone: [UUID]
    @Field(key: "observation") var observation: String
    @OptionalField(key: "condition") var condition: String?
    @OptionalField(key: "meal") var meal: String?
    /// Pain as the recipient rates it, 0–10.
    @OptionalField(key: "pain") var pain: Int?
    /// The writer asks the nurse or leader to follow up.
    @Field(key: "needs_follow_up") var needsFollowUp: Bool

    init() {}
}

/// A photo taken with the tablet (for example of a wound), stored with its report.
final class ReportPhotoModel: Model, @unchecked Sendable {
    static let schema = "report_photos"
    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: VisitReportModel
    @Field(key: "content_type") var contentType: String
    @Field(key: "bytes") var bytes: Data
    @Field(key: "size") var size: Int

    init() {}
}

struct CreateVisitReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VisitReportModel.schema)
            .id()
            .field("client_id", .string, .required)
            .field("visit_id", .uuid, .required, .references(VisitModel.schema, "id"))
            .field("recipient_id", .uuid, .required, .references(RecipientModel.schema, "id"))
            .field("author_id", .uuid, .required)
            .field("written_at", .datetime, .required)
            .field("received_at", .datetime, .required)
            .field("measures_done", .array(of: .uuid), .required)
            .field("observation", .string, .required)
            .field("condition", .string)
            .field("meal", .string)
            .field("pain", .int)
            .field("needs_follow_up", .bool, .required)
            .unique(on: "client_id")
            .create()
        try await database.schema(ReportPhotoModel.schema)
            .id()
            .field("report_id", .uuid, .required, .references(VisitReportModel.schema, "id"))
            .field("content_type", .string, .required)
            .field("bytes", .data, .required)
            .field("size", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportPhotoModel.schema).delete()
        try await database.schema(VisitReportModel.schema).delete()
    }
}
