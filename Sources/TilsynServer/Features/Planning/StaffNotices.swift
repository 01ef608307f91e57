import Fluent
import Foundation
import Planner
import TilsynCore

/// A change in someone's day that they must hear about (R5): a visit given to them or taken from
/// them, or moved in time, when a re-plan changed their work list. Shown on their own page until read.
final class StaffNoticeModel: Model, @unchecked Sendable {
    static let schema = "staff_notices"
    @ID(key: .id) var id: UUID?
    @Parent(key: "staff_id") var staff: StaffMemberModel
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "text_nb") var norwegian: String
    @Field(key: "text_en") var english: String
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}

    init(staffID: UUID, text: LocalizedText, at: Date = Date()) {
        $staff.id = staffID
        createdAt = at
        norwegian = text.nb
        english = text.en
    }
}

struct CreateStaffNotices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffNoticeModel.schema)
            .id()
            .field("staff_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("text_nb", .string, .required)
            .field("text_en", .string, .required)
            .field("read_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffNoticeModel.schema).delete()
    }
}

extension PlanningService {
    /// Notices for everyone whose day a re-plan changed: who lost a visit, who got it, whose visit
    /// moved in time.
    static func notices(_ outcome: ReplanResult, _ day: Day) -> [StaffNoticeModel] {
        var notices: [StaffNoticeModel] = []
        func what(_ visitID: String) -> (String, String)? {
            guard let id = UUID(uuidString: visitID), let visit = day.visits[id],
                let recipient = day.recipients[visit.$recipient.id]
            else { return nil }
            return (visit.title, "\(recipient.givenName) \(recipient.familyName), \(recipient.street)")
        }
        for (visitID, change) in outcome.movedVisits {
            guard let (title, whom) = what(visitID) else { continue }
            let start = outcome.result.plan.assignments[visitID]?.start
            for lost in Set(change.before).subtracting(change.after) {
                guard let staffID = UUID(uuidString: lost) else { continue }
                notices.append(
                    StaffNoticeModel(
                        staffID: staffID,
                        text: LocalizedText(
                            nb: "\(title) hos \(whom) er tatt av listen din og gitt til en kollega.",
                            en: "\(title) for \(whom) is off your list and given to a colleague.")))
            }
            for got in Set(change.after).subtracting(change.before) {
                guard let staffID = UUID(uuidString: got) else { continue }
                let time = start.map { HomeCarePlanner.clock($0) } ?? "–"
                notices.append(
                    StaffNoticeModel(
                        staffID: staffID,
                        text: LocalizedText(
                            nb: "Du har fått \(title.lowercased()) hos \(whom) kl. \(time).",
                            en: "You have been given \(title) for \(whom) at \(time).")))
            }
        }
        for (visitID, change) in outcome.retimedVisits where outcome.movedVisits[visitID] == nil {
            guard let (title, whom) = what(visitID) else { continue }
            for staff in outcome.result.plan.assignments[visitID]?.staffIDs ?? [] {
                guard let staffID = UUID(uuidString: staff) else { continue }
                let before = HomeCarePlanner.clock(change.before)
                let after = HomeCarePlanner.clock(change.after)
                notices.append(
                    StaffNoticeModel(
                        staffID: staffID,
                        text: LocalizedText(
                            nb: "\(title) hos \(whom) er flyttet fra kl. \(before) til kl. \(after).",
                            en: "\(title) for \(whom) moved from \(before) to \(after).")))
            }
        }
        return notices
    }
}
