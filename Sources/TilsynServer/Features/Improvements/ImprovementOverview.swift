import Fluent
import Foundation
import TilsynCore
import Vapor

/// The unit's improvement overview: the flow, time to answer, stalled trials, measured effects,
/// and a CSV export for the municipality's quality committee.
struct ImprovementOverviewController: RouteCollection {
    struct TrialEffect: Encodable {
        var ideaID: String
        var title: String
        var indicator: String
        var baseline: String
        var latest: String
        var target: String
        var stage: String
        var chart: String
    }

    struct Page: Encodable {
        var flowChart: String
        var submitted: Int
        var answered: Int
        var answeredInTime: Int
        var medianDaysToAnswer: String
        var waiting: Int
        var overdue: Int
        var stalled: [IdeaRow]
        var effects: [TrialEffect]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("ideas", "overview", use: overview).classify(.noHealthData)
        routes.get("ideas", "overview.csv", use: export).classify(.noHealthData)
    }

    struct Item {
        var idea: Idea
        var trial: Trial?
        var stage: IdeaStage
    }

    private func items(_ req: Request) async throws -> [Item] {
        let ideas = try await IdeaModel.query(on: req.db).sort(\.$submittedAt).all().map(\.domain)
        let trials = Dictionary(
            try await TrialModel.query(on: req.db).all().map { ($0.$idea.id, $0.domain) },
            uniquingKeysWith: { a, _ in a })
        return ideas.map { Item(idea: $0, trial: trials[$0.id], stage: $0.stage(trial: trials[$0.id])) }
    }

    @Sendable func overview(req: Request) async throws -> Response {
        let language = req.language
        let items = try await items(req)
        let target = ImprovementService(database: req.db).answerTargetDays
        let today = req.application.today
        let texts = req.application.catalogue.texts(for: language)
        let labels = (baseline: texts["trial_baseline"] ?? "", target: texts["trial_target"] ?? "")
        let answered = items.filter { $0.idea.answeredAt != nil }
        let days = answered.map { $0.idea.answeredAt!.timeIntervalSince($0.idea.submittedAt) / 86400 }.sorted()
        let median = days.isEmpty ? "–" : NumberText.format(days[days.count / 2], language: language, oneDecimal: true)
        let flow = IdeaStage.allCases.map { stage in
            (label: stage.displayName.text(in: language), value: items.filter { $0.stage == stage }.count)
        }
        let stalled = items.compactMap { item -> IdeaRow? in
            guard let reason = item.trial?.stalledReason(on: today) else { return nil }
            return IdeaRow(
                id: item.idea.id.uuidString, title: item.idea.title,
                category: item.idea.category.displayName.text(in: language),
                stage: item.stage.displayName.text(in: language), stageKey: item.stage.rawValue,
                submitted: LocalDate(item.idea.submittedAt, in: req.application.tilsyn.timeZone).description,
                supports: 0,
                overdue: false, stalled: reason.displayName.text(in: language))
        }
        let effects = items.flatMap { item -> [TrialEffect] in
            (item.trial?.indicators ?? []).map { indicator in
                TrialEffect(
                    ideaID: item.idea.id.uuidString, title: item.idea.title,
                    indicator: "\(indicator.name) (\(indicator.unit))",
                    baseline: Self.number(language, indicator.baseline),
                    latest: indicator.values.last.map { Self.number(language, $0.value) } ?? "–",
                    target: Self.number(language, indicator.target), stage: item.stage.displayName.text(in: language),
                    chart: SVGChart.series(
                        title: indicator.name, values: indicator.values.map { ($0.date.description, $0.value) },
                        baseline: indicator.baseline, target: indicator.target, labels: labels))
            }
        }
        let page = Page(
            flowChart: SVGChart.bars(
                title: LocalizedText(nb: "Forslag etter status", en: "Ideas by stage").text(in: language), flow),
            submitted: items.count, answered: answered.count,
            answeredInTime: days.filter { $0 <= Double(target) }.count, medianDaysToAnswer: median,
            waiting: items.filter { $0.idea.answer == nil }.count,
            overdue: items.filter { $0.idea.isOverdue(at: Date(), targetDays: target) }.count, stalled: stalled,
            effects: effects)
        return try await req.renderPage("ideas-overview", titleKey: "overview_ideas_title", page)
    }

    @Sendable func export(req: Request) async throws -> Response {
        let language = req.language
        let zones = Dictionary(
            uniqueKeysWithValues: try await ZoneModel.query(on: req.db).all().map { ($0.id!, $0.name) })
        var rows = [
            [
                "title", "category", "zone", "stage", "submitted", "answered", "answer", "trial_start", "trial_end",
                "indicator", "unit", "baseline", "latest", "target", "decision", "learned",
            ]
        ]
        let timestamp = ISO8601DateFormatter()
        for item in try await items(req) {
            let indicator = item.trial?.indicators.first
            rows.append([
                item.idea.title, item.idea.category.displayName.text(in: language),
                item.idea.zoneID.flatMap { zones[$0] } ?? "", item.stage.displayName.text(in: language),
                timestamp.string(from: item.idea.submittedAt),
                item.idea.answeredAt.map { timestamp.string(from: $0) } ?? "",
                item.idea.answer?.kind.displayName.text(in: language) ?? "", item.trial?.startDate.description ?? "",
                item.trial?.endDate.description ?? "", indicator?.name ?? "", indicator?.unit ?? "",
                indicator.map { Self.number(language, $0.baseline) } ?? "",
                indicator?.values.last.map { Self.number(language, $0.value) } ?? "",
                indicator.map { Self.number(language, $0.target) } ?? "",
                item.trial?.evaluation?.decision.displayName.text(in: language) ?? "",
                item.trial?.evaluation?.learned ?? "",
            ])
        }
        return CSVDownload.response(rows: rows, filename: "forbedringsarbeid-\(req.application.today).csv")
    }

    static func number(_ language: String, _ value: Double) -> String {
        NumberText.format(value, language: language)
    }
}
