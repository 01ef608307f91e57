import Fluent
import Foundation
import TilsynCore
import Vapor

/// Success stories: publishing an adopted trial and copying it into another unit (R54).
struct SharingController: RouteCollection {
    struct Story: Encodable {
        var id: String
        var ideaID: String
        var title: String
        var unit: String
        var published: String
        var learned: String
        var next: String
        var effect: String
        var canCopy: Bool
        var copies: Int
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("ideas", "stories", use: stories).classify(.noHealthData)
        let leaders = routes.grouped(RequireRole.leaders)
        leaders.post("trials", ":trialID", "publish", use: publish).classify(.noHealthData)
        leaders.post("stories", ":storyID", "copy", use: copy).classify(.noHealthData)
    }

    @Sendable func stories(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let sharing = SharingService(database: req.db)
        let myUnit = try? await sharing.unit(of: user)
        let isLeader = [.departmentLeader, .unitLeader].contains(user.role)
        let units = Dictionary(
            uniqueKeysWithValues: try await CareUnitModel.query(on: req.db).all().map { ($0.id!, $0.name) })
        let copies = Dictionary(grouping: try await TrialCopyModel.query(on: req.db).all(), by: { $0.$story.id })
        var rows: [Story] = []
        for story in try await SuccessStoryModel.query(on: req.db).sort(\.$publishedAt, .descending).with(\.$trial)
            .all()
        {
            let trial = story.trial.domain
            let idea = try await ImprovementService(database: req.db).idea(trial.ideaID)
            let effect = trial.indicators.map { indicator in
                "\(indicator.name): \(ImprovementOverviewController.number(req.language, indicator.baseline)) → "
                    + "\(indicator.values.last.map { ImprovementOverviewController.number(req.language, $0.value) } ?? "–") \(indicator.unit)"
            }.joined(separator: "; ")
            let copiedHere = copies[story.id!]?.contains { $0.unitID == myUnit } ?? false
            rows.append(
                Story(
                    id: story.id!.uuidString, ideaID: idea.id!.uuidString, title: idea.title,
                    unit: units[story.unitID] ?? "", published: req.localDateTime(story.publishedAt),
                    learned: trial.evaluation?.learned ?? "", next: trial.evaluation?.next ?? "", effect: effect,
                    canCopy: isLeader && myUnit != story.unitID && !copiedHere, copies: copies[story.id!]?.count ?? 0))
        }
        return try await req.renderPage("stories", titleKey: "stories_title", rows)
    }

    @Sendable func publish(req: Request) async throws -> Response {
        guard let trialID = req.parameters.get("trialID").flatMap(UUID.init(uuidString:)),
            let trial = try await TrialModel.find(trialID, on: req.db)
        else { throw ImprovementError.trialNotFound }
        try await SharingService(database: req.db).publish(trialID: trialID, by: try req.requireUser())
        return req.redirect(to: "/ideas/\(trial.$idea.id)#trial")
    }

    @Sendable func copy(req: Request) async throws -> Response {
        guard let storyID = req.parameters.get("storyID").flatMap(UUID.init(uuidString:)) else {
            throw SharingError.storyNotFound
        }
        let ideaID = try await SharingService(database: req.db).copy(
            storyID: storyID, by: try req.requireUser(), today: req.application.today)
        return req.redirect(to: "/ideas/\(ideaID)")
    }
}
