import Fluent
import Foundation
import TilsynCore
import Vapor

/// A target the unit's leader set for the whole unit's indicator (zones keep their own).
final class DashboardUnitTargetModel: Model, @unchecked Sendable {
    static let schema = "dashboard_unit_targets"
    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: CareUnitModel
    @Field(key: "indicator") var indicator: String
    @Field(key: "target") var target: Double
    @Field(key: "set_at") var setAt: Date
    @OptionalParent(key: "set_by") var setBy: StaffMemberModel?

    init() {}
}

struct CreateDashboardUnitTargets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DashboardUnitTargetModel.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(CareUnitModel.schema, "id"))
            .field("indicator", .string, .required)
            .field("target", .double, .required)
            .field("set_at", .datetime, .required)
            .field("set_by", .uuid, .references(StaffMemberModel.schema, "id"))
            .unique(on: "unit_id", "indicator")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DashboardUnitTargetModel.schema).delete()
    }
}

/// Which dashboard a page shows: one zone, or a unit's zones together.
enum DashboardScope {
    case zone(ZoneModel)
    case unit(CareUnitModel, zones: [ZoneModel])

    static let unitPrefix = "unit:"

    /// The scope asked for ("unit:<id>" or a zone id) among those the leader may see, and the choices
    /// for the page's picker: the leader's zones, then their unit(s) as a whole.
    static func choose(
        _ req: Request, asked: String?
    ) async throws -> (
        scope: DashboardScope, choices: [PlanningPagesController.Option]
    ) {
        let units = try await visibleUnits(req)
        let language = req.language
        let (zone, zones) = try await ReportBoardController.zone(
            req, asked.flatMap { $0.hasPrefix(unitPrefix) ? nil : $0 })
        var scope = DashboardScope.zone(zone)
        if let asked, asked.hasPrefix(unitPrefix) {
            guard let id = UUID(uuidString: String(asked.dropFirst(unitPrefix.count))),
                let unit = units.first(where: { $0.id == id })
            else { throw PlanningError.zoneNotAllowed }
            let unitZones = try await ZoneModel.query(on: req.db).filter(\.$unit.$id == id).sort(\.$name).all()
            scope = .unit(unit, zones: unitZones)
        }
        var choices = zones.map {
            PlanningPagesController.Option(
                value: $0.id!.uuidString, label: $0.name, selected: scope.zoneID == $0.id)
        }
        choices += units.map {
            PlanningPagesController.Option(
                value: unitPrefix + $0.id!.uuidString,
                label: LocalizedText(nb: "Hele enheten: \($0.name)", en: "The whole unit: \($0.name)").text(
                    in: language),
                selected: scope.unitID == $0.id)
        }
        return (scope, choices)
    }

    /// A unit leader's unit (every unit when they have none); a department leader's zone's unit.
    static func visibleUnits(_ req: Request) async throws -> [CareUnitModel] {
        let user = try req.requireUser()
        let all = try await CareUnitModel.query(on: req.db).sort(\.$name).all()
        guard let zoneID = user.zoneID, let zone = try await ZoneModel.find(zoneID, on: req.db) else {
            return user.role == .unitLeader ? all : []
        }
        return all.filter { $0.id == zone.$unit.id }
    }

    var zoneID: UUID? {
        if case .zone(let zone) = self { return zone.id }
        return nil
    }

    var unitID: UUID? {
        if case .unit(let unit, _) = self { return unit.id }
        return nil
    }

    var name: String {
        switch self {
        case .zone(let zone): zone.name
        case .unit(let unit, _): unit.name
        }
    }

    var zoneIDs: [UUID] {
        switch self {
        case .zone(let zone): [zone.id!]
        case .unit(_, let zones): zones.compactMap(\.id)
        }
    }

    /// The value the page's forms post back.
    var formValue: String {
        switch self {
        case .zone(let zone): zone.id!.uuidString
        case .unit(let unit, _): Self.unitPrefix + unit.id!.uuidString
        }
    }

    /// The targets set for this scope (defaults fill the rest).
    func targets(_ database: any Database) async throws -> [DashboardIndicator: Double] {
        switch self {
        case .zone(let zone):
            return try await Self.zoneTargets([zone.id!], database)[zone.id!] ?? [:]
        case .unit(let unit, _):
            let pairs = try await DashboardUnitTargetModel.query(on: database).filter(\.$unit.$id == unit.id!).all()
                .compactMap { target in DashboardIndicator(rawValue: target.indicator).map { ($0, target.target) } }
            return Dictionary(pairs, uniquingKeysWith: { a, _ in a })
        }
    }

    /// The targets each of `zoneIDs` set, in one query (a unit's page shows every zone).
    static func zoneTargets(
        _ zoneIDs: [UUID], _ database: any Database
    ) async throws
        -> [UUID: [DashboardIndicator: Double]]
    {
        var targets: [UUID: [DashboardIndicator: Double]] = [:]
        for target in try await DashboardTargetModel.query(on: database).filter(\.$zone.$id ~~ zoneIDs).all() {
            guard let indicator = DashboardIndicator(rawValue: target.indicator) else { continue }
            targets[target.$zone.id, default: [:]][indicator] = target.target
        }
        return targets
    }
}
