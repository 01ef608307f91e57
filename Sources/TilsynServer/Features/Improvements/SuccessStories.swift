import Fluent
import Foundation
import TilsynCore
import Vapor

/// Sharing (R54): a unit publishes an adopted trial as a success story; other units copy it as a
/// trial of their own, starting from the same indicators and the evaluation's advice.
final class SuccessStoryModel: Model, @unchecked Sendable {
    static let schema = "success_stories"
    @ID(key: .id) var id: UUID?
    @Parent(key: "trial_id") var trial: TrialModel
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "published_by") var publishedBy: UUID
    @Field(key: "published_at") var publishedAt: Date

    init() {}
}

/// Where a copied trial came from.
final class TrialCopyModel: Model, @unchecked Sendable {
    static let schema = "trial_copies"
    @ID(key: .id) var id: UUID?
    @Parent(key: "story_id") var story: SuccessStoryModel
    @Field(key: "trial_id") var trialID: UUID
    @Field(key: "unit_id") var unitID: UUID

    init() {}
}

struct CreateSuccessStories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SuccessStoryModel.schema)
            .id()
            .field("trial_id", .uuid, .required, .references(TrialModel.schema, "id"))
            .field("unit_id", .uuid, .required, .references(CareUnitModel.schema, "id"))
            .field("published_by", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("published_at", .datetime, .required)
            .unique(on: "trial_id")
            .create()
        try await database.schema(TrialCopyModel.schema)
            .id()
            .field("story_id", .uuid, .required, .references(SuccessStoryModel.schema, "id"))
            .field("trial_id", .uuid, .required, .references(TrialModel.schema, "id"))
            .field("unit_id", .uuid, .required, .references(CareUnitModel.schema, "id"))
            .unique(on: "story_id", "unit_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TrialCopyModel.schema).delete()
        try await database.schema(SuccessStoryModel.schema).delete()
    }
}

/// Why sharing was refused.
enum SharingError: UserFacingError {
    case notAdopted, alreadyPublished, ownUnit, alreadyCopied, storyNotFound

    var status: HTTPResponseStatus { self == .storyNotFound ? .notFound : .conflict }
    var code: String { "sharing.\(self)" }
    var field: String? { nil }
    var message: LocalizedText {
        switch self {
        case .notAdopted:
            LocalizedText(
                nb: "Bare utprøvinger som er evaluert og innført kan deles som suksesshistorie.",
                en: "Only trials that are evaluated and adopted can be shared as success stories.")
        case .alreadyPublished: LocalizedText(nb: "Utprøvingen er allerede delt.", en: "The trial is already shared.")
        case .ownUnit:
            LocalizedText(
                nb: "Historien kommer fra din egen enhet; den kopieres av andre enheter.",
                en: "The story comes from your own unit; other units copy it.")
        case .alreadyCopied:
            LocalizedText(
                nb: "Enheten din har allerede kopiert denne historien.", en: "Your unit has already copied this story.")
        case .storyNotFound: LocalizedText(nb: "Fant ikke suksesshistorien.", en: "Could not find the success story.")
        }
    }
}

struct SharingService {
    let database: any Database

    /// The unit of a signed-in leader: their zone's unit, or the first unit for unit-wide roles.
    func unit(of user: SignedInUser) async throws -> UUID {
        if let zone = user.zoneID, let unit = try await ZoneModel.find(zone, on: database)?.$unit.id { return unit }
        guard let unit = try await CareUnitModel.query(on: database).first()?.id else { throw NotFoundError.zone }
        return unit
    }

    func publish(trialID: UUID, by user: SignedInUser) async throws {
        guard let trial = try await TrialModel.find(trialID, on: database) else { throw ImprovementError.trialNotFound }
        guard trial.evaluationDecision == TrialDecision.adopt.rawValue else { throw SharingError.notAdopted }
        guard try await SuccessStoryModel.query(on: database).filter(\.$trial.$id == trialID).count() == 0 else {
            throw SharingError.alreadyPublished
        }
        let idea = try await ImprovementService(database: database).idea(trial.$idea.id)
        let story = SuccessStoryModel()
        story.$trial.id = trialID
        story.unitID = idea.unitID
        story.publishedBy = user.staffID
        story.publishedAt = Date()
        try await story.create(on: database)
    }

    /// Copies a story into the leader's unit as a new idea answered "try it" with a fresh trial.
    func copy(storyID: UUID, by user: SignedInUser, today: LocalDate) async throws -> UUID {
        guard let story = try await SuccessStoryModel.find(storyID, on: database),
            let trial = try await TrialModel.find(story.$trial.id, on: database)
        else { throw SharingError.storyNotFound }
        let unit = try await unit(of: user)
        guard unit != story.unitID else { throw SharingError.ownUnit }
        guard
            try await TrialCopyModel.query(on: database).filter(\.$story.$id == storyID).filter(\.$unitID == unit)
                .count() == 0
        else { throw SharingError.alreadyCopied }
        let original = try await ImprovementService(database: database).idea(trial.$idea.id).domain
        let idea = Idea(
            title: original.title, problem: original.problem, proposal: original.proposal, category: original.category,
            unitID: unit, zoneID: user.zoneID, values: original.values, authorID: user.staffID, submittedAt: Date(),
            answer: IdeaAnswer(
                kind: .tryIt, reason: "Kopiert fra en suksesshistorie. Lurt: \(trial.evaluationNext ?? "")"),
            answeredAt: Date())
        let copy = Trial(
            ideaID: idea.id, ownerID: user.staffID, startDate: today, endDate: today.adding(days: 60),
            costHoursPerWeek: trial.costHoursPerWeek,
            indicators: trial.indicators.map {
                TrialIndicator(name: $0.name, unit: $0.unit, baseline: $0.baseline, target: $0.target)
            })
        try await database.writeTransaction { database in
            try await IdeaModel(idea).create(on: database)
            try await TrialModel(copy).create(on: database)
            let link = TrialCopyModel()
            link.$story.id = storyID
            link.trialID = copy.id
            link.unitID = unit
            try await link.create(on: database)
        }
        return idea.id
    }
}
