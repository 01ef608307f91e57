import Fluent
import Foundation

/// What a plan covers: one zone, or every zone of a unit planned together so that staff can be
/// lent from one zone to another where that makes the day better (R8). Written in forms and links
/// as the zone's id, or `unit:` and the unit's id.
enum PlanningScope: Hashable, Sendable {
    case zone(UUID)
    case unit(UUID)

    init?(_ text: String) {
        if text.hasPrefix("unit:") {
            guard let id = UUID(uuidString: String(text.dropFirst(5))) else { return nil }
            self = .unit(id)
        } else {
            guard let id = UUID(uuidString: text) else { return nil }
            self = .zone(id)
        }
    }

    var parameter: String {
        switch self {
        case .zone(let id): id.uuidString
        case .unit(let id): "unit:\(id.uuidString)"
        }
    }
}

/// A unit's plan and a zone's plan of the same shift cannot both be in force: a unit plan may lend
/// a zone's staff to another zone, which a plan of that zone alone would not know about. Whichever
/// was made last is in force; the other scope may only plan the whole shift anew.
enum ScopeConflict: Sendable {
    /// A zone's page, when the whole unit was planned after the zone.
    case plannedForUnit(unitID: UUID)
    /// A unit's page, when one of its zones was planned alone after the unit.
    case plannedByZone
}

/// Plan runs of a unit (`unit_id` set; `zone_id` then holds the unit's first zone, as the column
/// is required).
struct AddUnitPlanning: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanRunModel.schema)
            .field("unit_id", .uuid, .references(CareUnitModel.schema, "id")).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanRunModel.schema).deleteField("unit_id").update()
    }
}
