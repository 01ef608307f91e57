import Fluent
import Foundation
import TilsynCore

/// A follow-up conversation with someone on sick leave (R41): dates only, never what was said or
/// any medical content.
final class FollowUpConversationModel: Model, @unchecked Sendable {
    static let schema = "follow_up_conversations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "staff_id") var staff: StaffMemberModel
    @Field(key: "date") var date: String
    @OptionalParent(key: "registered_by") var registeredBy: StaffMemberModel?
    @Field(key: "registered_at") var registeredAt: Date

    init() {}
}

struct CreateFollowUpConversations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FollowUpConversationModel.schema)
            .id()
            .field("staff_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("date", .string, .required)
            .field("registered_by", .uuid, .references(StaffMemberModel.schema, "id"))
            .field("registered_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FollowUpConversationModel.schema).delete()
    }
}

/// Who is due a follow-up conversation: sick leave that has lasted four weeks (when the follow-up
/// plan is due) without a conversation registered since it began.
enum FollowUpDue {
    static let weeks = 4

    static func due(
        absences: [(staffID: UUID, kind: AbsenceKind, first: LocalDate, last: LocalDate)],
        conversations: [UUID: [LocalDate]], today: LocalDate
    ) -> [(staffID: UUID, since: LocalDate)] {
        var result: [(staffID: UUID, since: LocalDate)] = []
        for absence in absences
        where (absence.kind == .doctorCertified || absence.kind == .selfCertified) && absence.first <= today
            && absence.last >= today && absence.first.days(until: today) >= weeks * 7
        {
            let talked = (conversations[absence.staffID] ?? []).contains { $0 >= absence.first }
            if !talked { result.append((absence.staffID, absence.first)) }
        }
        return result
    }
}
