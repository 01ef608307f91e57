import Fluent
import Foundation
import TilsynCore
import Vapor

/// A zone's or a unit's dashboard (R42): each indicator's value against the target the leader set,
/// met or not, with a chart of how far each is from its target; leaders change the targets. The
/// unit's page also shows each zone's value against the zone's own target, side by side.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let leaders = routes.grouped(RequireRole.leaders).grouped("dashboard")
        // Counts and shares only: no recipient is identifiable.
        leaders.get(use: page).classify(.aggregate)
        leaders.post("targets", use: setTarget).classify(.aggregate)
    }

    struct Cell: Encodable {
        var value: String
        var met: Bool
        var measured: Bool
    }

    struct Row: Encodable {
        var name: String
        var value: String
        var target: String
        var met: Bool
        var measured: Bool
        /// On a unit's page: each zone's value against its own target.
        var zones: [Cell]
    }

    struct Page: Encodable {
        var zones: [PlanningPagesController.Option]
        var zoneID: String
        var scopeName: String
        var isUnit: Bool
        var zoneNames: [String]
        var rows: [Row]
        var chart: String
        var indicators: [PlanningPagesController.Option]
        var metCount: Int
        var measuredCount: Int
    }

    @Sendable func page(req: Request) async throws -> Response {
        let (scope, choices) = try await DashboardScope.choose(req, asked: req.query["zone"])
        let language = req.language
        let indicators = DashboardIndicators(
            database: req.db, today: req.application.today,
            expiryNoticeDays: req.application.tilsyn.decisionExpiryNoticeDays)
        let values = try await indicators.measure(zoneIDs: scope.zoneIDs)
        let targets = try await scope.targets(req.db)
        // A unit's page: each zone beside the whole, against the zone's own targets.
        var zoneColumns: [(name: String, values: [DashboardIndicator: Double], targets: [DashboardIndicator: Double])] =
            []
        if case .unit(_, let zones) = scope {
            let zoneTargets = try await DashboardScope.zoneTargets(zones.compactMap(\.id), req.db)
            for zone in zones {
                zoneColumns.append(
                    (zone.name, try await indicators.measure(zoneIDs: [zone.id!]), zoneTargets[zone.id!] ?? [:]))
            }
        }
        func number(_ value: Double) -> String { NumberText.format((value * 10).rounded() / 10, language: language) }
        func met(_ indicator: DashboardIndicator, _ value: Double?, _ target: Double) -> Bool {
            value.map { indicator.lowerIsBetter ? $0 <= target + 1e-9 : $0 >= target - 1e-9 } ?? false
        }
        var rows: [Row] = []
        var bars: [(label: String, value: Double, text: String)] = []
        for indicator in DashboardIndicator.allCases {
            let target = targets[indicator] ?? indicator.defaultTarget
            let value = values[indicator]
            rows.append(
                Row(
                    name: indicator.name.text(in: language), value: value.map(number) ?? "–",
                    target: (indicator.lowerIsBetter ? "≤ " : "≥ ") + number(target),
                    met: met(indicator, value, target),
                    measured: value != nil,
                    zones: zoneColumns.map { column in
                        let value = column.values[indicator]
                        return Cell(
                            value: value.map(number) ?? "–",
                            met: met(indicator, value, column.targets[indicator] ?? indicator.defaultTarget),
                            measured: value != nil)
                    }))
            if let value {
                // How much of the target is reached, capped at 150 %.
                let reached =
                    indicator.lowerIsBetter
                    ? (value <= 0 ? 1.5 : min(1.5, max(target, 0.0001) / value)) : min(1.5, value / max(target, 0.0001))
                bars.append(
                    (
                        label: String(indicator.name.text(in: language).prefix(24)), value: reached,
                        text: "\(number(value)) / \(number(target))"
                    ))
            }
        }
        let page = Page(
            zones: choices, zoneID: scope.formValue, scopeName: scope.name, isUnit: scope.unitID != nil,
            zoneNames: zoneColumns.map(\.name), rows: rows,
            chart: SVGChart.bars(
                title: LocalizedText(nb: "Måloppnåelse, \(scope.name)", en: "Targets reached, \(scope.name)").text(
                    in: language),
                measured: bars),
            indicators: DashboardIndicator.allCases.map {
                .init(value: $0.rawValue, label: $0.name.text(in: language), selected: false)
            },
            metCount: rows.filter(\.met).count, measuredCount: rows.filter(\.measured).count)
        return try await req.renderPage("dashboard", titleKey: "dashboard_title", page)
    }

    struct TargetForm: Content {
        var zone: String
        var indicator: String
        var target: String
    }

    @Sendable func setTarget(req: Request) async throws -> Response {
        let form = try req.content.decode(TargetForm.self)
        let (scope, _) = try await DashboardScope.choose(req, asked: form.zone)
        guard let indicator = DashboardIndicator(rawValue: form.indicator) else { throw DashboardError.indicator }
        guard let value = Double(form.target.replacingOccurrences(of: ",", with: ".")), value >= 0, value <= 10_000
        else {
            throw DashboardError.target
        }
        guard case .zone(let zone) = scope else {
            // The unit's targets are the unit leader's to set.
            guard req.signedInUser?.role == .unitLeader, let unitID = scope.unitID else {
                throw DashboardError.unitTarget
            }
            let target =
                try await DashboardUnitTargetModel.query(on: req.db).filter(\.$unit.$id == unitID)
                .filter(\.$indicator == indicator.rawValue).first() ?? DashboardUnitTargetModel()
            target.$unit.id = unitID
            target.indicator = indicator.rawValue
            target.target = value
            target.setAt = Date()
            target.$setBy.id = req.signedInUser?.staffID
            try await target.save(on: req.db)
            return req.redirect(to: "/dashboard?zone=\(scope.formValue)", redirectType: .normal)
        }
        let target =
            try await DashboardTargetModel.query(on: req.db).filter(\.$zone.$id == zone.id!)
            .filter(\.$indicator == indicator.rawValue).first() ?? DashboardTargetModel()
        target.$zone.id = zone.id!
        target.indicator = indicator.rawValue
        target.target = value
        target.setAt = Date()
        target.$setBy.id = req.signedInUser?.staffID
        try await target.save(on: req.db)
        return req.redirect(to: "/dashboard?zone=\(zone.id!.uuidString)", redirectType: .normal)
    }
}

/// Why a target was not set.
enum DashboardError: UserFacingError {
    case indicator, target, unitTarget

    var status: HTTPResponseStatus { self == .unitTarget ? .forbidden : .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? { self == .unitTarget ? nil : "\(self)" }
    var message: LocalizedText {
        switch self {
        case .indicator: LocalizedText(nb: "Velg en indikator.", en: "Choose an indicator.")
        case .target:
            LocalizedText(
                nb: "Målet må være et tall fra 0 til 10 000.", en: "The target must be a number from 0 to 10,000.")
        case .unitTarget:
            LocalizedText(
                nb: "Bare enhetslederen setter mål for hele enheten.",
                en: "Only the unit leader sets the unit's targets.")
        }
    }
}
