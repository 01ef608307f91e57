import Fluent
import Foundation
import TilsynCore

final class IdeaModel: Model, @unchecked Sendable {
    static let schema = "ideas"
    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "problem") var problem: String
    @Field(key: "proposal") var proposal: String
    @Field(key: "category") var category: String
    @Field(key: "unit_id") var unitID: UUID
    @OptionalField(key: "zone_id") var zoneID: UUID?
    @Field(key: "values") var values: [String]
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "submitted_at") var submittedAt: Date
    @OptionalField(key: "answer_kind") var answerKind: String?
    @OptionalField(key: "answer_reason") var answerReason: String?
    @OptionalField(key: "answer_link") var answerLink: String?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "answered_by") var answeredBy: UUID?

    init() {}

    init(_ idea: Idea) {
        id = idea.id
        title = idea.title
        problem = idea.problem
        proposal = idea.proposal
        category = idea.category.rawValue
        unitID = idea.unitID
        zoneID = idea.zoneID
        values = idea.values.map(\.rawValue).sorted()
        authorID = idea.authorID
        submittedAt = idea.submittedAt
        answerKind = idea.answer?.kind.rawValue
        answerReason = idea.answer?.reason
        answerLink = idea.answer?.link
        answeredAt = idea.answeredAt
    }

    var domain: Idea {
        Idea(
            id: id!, title: title, problem: problem, proposal: proposal,
            category: IdeaCategory(rawValue: category) ?? .process, unitID: unitID, zoneID: zoneID,
            values: Set(values.compactMap(MunicipalValue.init)), authorID: authorID, submittedAt: submittedAt,
            answer: answerKind.flatMap(IdeaAnswerKind.init).map {
                IdeaAnswer(kind: $0, reason: answerReason ?? "", link: answerLink ?? "")
            }, answeredAt: answeredAt)
    }
}

final class IdeaCommentModel: Model, @unchecked Sendable {
    static let schema = "idea_comments"
    @ID(key: .id) var id: UUID?
    @Parent(key: "idea_id") var idea: IdeaModel
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "text") var text: String
    @Field(key: "at") var at: Date

    init() {}
}

final class IdeaSupportModel: Model, @unchecked Sendable {
    static let schema = "idea_supports"
    @ID(key: .id) var id: UUID?
    @Parent(key: "idea_id") var idea: IdeaModel
    @Field(key: "staff_id") var staffID: UUID

    init() {}
}

final class TrialModel: Model, @unchecked Sendable {
    static let schema = "trials"
    @ID(key: .id) var id: UUID?
    @Parent(key: "idea_id") var idea: IdeaModel
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "start_date") var startDate: String
    @Field(key: "end_date") var endDate: String
    @Field(key: "cost_hours_per_week") var costHoursPerWeek: Double
    @Field(key: "indicators") var indicators: [TrialIndicator]
    @OptionalField(key: "evaluation_done") var evaluationDone: String?
    @OptionalField(key: "evaluation_learned") var evaluationLearned: String?
    @OptionalField(key: "evaluation_next") var evaluationNext: String?
    @OptionalField(key: "evaluation_decision") var evaluationDecision: String?
    @OptionalField(key: "evaluated_at") var evaluatedAt: Date?

    init() {}

    init(_ trial: Trial) {
        id = trial.id
        $idea.id = trial.ideaID
        ownerID = trial.ownerID!
        startDate = trial.startDate.description
        endDate = trial.endDate.description
        costHoursPerWeek = trial.costHoursPerWeek
        indicators = trial.indicators
        evaluationDone = trial.evaluation?.done
        evaluationLearned = trial.evaluation?.learned
        evaluationNext = trial.evaluation?.next
        evaluationDecision = trial.evaluation?.decision.rawValue
        evaluatedAt = trial.evaluation == nil ? nil : Date()
    }

    var domain: Trial {
        let evaluation = evaluationDecision.flatMap(TrialDecision.init).map {
            Evaluation(
                done: evaluationDone ?? "", learned: evaluationLearned ?? "", next: evaluationNext ?? "", decision: $0)
        }
        return Trial(
            id: id!, ideaID: $idea.id, ownerID: ownerID, startDate: LocalDate(startDate)!, endDate: LocalDate(endDate)!,
            costHoursPerWeek: costHoursPerWeek, indicators: indicators, evaluation: evaluation)
    }
}

struct CreateImprovements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IdeaModel.schema)
            .id()
            .field("title", .string, .required)
            .field("problem", .string, .required)
            .field("proposal", .string, .required)
            .field("category", .string, .required)
            .field("unit_id", .uuid, .required, .references(CareUnitModel.schema, "id"))
            .field("zone_id", .uuid, .references(ZoneModel.schema, "id"))
            .field("values", .array(of: .string), .required)
            .field("author_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("submitted_at", .datetime, .required)
            .field("answer_kind", .string)
            .field("answer_reason", .string)
            .field("answer_link", .string)
            .field("answered_at", .datetime)
            .field("answered_by", .uuid)
            .create()
        try await database.schema(IdeaCommentModel.schema)
            .id()
            .field("idea_id", .uuid, .required, .references(IdeaModel.schema, "id"))
            .field("author_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("text", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(IdeaSupportModel.schema)
            .id()
            .field("idea_id", .uuid, .required, .references(IdeaModel.schema, "id"))
            .field("staff_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .unique(on: "idea_id", "staff_id")
            .create()
        try await database.schema(TrialModel.schema)
            .id()
            .field("idea_id", .uuid, .required, .references(IdeaModel.schema, "id"))
            .field("owner_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("start_date", .string, .required)
            .field("end_date", .string, .required)
            .field("cost_hours_per_week", .double, .required)
            .field("indicators", .array(of: .json), .required)
            .field("evaluation_done", .string)
            .field("evaluation_learned", .string)
            .field("evaluation_next", .string)
            .field("evaluation_decision", .string)
            .field("evaluated_at", .datetime)
            .unique(on: "idea_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [TrialModel.schema, IdeaSupportModel.schema, IdeaCommentModel.schema, IdeaModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
