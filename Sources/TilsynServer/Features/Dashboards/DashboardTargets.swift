import Fluent
import Foundation
import TilsynCore

/// The indicators a zone's dashboard shows (R42), each with whether more or less is better and a
/// default target a leader may change.
enum DashboardIndicator: String, Codable, Sendable, CaseIterable {
    case sickLeave, faceToFace, primaryContactShare, caregiversPerRecipient, hoursAgainstAllocation
    case minutesToTaken, minutesToOnSite, overdueDeviations, doneVisits

    var name: LocalizedText {
        switch self {
        case .sickLeave: LocalizedText(nb: "Sykefravær siste fire uker (%)", en: "Sick leave, last four weeks (%)")
        case .faceToFace:
            LocalizedText(
                nb: "Tid hos brukerne i dagens plan (% av vakt)",
                en: "Time with recipients in today's plan (% of shift)")
        case .primaryContactShare:
            LocalizedText(
                nb: "Besøk av primærkontakten i dagens plan (%)",
                en: "Visits by the primary contact in today's plan (%)")
        case .caregiversPerRecipient:
            LocalizedText(
                nb: "Ulike ansatte per bruker siste 14 dager (snitt)",
                en: "Different caregivers per recipient, last 14 days (mean)")
        case .hoursAgainstAllocation:
            LocalizedText(
                nb: "Planlagte timer mot vedtakstimer denne uka (%)",
                en: "Planned against allocated hours this week (%)")
        case .minutesToTaken:
            LocalizedText(
                nb: "Minutter fra alarm til tatt (median, 30 dager)",
                en: "Minutes from alarm to taken (median, 30 days)")
        case .minutesToOnSite:
            LocalizedText(
                nb: "Minutter fra alarm til ansatt på stedet (median, 30 dager)",
                en: "Minutes from alarm to staff on site (median, 30 days)")
        case .overdueDeviations: LocalizedText(nb: "Avvik på overtid", en: "Overdue deviations")
        case .doneVisits:
            LocalizedText(
                nb: "Utførte av planlagte besøk siste sju dager (%)", en: "Planned visits done, last seven days (%)")
        }
    }

    /// Whether a value at or below the target is good (otherwise at or above).
    var lowerIsBetter: Bool {
        switch self {
        case .sickLeave, .caregiversPerRecipient, .minutesToTaken, .minutesToOnSite, .overdueDeviations: true
        case .faceToFace, .primaryContactShare, .hoursAgainstAllocation, .doneVisits: false
        }
    }

    var defaultTarget: Double {
        switch self {
        case .sickLeave: 7
        case .faceToFace: 50
        case .primaryContactShare: 40
        case .caregiversPerRecipient: 6
        case .hoursAgainstAllocation: 90
        case .minutesToTaken: 2
        case .minutesToOnSite: 30
        case .overdueDeviations: 0
        case .doneVisits: 95
        }
    }
}

/// A target a leader set for a zone's indicator.
final class DashboardTargetModel: Model, @unchecked Sendable {
    static let schema = "dashboard_targets"
    @ID(key: .id) var id: UUID?
    @Parent(key: "zone_id") var zone: ZoneModel
    @Field(key: "indicator") var indicator: String
    @Field(key: "target") var target: Double
    @Field(key: "set_at") var setAt: Date
    @OptionalParent(key: "set_by") var setBy: StaffMemberModel?

    init() {}
}

struct CreateDashboardTargets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DashboardTargetModel.schema)
            .id()
            .field("zone_id", .uuid, .required, .references(ZoneModel.schema, "id"))
            .field("indicator", .string, .required)
            .field("target", .double, .required)
            .field("set_at", .datetime, .required)
            .field("set_by", .uuid, .references(StaffMemberModel.schema, "id"))
            .unique(on: "zone_id", "indicator")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DashboardTargetModel.schema).delete()
    }
}
