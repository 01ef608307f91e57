import Fluent
import Foundation
import TilsynCore

final class DecisionModel: Model, @unchecked Sendable {
    static let schema = "decisions"
    @ID(key: .id) var id: UUID?
    @Parent(key: "recipient_id") var recipient: RecipientModel
    @Field(key: "service_type") var serviceType: String
    @Field(key: "hours_per_week") var hoursPerWeek: Double
    /// "YYYY-MM-DD": sorts and compares as text on both databases.
    @Field(key: "valid_from") var validFrom: String
    @OptionalField(key: "valid_to") var validTo: String?
    @Field(key: "version") var version: Int

    init() {}

    init(_ decision: Decision) {
        id = decision.id
        version = 1
        update(from: decision)
    }

    func update(from decision: Decision) {
        $recipient.id = decision.recipientID
        serviceType = decision.serviceType.rawValue
        hoursPerWeek = decision.hoursPerWeek
        validFrom = decision.validFrom.description
        validTo = decision.validTo?.description
    }

    var domain: Decision {
        Decision(
            id: id!, recipientID: $recipient.id, serviceType: ServiceType(rawValue: serviceType) ?? .homeNursing,
            hoursPerWeek: hoursPerWeek, validFrom: LocalDate(validFrom)!, validTo: validTo.flatMap { LocalDate($0) })
    }
}

struct CreateDecisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DecisionModel.schema)
            .id()
            .field("recipient_id", .uuid, .required, .references(RecipientModel.schema, "id"))
            .field("service_type", .string, .required)
            .field("hours_per_week", .double, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("version", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DecisionModel.schema).delete()
    }
}
