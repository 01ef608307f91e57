import Fluent
import Foundation
import TilsynCore
import Vapor

/// The improvement channel's pages (R50–R53): ideas, answers, trials, measurements, evaluations, search.
/// Ideas hold no health data, so these routes are classified as such.
struct ImprovementController: RouteCollection {
    struct IdeaForm: Content {
        var title: String
        var problem: String
        var proposal: String
        var category: IdeaCategory
        var zoneId: String?
        var values: [MunicipalValue]?
        var confirmNoHealthData: String?
    }

    struct CommentForm: Content { var text: String }

    struct AnswerForm: Content {
        var kind: IdeaAnswerKind
        var reason: String?
        var link: String?
    }

    struct TrialForm: Content {
        var ownerId: UUID?
        var startDate: LocalDate
        var endDate: LocalDate
        var costHoursPerWeek: Double
        var indicatorName: String
        var indicatorUnit: String
        var baseline: Double
        var target: Double
    }

    struct MeasurementForm: Content {
        var indicatorId: UUID
        var date: LocalDate
        var value: Double
    }

    struct IndicatorForm: Content {
        var indicatorName: String
        var indicatorUnit: String
        var baseline: Double
        var target: Double
    }

    struct EvaluationForm: Content {
        var done: String
        var learned: String
        var next: String
        var decision: TrialDecision
    }

    func boot(routes: any RoutesBuilder) throws {
        let ideas = routes.grouped("ideas")
        ideas.get(use: list).classify(.noHealthData)
        ideas.get("new", use: newIdea).classify(.noHealthData)
        ideas.post(use: submit).classify(.noHealthData)
        ideas.get(":ideaID", use: show).classify(.noHealthData)
        ideas.post(":ideaID", "comments", use: comment).classify(.noHealthData)
        ideas.post(":ideaID", "support", use: support).classify(.noHealthData)
        ideas.grouped(RequireRole.leaders).post(":ideaID", "answer", use: answer).classify(.noHealthData)
        ideas.grouped(RequireRole.leaders).post(":ideaID", "trial", use: startTrial).classify(.noHealthData)
        let trials = routes.grouped("trials", ":trialID")
        trials.post("measurements", use: measure).classify(.noHealthData)
        trials.post("indicators", use: addIndicator).classify(.noHealthData)
        trials.post("evaluation", use: evaluate).classify(.noHealthData)
    }

    private func service(_ req: Request) -> ImprovementService { ImprovementService(database: req.db) }

    private func ideaID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("ideaID").flatMap(UUID.init(uuidString:)) else {
            throw ImprovementError.ideaNotFound
        }
        return id
    }

    @Sendable func list(req: Request) async throws -> Response {
        let language = req.language
        let query = req.query[String.self, at: "q"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let category = req.query[String.self, at: "category"].flatMap(IdeaCategory.init)
        let stage = req.query[String.self, at: "stage"].flatMap(IdeaStage.init)
        let value = req.query[String.self, at: "value"].flatMap(MunicipalValue.init)
        let unit = req.query[String.self, at: "unit"].flatMap(UUID.init(uuidString:))
        let units = try await CareUnitModel.query(on: req.db).sort(\.$name).all()
        let service = service(req)
        let ideas = try await IdeaModel.query(on: req.db).sort(\.$submittedAt, .descending).all()
        let trials = Dictionary(
            try await TrialModel.query(on: req.db).all().map { ($0.$idea.id, $0.domain) },
            uniquingKeysWith: { a, _ in a })
        let supports = Dictionary(grouping: try await IdeaSupportModel.query(on: req.db).all(), by: { $0.$idea.id })
        let today = req.application.today
        let words = TextSimilarity.words(query)
        var rows: [IdeaRow] = []
        for model in ideas {
            let idea = model.domain
            let trial = trials[idea.id]
            let ideaStage = idea.stage(trial: trial)
            if let category, idea.category != category { continue }
            if let stage, ideaStage != stage { continue }
            if let value, !idea.values.contains(value) { continue }
            if let unit, idea.unitID != unit { continue }
            if !words.isEmpty {
                let text = TextSimilarity.words([idea.title, idea.problem, idea.proposal].joined(separator: " "))
                if !words.allSatisfy(text.contains) { continue }
            }
            rows.append(
                IdeaRow(
                    id: idea.id.uuidString, title: idea.title, category: idea.category.displayName.text(in: language),
                    stage: ideaStage.displayName.text(in: language), stageKey: ideaStage.rawValue,
                    submitted: LocalDate(idea.submittedAt, in: req.application.tilsyn.timeZone).description,
                    supports: supports[idea.id]?.count ?? 0,
                    overdue: idea.isOverdue(at: Date(), targetDays: service.answerTargetDays),
                    stalled: trial?.stalledReason(on: today)?.displayName.text(in: language)))
        }
        let hits = query.isEmpty ? [] : try await service.similarEvaluations(to: query, limit: 5)
        let page = IdeaListPage(
            query: query,
            categories: IdeaCategory.allCases.map {
                .init(value: $0.rawValue, name: $0.displayName.text(in: language), selected: $0 == category)
            },
            stages: IdeaStage.allCases.map {
                .init(value: $0.rawValue, name: $0.displayName.text(in: language), selected: $0 == stage)
            },
            values: MunicipalValue.allCases.map {
                .init(value: $0.rawValue, name: $0.displayName.text(in: language), selected: $0 == value)
            },
            units: units.map { .init(value: $0.id!.uuidString, name: $0.name, selected: $0.id == unit) },
            ideas: rows, evaluations: hits.map { Self.hit($0, language: language) },
            targetDays: service.answerTargetDays)
        return try await req.renderPage("ideas", titleKey: "ideas_title", page)
    }

    static func hit(_ found: (idea: IdeaModel, trial: TrialModel, score: Double), language: String) -> EvaluationHit {
        EvaluationHit(
            ideaID: found.idea.id!.uuidString, title: found.idea.title,
            decision: found.trial.evaluationDecision.flatMap(TrialDecision.init)?.displayName.text(in: language) ?? "",
            learned: found.trial.evaluationLearned ?? "", score: Int((found.score * 100).rounded()))
    }

    @Sendable func newIdea(req: Request) async throws -> Response {
        let language = req.language
        let zones = try await ZoneRepository(database: req.db).zones()
        let page = NewIdeaPage(
            categories: IdeaCategory.allCases.map {
                .init(value: $0.rawValue, name: $0.displayName.text(in: language))
            },
            zones: zones.map { .init(value: $0.id.uuidString, name: $0.name) },
            values: MunicipalValue.allCases.map { .init(value: $0.rawValue, name: $0.displayName.text(in: language)) })
        return try await req.renderPage("idea-new", titleKey: "ideas_new", page)
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(IdeaForm.self)
        let zoneID = form.zoneId.flatMap(UUID.init(uuidString:))
        var unitID: UUID? = nil
        if let zoneID { unitID = try await ZoneModel.find(zoneID, on: req.db)?.$unit.id }
        if unitID == nil, let home = user.zoneID { unitID = try await ZoneModel.find(home, on: req.db)?.$unit.id }
        if unitID == nil { unitID = try await CareUnitModel.query(on: req.db).first()?.id }
        guard let unitID else { throw NotFoundError.zone }
        let idea = Idea(
            title: form.title.trimmingCharacters(in: .whitespaces), problem: form.problem, proposal: form.proposal,
            category: form.category, unitID: unitID, zoneID: zoneID, values: Set(form.values ?? []),
            authorID: user.staffID)
        try await service(req).submit(idea, confirmed: form.confirmNoHealthData == "on")
        return req.redirect(to: "/ideas/\(idea.id)")
    }

    @Sendable func show(req: Request) async throws -> Response {
        let page = try await IdeaPageBuilder(request: req).build(ideaID: try ideaID(req))
        return try await req.renderPage("idea", titleKey: "ideas_title", title: page.title, page)
    }

    @Sendable func comment(req: Request) async throws -> Response {
        let id = try ideaID(req)
        try await service(req).comment(
            ideaID: id, authorID: try req.requireUser().staffID, text: try req.content.decode(CommentForm.self).text)
        return req.redirect(to: "/ideas/\(id)#comments")
    }

    @Sendable func support(req: Request) async throws -> Response {
        let id = try ideaID(req)
        try await service(req).support(ideaID: id, staffID: try req.requireUser().staffID)
        return req.redirect(to: "/ideas/\(id)")
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let id = try ideaID(req)
        let form = try req.content.decode(AnswerForm.self)
        try await service(req).answer(
            ideaID: id, IdeaAnswer(kind: form.kind, reason: form.reason ?? "", link: form.link ?? ""),
            by: try req.requireUser().staffID)
        return req.redirect(to: "/ideas/\(id)")
    }

    @Sendable func startTrial(req: Request) async throws -> Response {
        let id = try ideaID(req)
        let form = try req.content.decode(TrialForm.self)
        let trial = Trial(
            ideaID: id, ownerID: form.ownerId, startDate: form.startDate, endDate: form.endDate,
            costHoursPerWeek: form.costHoursPerWeek,
            indicators: form.indicatorName.trimmingCharacters(in: .whitespaces).isEmpty
                ? []
                : [
                    TrialIndicator(
                        name: form.indicatorName, unit: form.indicatorUnit, baseline: form.baseline, target: form.target
                    )
                ])
        try await service(req).startTrial(trial)
        return req.redirect(to: "/ideas/\(id)#trial")
    }

    private func trialIdea(_ req: Request) async throws -> (trialID: UUID, ideaID: UUID) {
        guard let trialID = req.parameters.get("trialID").flatMap(UUID.init(uuidString:)),
            let trial = try await TrialModel.find(trialID, on: req.db)
        else { throw ImprovementError.trialNotFound }
        return (trialID, trial.$idea.id)
    }

    @Sendable func measure(req: Request) async throws -> Response {
        let (trialID, ideaID) = try await trialIdea(req)
        let form = try req.content.decode(MeasurementForm.self)
        try await service(req).addMeasurement(
            trialID: trialID, indicatorID: form.indicatorId, IndicatorValue(date: form.date, value: form.value),
            by: try req.requireUser())
        return req.redirect(to: "/ideas/\(ideaID)#trial")
    }

    @Sendable func addIndicator(req: Request) async throws -> Response {
        let (trialID, ideaID) = try await trialIdea(req)
        let form = try req.content.decode(IndicatorForm.self)
        try await service(req).addIndicator(
            trialID: trialID,
            TrialIndicator(
                name: form.indicatorName, unit: form.indicatorUnit, baseline: form.baseline, target: form.target),
            by: try req.requireUser())
        return req.redirect(to: "/ideas/\(ideaID)#trial")
    }

    @Sendable func evaluate(req: Request) async throws -> Response {
        let (trialID, ideaID) = try await trialIdea(req)
        let form = try req.content.decode(EvaluationForm.self)
        try await service(req).evaluate(
            trialID: trialID,
            Evaluation(done: form.done, learned: form.learned, next: form.next, decision: form.decision),
            by: try req.requireUser())
        return req.redirect(to: "/ideas/\(ideaID)#trial")
    }
}
