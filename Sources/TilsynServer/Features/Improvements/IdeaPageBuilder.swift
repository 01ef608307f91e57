import Fluent
import Foundation
import TilsynCore
import Vapor

/// Gathers an idea's page: the idea, its support and comments, the answer, the trial with its
/// indicators, the evaluation, and earlier evaluations that resemble it.
struct IdeaPageBuilder {
    let request: Request

    func build(ideaID: UUID) async throws -> IdeaPage {
        let database = request.db
        let language = request.language
        let user = try request.requireUser()
        let service = ImprovementService(database: database)
        let model = try await service.idea(ideaID)
        let idea = model.domain
        let trialModel = try await service.trial(ofIdea: ideaID)
        let trial = trialModel?.domain
        let staff = try await StaffMemberModel.query(on: database).sort(\.$familyName).all()
        let names = Dictionary(uniqueKeysWithValues: staff.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
        let supports = try await IdeaSupportModel.query(on: database).filter(\.$idea.$id == ideaID).all()
        let comments = try await IdeaCommentModel.query(on: database).filter(\.$idea.$id == ideaID).sort(\.$at).all()
        let zone = try await idea.zoneID.asyncMap { try await ZoneModel.find($0, on: database)?.name }
        let today = request.application.today
        let isLeader = [.departmentLeader, .unitLeader].contains(user.role)
        let similar = try await service.similarEvaluations(
            to: [idea.title, idea.problem, idea.proposal].joined(separator: " "), excluding: ideaID)
        let texts = request.application.catalogue.texts(for: language)
        let published =
            try await trialModel.asyncMap {
                try await SuccessStoryModel.query(on: database).filter(\.$trial.$id == $0.id!).count() > 0
            } ?? false
        func number(_ value: Double) -> String { NumberText.format(value, language: language) }
        return IdeaPage(
            id: ideaID.uuidString, title: idea.title, problem: idea.problem, proposal: idea.proposal,
            category: idea.category.displayName.text(in: language),
            zone: (zone ?? nil) ?? (texts["ideas_whole_unit"] ?? ""),
            values: idea.values.sorted { $0.rawValue < $1.rawValue }.map { $0.displayName.text(in: language) }
                .joined(separator: ", "),
            author: names[idea.authorID] ?? "", submitted: request.localDateTime(idea.submittedAt),
            due: request.localDateTime(idea.answerDue(targetDays: service.answerTargetDays)),
            overdue: idea.isOverdue(at: Date(), targetDays: service.answerTargetDays),
            stage: idea.stage(trial: trial).displayName.text(in: language), supports: supports.count,
            supportedByMe: supports.contains { $0.staffID == user.staffID },
            comments: comments.map {
                .init(who: names[$0.authorID] ?? "", when: request.localDateTime($0.at), text: $0.text)
            },
            answer: idea.answer?.kind.displayName.text(in: language), answerReason: idea.answer?.reason ?? "",
            answerLink: idea.answer?.link ?? "", canAnswer: isLeader && idea.answer == nil,
            canStartTrial: isLeader && idea.answer?.kind == .tryIt && trial == nil,
            staff: staff.filter { StaffRole(rawValue: $0.role)?.makesVisits == true || $0.role == "unitLeader" }.map {
                .init(id: $0.id!.uuidString, name: "\($0.familyName), \($0.givenName)")
            },
            today: today.description, inAMonth: today.adding(days: 60).description,
            trialID: trial?.id.uuidString, trialOwner: trial?.ownerID.flatMap { names[$0] } ?? "",
            trialPeriod: trial.map { "\($0.startDate) – \($0.endDate)" } ?? "",
            trialCost: trial.map { number($0.costHoursPerWeek) } ?? "",
            indicators: (trial?.indicators ?? []).map { indicator in
                IdeaPage.Indicator(
                    id: indicator.id.uuidString, name: indicator.name, unit: indicator.unit,
                    baseline: number(indicator.baseline), target: number(indicator.target),
                    latest: indicator.values.last.map { number($0.value) } ?? "–",
                    effect: indicator.effect.map { ($0 >= 0 ? "+" : "") + number($0) } ?? "–",
                    reached: indicator.targetReached,
                    values: indicator.values.map { "\($0.date): \(number($0.value))" })
            },
            stalled: trial?.stalledReason(on: today)?.displayName.text(in: language),
            canEditTrial: trial != nil && trial?.evaluation == nil && (trial?.ownerID == user.staffID || isLeader),
            evaluated: trial?.evaluation != nil, evaluationDone: trial?.evaluation?.done ?? "",
            evaluationLearned: trial?.evaluation?.learned ?? "", evaluationNext: trial?.evaluation?.next ?? "",
            evaluationDecision: trial?.evaluation?.decision.displayName.text(in: language) ?? "",
            published: published, canPublish: isLeader && !published && trial?.evaluation?.decision == .adopt,
            similar: similar.map { ImprovementController.hit($0, language: language) },
            answerKinds: IdeaAnswerKind.allCases.map {
                .init(value: $0.rawValue, name: $0.displayName.text(in: language))
            },
            decisions: TrialDecision.allCases.map { .init(value: $0.rawValue, name: $0.displayName.text(in: language)) }
        )
    }

}
