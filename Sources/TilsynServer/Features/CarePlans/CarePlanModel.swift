import Fluent
import Foundation
import TilsynCore

/// The care plan's own fields (its goal); the measures are rows of their own.
final class CarePlanModel: Model, @unchecked Sendable {
    static let schema = "care_plans"
    @ID(key: .id) var id: UUID?
    @Parent(key: "recipient_id") var recipient: RecipientModel
    @Field(key: "goal") var goal: String
    @Field(key: "version") var version: Int

    init() {}

    init(recipientID: UUID, goal: String) {
        id = CarePlanModel.id(for: recipientID)
        $recipient.id = recipientID
        self.goal = goal
        version = 1
    }

    /// One plan per recipient, so its id is derived from the recipient's.
    static func id(for recipientID: UUID) -> UUID { StableUUID.make(from: "care-plan:\(recipientID.uuidString)") }
}

/// What a care plan's version snapshot holds.
struct CarePlanSnapshot: Codable {
    var recipientID: UUID
    var goal: String
}

final class MeasureModel: Model, @unchecked Sendable {
    static let schema = "measures"
    @ID(key: .id) var id: UUID?
    @Parent(key: "recipient_id") var recipient: RecipientModel
    @OptionalParent(key: "decision_id") var decision: DecisionModel?
    @Field(key: "title") var title: String
    @Field(key: "weekdays") var weekdays: [String]
    /// "07:30-10:00" per window.
    @Field(key: "windows") var windows: [String]
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "required_competences") var requiredCompetences: [String]
    @Field(key: "staff_count") var staffCount: Int
    @Field(key: "instructions") var instructions: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "version") var version: Int

    init() {}

    init(_ measure: Measure) {
        id = measure.id
        version = 1
        update(from: measure)
    }

    func update(from measure: Measure) {
        $recipient.id = measure.recipientID
        $decision.id = measure.decisionID
        title = measure.title
        weekdays = measure.weekdays.sorted().map(\.rawValue)
        windows = measure.windows.map(\.description)
        durationMinutes = measure.durationMinutes
        requiredCompetences = measure.requiredCompetences.sorted().map(\.rawValue)
        staffCount = measure.staffCount
        instructions = measure.instructions
        isActive = measure.isActive
    }

    var domain: Measure {
        Measure(
            id: id!, recipientID: $recipient.id, decisionID: $decision.id, title: title,
            weekdays: Set(weekdays.compactMap(Weekday.init(rawValue:))), windows: windows.compactMap(TimeWindow.init),
            durationMinutes: durationMinutes, requiredCompetences: Set(requiredCompetences.compactMap(Competence.init)),
            staffCount: staffCount, instructions: instructions, isActive: isActive)
    }
}

struct CreateCarePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CarePlanModel.schema)
            .id()
            .field("recipient_id", .uuid, .required, .references(RecipientModel.schema, "id"))
            .field("goal", .string, .required)
            .field("version", .int, .required)
            .unique(on: "recipient_id")
            .create()
        try await database.schema(MeasureModel.schema)
            .id()
            .field("recipient_id", .uuid, .required, .references(RecipientModel.schema, "id"))
            .field("decision_id", .uuid, .references(DecisionModel.schema, "id"))
            .field("title", .string, .required)
            .field("weekdays", .array(of: .string), .required)
            .field("windows", .array(of: .string), .required)
            .field("duration_minutes", .int, .required)
            .field("required_competences", .array(of: .string), .required)
            .field("staff_count", .int, .required)
            .field("instructions", .string, .required)
            .field("is_active", .bool, .required)
            .field("version", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeasureModel.schema).delete()
        try await database.schema(CarePlanModel.schema).delete()
    }
}
