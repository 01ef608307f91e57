import Fluent
import Foundation
import TilsynCore
import Vapor

/// Allocated against planned hours (R6) for a zone and week: every recipient's hours by decision
/// and the hours their care plan gives; those far above or below (±20 %) on top, so the unit can
/// report surplus as well as missing capacity; a CSV with the evidence for the allocation office.
struct HoursController: RouteCollection {
    static let roles = RequireRole(roles: [.departmentLeader, .unitLeader, .allocationOfficer])

    func boot(routes: any RoutesBuilder) throws {
        let hours = routes.grouped(Self.roles).grouped("hours")
        hours.get(use: page).classify(.recipientList(.decisions))
        hours.get("export.csv", use: export).classify(.recipientList(.decisions))
    }

    struct Row: Encodable {
        var recipient: String
        var allocated: String
        var planned: String
        var difference: String
        /// Time actually spent, from the check-offs on "Min dag" ("–" until any are recorded).
        var actual: String
        var percent: String
        var flag: String
        var services: String
    }

    struct Page: Encodable {
        var zones: [PlanningPagesController.Option]
        var zoneID: String
        var week: WeekChoice
        var rows: [Row]
        var totalAllocated: String
        var totalPlanned: String
        var above: Int
        var below: Int
        var csvLink: String
    }

    struct Computed {
        var zone: ZoneModel
        var zones: [ZoneModel]
        var monday: LocalDate
        var rows: [AllocatedHours.Row]
        var names: [UUID: String]
        var actual: [UUID: Double]
    }

    /// Threshold for "far from the allocation".
    static let tolerance = 0.2

    private func compute(_ req: Request) async throws -> Computed {
        let (zone, zones) = try await ZoneChoice.choose(req, asked: req.query["zone"])
        let monday = try WeekChoice.monday(asked: req.query["week"], today: req.application.today)
        let recipients = try await RecipientModel.query(on: req.db).filter(\.$zone.$id == zone.id!).all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .decisions)
        let ids = Array(visible)
        let decisions = try await DecisionModel.query(on: req.db).filter(\.$recipient.$id ~~ ids).all().map(\.domain)
        let service = VisitService(database: req.db, expiryNoticeDays: req.application.tilsyn.decisionExpiryNoticeDays)
        let planned = try await AllocatedHours.plannedWeek(service, from: monday, recipients: visible)
        let rows = AllocatedHours.rows(
            allocated: AllocatedHours.allocated(decisions, weekOf: monday), planned: planned)
        // Actual hours: visits of the week checked off as done, from start to finish.
        let recorded = try await VisitModel.query(on: req.db).filter(\.$recipient.$id ~~ ids)
            .filter(\.$date >= monday.description).filter(\.$date <= monday.adding(days: 6).description)
            .filter(\.$outcome == "done").all()
        var actual: [UUID: Double] = [:]
        for visit in recorded {
            guard let start = visit.startedAt, let end = visit.finishedAt else { continue }
            actual[visit.$recipient.id, default: 0] += max(0, end.timeIntervalSince(start)) / 3600
        }
        let names = Dictionary(
            uniqueKeysWithValues: recipients.filter { visible.contains($0.id!) }.map {
                ($0.id!, "\($0.familyName), \($0.givenName)")
            })
        return Computed(zone: zone, zones: zones, monday: monday, rows: rows, names: names, actual: actual)
    }

    static func far(_ row: AllocatedHours.Row) -> Int {
        guard let ratio = row.ratio else { return row.planned > 0 ? 1 : 0 }
        if ratio > 1 + tolerance { return 1 }
        if ratio < 1 - tolerance { return -1 }
        return 0
    }

    @Sendable func page(req: Request) async throws -> Response {
        let computed = try await compute(req)
        let language = req.language
        func hours(_ value: Double) -> String { NumberText.format((value * 10).rounded() / 10, language: language) }
        let sorted = computed.rows.sorted { a, b in
            let (fa, fb) = (abs(Self.far(a)), abs(Self.far(b)))
            return fa != fb ? fa > fb : abs(a.difference) > abs(b.difference)
        }
        let rows = sorted.map { row in
            Row(
                recipient: computed.names[row.recipientID] ?? "", allocated: hours(row.allocated),
                planned: hours(row.planned),
                difference: (row.difference > 0 ? "+" : "") + hours(row.difference),
                actual: computed.actual[row.recipientID].map(hours) ?? "–",
                percent: row.ratio.map { NumberText.format(($0 * 100).rounded(), language: language) + " %" } ?? "–",
                flag: [1: LocalizedText(nb: "over", en: "above"), -1: LocalizedText(nb: "under", en: "below")][
                    Self.far(row)]?
                    .text(in: language) ?? "",
                services: row.services.joined(separator: "; "))
        }
        let zoneID = computed.zone.id!.uuidString
        let page = Page(
            zones: computed.zones.map {
                .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id == computed.zone.id)
            },
            zoneID: zoneID, week: WeekChoice(monday: computed.monday), rows: rows,
            totalAllocated: hours(computed.rows.reduce(0) { $0 + $1.allocated }),
            totalPlanned: hours(computed.rows.reduce(0) { $0 + $1.planned }),
            above: computed.rows.filter { Self.far($0) == 1 }.count,
            below: computed.rows.filter { Self.far($0) == -1 }.count,
            csvLink: "/hours/export.csv?zone=\(zoneID)&week=\(computed.monday)")
        return try await req.renderPage("hours", titleKey: "hours_title", page)
    }

    @Sendable func export(req: Request) async throws -> Response {
        let computed = try await compute(req)
        var rows = [
            [
                "uke", "mottaker", "vedtakstimer", "planlagte_timer", "differanse", "prosent", "avvik", "vedtak",
                "faktiske_timer",
            ]
        ]
        for row in computed.rows.sorted(by: {
            (computed.names[$0.recipientID] ?? "") < (computed.names[$1.recipientID] ?? "")
        }) {
            rows.append([
                computed.monday.description, computed.names[row.recipientID] ?? "",
                String(format: "%.2f", row.allocated),
                String(format: "%.2f", row.planned), String(format: "%.2f", row.difference),
                row.ratio.map { String(format: "%.0f", $0 * 100) } ?? "",
                ["1": "over", "-1": "under"][String(Self.far(row))] ?? "",
                row.services.joined(separator: "; "),
                computed.actual[row.recipientID].map { String(format: "%.2f", $0) } ?? "",
            ])
        }
        return CSVDownload.response(rows: rows, filename: "vedtakstimer-\(computed.zone.name)-\(computed.monday).csv")
    }
}
