import Fluent
import Foundation
import TilsynCore

/// What kind of deviation (*avvik*) it is.
enum DeviationCategory: String, Codable, Sendable, CaseIterable {
    case medication, fall, missedVisit, equipment, routine, threat, privacy, other

    var name: LocalizedText {
        switch self {
        case .medication: LocalizedText(nb: "Legemidler", en: "Medication")
        case .fall: LocalizedText(nb: "Fall", en: "Fall")
        case .missedVisit: LocalizedText(nb: "Besøk ikke utført", en: "Visit not made")
        case .equipment: LocalizedText(nb: "Utstyr", en: "Equipment")
        case .routine: LocalizedText(nb: "Rutine ikke fulgt", en: "Routine not followed")
        case .threat: LocalizedText(nb: "Vold eller trusler", en: "Violence or threats")
        case .privacy: LocalizedText(nb: "Taushetsplikt og personvern", en: "Confidentiality and privacy")
        case .other: LocalizedText(nb: "Annet", en: "Other")
        }
    }
}

/// How serious; sets how soon the leader must have assessed it.
enum DeviationSeverity: String, Codable, Sendable, CaseIterable {
    case low, medium, high, critical

    var name: LocalizedText {
        switch self {
        case .low: LocalizedText(nb: "Lav", en: "Low")
        case .medium: LocalizedText(nb: "Middels", en: "Medium")
        case .high: LocalizedText(nb: "Høy", en: "High")
        case .critical: LocalizedText(nb: "Kritisk", en: "Critical")
        }
    }

    /// Days the leader has to assess and act.
    var daysToFollowUp: Int {
        switch self {
        case .low: 14
        case .medium: 7
        case .high: 3
        case .critical: 1
        }
    }
}

/// Where a deviation is: filed, assessed with an action, or closed with what was learned.
enum DeviationStatus: String, Codable, Sendable, CaseIterable {
    case open, assessed, closed

    var name: LocalizedText {
        switch self {
        case .open: LocalizedText(nb: "Ny", en: "New")
        case .assessed: LocalizedText(nb: "Vurdert, tiltak satt i gang", en: "Assessed, action taken")
        case .closed: LocalizedText(nb: "Lukket", en: "Closed")
        }
    }
}

/// A deviation report (R40). The reporter is always stored — the audit never forgets who — but a
/// reporter who asks for it is not shown to colleagues; leaders who follow up see who it was.
final class DeviationModel: Model, @unchecked Sendable {
    static let schema = "deviations"
    @ID(key: .id) var id: UUID?
    @Parent(key: "reporter_id") var reporter: StaffMemberModel
    @Field(key: "anonymous_to_colleagues") var anonymousToColleagues: Bool
    @OptionalParent(key: "zone_id") var zone: ZoneModel?
    @OptionalParent(key: "recipient_id") var recipient: RecipientModel?
    @Field(key: "what") var what: String
    @Field(key: "place") var place: String
    @Field(key: "category") var category: String
    @Field(key: "severity") var severity: String
    @Field(key: "status") var status: String
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "reported_at") var reportedAt: Date
    /// When the leader must have assessed it.
    @Field(key: "follow_up_by") var followUpBy: Date
    @OptionalField(key: "assessment") var assessment: String?
    @OptionalField(key: "action") var action: String?
    @OptionalField(key: "learned") var learned: String?
    @OptionalParent(key: "handled_by") var handledBy: StaffMemberModel?
    @OptionalField(key: "assessed_at") var assessedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?

    init() {}

    /// Past its follow-up time and not yet assessed (or not closed a week after that).
    func isOverdue(now: Date = Date()) -> Bool {
        switch DeviationStatus(rawValue: status) {
        case .open: now > followUpBy
        case .assessed: now > followUpBy.addingTimeInterval(7 * 86_400)
        default: false
        }
    }
}

struct CreateDeviations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DeviationModel.schema)
            .id()
            .field("reporter_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("anonymous_to_colleagues", .bool, .required)
            .field("zone_id", .uuid, .references(ZoneModel.schema, "id"))
            .field("recipient_id", .uuid, .references(RecipientModel.schema, "id"))
            .field("what", .string, .required)
            .field("place", .string, .required)
            .field("category", .string, .required)
            .field("severity", .string, .required)
            .field("status", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("reported_at", .datetime, .required)
            .field("follow_up_by", .datetime, .required)
            .field("assessment", .string)
            .field("action", .string)
            .field("learned", .string)
            .field("handled_by", .uuid, .references(StaffMemberModel.schema, "id"))
            .field("assessed_at", .datetime)
            .field("closed_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DeviationModel.schema).delete()
    }
}
