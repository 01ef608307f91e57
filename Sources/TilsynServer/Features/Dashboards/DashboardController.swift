import Fluent
import Foundation
import TilsynCore
import Vapor

/// A zone's dashboard (R42): each indicator's value against the target the leader set, met or not,
/// with a chart of how far each is from its target; leaders change the targets.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let leaders = routes.grouped(RequireRole.leaders).grouped("dashboard")
        // Counts and shares only: no recipient is identifiable.
        leaders.get(use: page).classify(.aggregate)
        leaders.post("targets", use: setTarget).classify(.aggregate)
    }

    struct Row: Encodable {
        var name: String
        var value: String
        var target: String
        var met: Bool
        var measured: Bool
    }

    struct Page: Encodable {
        var zones: [PlanningPagesController.Option]
        var zoneID: String
        var rows: [Row]
        var chart: String
        var indicators: [PlanningPagesController.Option]
        var metCount: Int
        var measuredCount: Int
    }

    @Sendable func page(req: Request) async throws -> Response {
        let (zone, zones) = try await ReportBoardController.zone(req, req.query["zone"])
        let language = req.language
        let values = try await DashboardIndicators(
            database: req.db, today: req.application.today,
            expiryNoticeDays: req.application.tilsyn.decisionExpiryNoticeDays
        ).measure(zone)
        let targets = Dictionary(
            try await DashboardTargetModel.query(on: req.db).filter(\.$zone.$id == zone.id!).all()
                .compactMap { target in DashboardIndicator(rawValue: target.indicator).map { ($0, target.target) } },
            uniquingKeysWith: { a, _ in a })
        func number(_ value: Double) -> String { NumberText.format((value * 10).rounded() / 10, language: language) }
        var rows: [Row] = []
        var bars: [(label: String, value: Double, text: String)] = []
        for indicator in DashboardIndicator.allCases {
            let target = targets[indicator] ?? indicator.defaultTarget
            let value = values[indicator]
            let met = value.map { indicator.lowerIsBetter ? $0 <= target + 1e-9 : $0 >= target - 1e-9 } ?? false
            rows.append(
                Row(
                    name: indicator.name.text(in: language), value: value.map(number) ?? "–",
                    target: (indicator.lowerIsBetter ? "≤ " : "≥ ") + number(target), met: met, measured: value != nil))
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
            zones: zones.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id == zone.id) },
            zoneID: zone.id!.uuidString, rows: rows,
            chart: SVGChart.bars(
                title: LocalizedText(nb: "Måloppnåelse, \(zone.name)", en: "Targets reached, \(zone.name)").text(
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
        let (zone, _) = try await ReportBoardController.zone(req, form.zone)
        guard let indicator = DashboardIndicator(rawValue: form.indicator) else { throw DashboardError.indicator }
        guard let value = Double(form.target.replacingOccurrences(of: ",", with: ".")), value >= 0, value <= 10_000
        else {
            throw DashboardError.target
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
    case indicator, target

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? { "\(self)" }
    var message: LocalizedText {
        switch self {
        case .indicator: LocalizedText(nb: "Velg en indikator.", en: "Choose an indicator.")
        case .target:
            LocalizedText(
                nb: "Målet må være et tall fra 0 til 10 000.", en: "The target must be a number from 0 to 10,000.")
        }
    }
}
