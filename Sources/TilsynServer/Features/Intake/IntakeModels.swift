import Fluent
import Foundation
import SQLKit
import TilsynCore

/// An intake assessment (kartlegging, R17) of someone who has applied for home care: filled in on
/// site, kept as a draft (also offline on the tablet) and sent in to those who decide. The answers
/// are one JSON document, so a draft can be saved half-filled and the form can grow.
final class IntakeAssessmentModel: Model, @unchecked Sendable {
    static let schema = "intake_assessments"
    @ID(key: .id) var id: UUID?
    /// The id the device (or the page) made; drafts and the final sending name the same one.
    @Field(key: "client_id") var clientID: String
    @Parent(key: "zone_id") var zone: ZoneModel
    @Field(key: "assessor_id") var assessorID: UUID
    /// "draft", "submitted" or "processed".
    @Field(key: "status") var status: String
    /// `IntakeAnswers` as JSON.
    @Field(key: "answers") var answers: String
    /// When the stored answers were saved on the device: an older save never overwrites a newer.
    @Field(key: "saved_at") var savedAt: Date
    /// The last change (outbox id) applied, so a replay is recognised.
    @Field(key: "last_change_id") var lastChangeID: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "processed_at") var processedAt: Date?
    @OptionalField(key: "processed_by") var processedBy: UUID?
    @OptionalField(key: "processed_note") var processedNote: String?

    init() {}

    var state: IntakeStatus { IntakeStatus(rawValue: status) ?? .draft }

    func decodedAnswers() -> IntakeAnswers {
        (try? JSONDecoder().decode(IntakeAnswers.self, from: Data(answers.utf8))) ?? IntakeAnswers()
    }
}

enum IntakeStatus: String, Codable, Sendable {
    case draft, submitted, processed

    var name: LocalizedText {
        switch self {
        case .draft: LocalizedText(nb: "Utkast", en: "Draft")
        case .submitted: LocalizedText(nb: "Sendt inn", en: "Submitted")
        case .processed: LocalizedText(nb: "Behandlet", en: "Processed")
        }
    }
}

struct CreateIntakeAssessments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IntakeAssessmentModel.schema)
            .id()
            .field("client_id", .string, .required)
            .field("zone_id", .uuid, .required, .references(ZoneModel.schema, "id"))
            .field("assessor_id", .uuid, .required)
            .field("status", .string, .required)
            .field("answers", .string, .required)
            .field("saved_at", .datetime, .required)
            .field("last_change_id", .string, .required)
            .field("created_at", .datetime, .required)
            .field("submitted_at", .datetime)
            .field("processed_at", .datetime)
            .field("processed_by", .uuid)
            .field("processed_note", .string)
            .unique(on: "client_id")
            .create()
        // Which intake an audit event is about (intakes are not recipients yet).
        try await database.schema(AuditEventModel.schema).field("intake_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEventModel.schema).deleteField("intake_id").update()
        try await database.schema(IntakeAssessmentModel.schema).delete()
    }
}
