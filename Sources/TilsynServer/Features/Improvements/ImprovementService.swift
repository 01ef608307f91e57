import Fluent
import Foundation
import TilsynCore
import Vapor

/// Why a step in the improvement flow was refused.
enum ImprovementError: UserFacingError {
    case ideaNotFound, trialNotFound, alreadyAnswered, notAccepted, trialExists, evaluated, indicatorNotFound
    case mayContainHealthData([LocalizedText])
    case notOwner

    var status: HTTPResponseStatus {
        switch self {
        case .ideaNotFound, .trialNotFound, .indicatorNotFound: .notFound
        case .alreadyAnswered, .notAccepted, .trialExists, .evaluated: .conflict
        case .mayContainHealthData: .unprocessableEntity
        case .notOwner: .forbidden
        }
    }

    var code: String {
        switch self {
        case .mayContainHealthData: "improvement.mayContainHealthData"
        default: "improvement.\(self)"
        }
    }

    var field: String? {
        if case .mayContainHealthData = self { return "confirmNoHealthData" }
        return nil
    }

    var message: LocalizedText {
        switch self {
        case .ideaNotFound: LocalizedText(nb: "Fant ikke forslaget.", en: "Could not find the idea.")
        case .trialNotFound: LocalizedText(nb: "Fant ikke utprøvingen.", en: "Could not find the trial.")
        case .indicatorNotFound: LocalizedText(nb: "Fant ikke måltallet.", en: "Could not find the indicator.")
        case .alreadyAnswered:
            LocalizedText(nb: "Forslaget er allerede besvart.", en: "The idea has already been answered.")
        case .notAccepted:
            LocalizedText(
                nb: "Bare forslag som er besvart med «Prøv det» kan bli utprøvinger.",
                en: "Only ideas answered 'Try it' can become trials.")
        case .trialExists:
            LocalizedText(nb: "Forslaget har allerede en utprøving.", en: "The idea already has a trial.")
        case .evaluated:
            LocalizedText(
                nb: "Utprøvingen er evaluert og avsluttet; den kan ikke endres.",
                en: "The trial is evaluated and closed; it cannot change.")
        case .mayContainHealthData(let warnings):
            LocalizedText(
                nb: warnings.map(\.nb).joined(separator: " ")
                    + " Bekreft at teksten ikke inneholder helseopplysninger.",
                en: warnings.map(\.en).joined(separator: " ") + " Confirm that the text contains no health data.")
        case .notOwner:
            LocalizedText(
                nb: "Bare eieren av utprøvingen eller en leder kan gjøre dette.",
                en: "Only the trial's owner or a leader can do this.")
        }
    }
}

/// The improvement flow: submit, discuss and support, answer, try with indicators, measure, evaluate.
struct ImprovementService {
    let database: any Database
    /// Days within which an idea should be answered.
    var answerTargetDays = 14

    func idea(_ id: UUID) async throws -> IdeaModel {
        guard let model = try await IdeaModel.find(id, on: database) else { throw ImprovementError.ideaNotFound }
        return model
    }

    func trial(ofIdea id: UUID) async throws -> TrialModel? {
        try await TrialModel.query(on: database).filter(\.$idea.$id == id).first()
    }

    /// Stores a new idea; texts that look like they hold health data need `confirmed`.
    func submit(_ idea: Idea, confirmed: Bool) async throws {
        try idea.validate()
        if !confirmed {
            let names = try await RecipientModel.query(on: database).all().map { "\($0.givenName) \($0.familyName)" }
            let warnings = SensitiveTextCheck.warnings(
                in: [idea.title, idea.problem, idea.proposal].joined(separator: "\n"), recipientNames: names)
            if !warnings.isEmpty { throw ImprovementError.mayContainHealthData(warnings) }
        }
        try await IdeaModel(idea).create(on: database)
    }

    func comment(ideaID: UUID, authorID: UUID, text: String) async throws {
        _ = try await idea(ideaID)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationFailure([.required("text")]) }
        let comment = IdeaCommentModel()
        comment.$idea.id = ideaID
        comment.authorID = authorID
        comment.text = String(trimmed.prefix(2000))
        comment.at = Date()
        try await comment.create(on: database)
    }

    /// Supports an idea; supporting twice counts once.
    func support(ideaID: UUID, staffID: UUID) async throws {
        _ = try await idea(ideaID)
        let exists =
            try await IdeaSupportModel.query(on: database).filter(\.$idea.$id == ideaID)
            .filter(\.$staffID == staffID).count() > 0
        guard !exists else { return }
        let support = IdeaSupportModel()
        support.$idea.id = ideaID
        support.staffID = staffID
        try await support.create(on: database)
    }

    func answer(ideaID: UUID, _ answer: IdeaAnswer, by leaderID: UUID) async throws {
        try answer.validate()
        let model = try await idea(ideaID)
        guard model.answerKind == nil else { throw ImprovementError.alreadyAnswered }
        model.answerKind = answer.kind.rawValue
        model.answerReason = answer.reason
        model.answerLink = answer.link
        model.answeredAt = Date()
        model.answeredBy = leaderID
        try await model.save(on: database)
    }

    func startTrial(_ trial: Trial) async throws {
        try trial.validate()
        let model = try await idea(trial.ideaID)
        guard model.answerKind == IdeaAnswerKind.tryIt.rawValue else { throw ImprovementError.notAccepted }
        guard try await self.trial(ofIdea: trial.ideaID) == nil else { throw ImprovementError.trialExists }
        if let owner = trial.ownerID, try await StaffMemberModel.find(owner, on: database) == nil {
            throw UnknownReferenceError(field: "ownerId", value: owner.uuidString)
        }
        try await TrialModel(trial).create(on: database)
    }

    func addMeasurement(
        trialID: UUID, indicatorID: UUID, _ measurement: IndicatorValue, by user: SignedInUser
    )
        async throws
    {
        let trial = try await editableTrial(trialID, by: user)
        guard let index = trial.indicators.firstIndex(where: { $0.id == indicatorID }) else {
            throw ImprovementError.indicatorNotFound
        }
        guard measurement.value.isFinite else {
            throw Violation(
                field: "value", code: "measurement.value",
                message: LocalizedText(nb: "Verdien må være et tall.", en: "The value must be a number."))
        }
        trial.indicators[index].values.append(measurement)
        trial.indicators[index].values.sort { $0.date < $1.date }
        try await trial.save(on: database)
    }

    /// Adds another indicator to a running trial.
    func addIndicator(trialID: UUID, _ indicator: TrialIndicator, by user: SignedInUser) async throws {
        guard !indicator.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationFailure([.required("indicatorName")])
        }
        let trial = try await editableTrial(trialID, by: user)
        trial.indicators.append(indicator)
        try await trial.save(on: database)
    }

    func evaluate(trialID: UUID, _ evaluation: Evaluation, by user: SignedInUser) async throws {
        try evaluation.validate()
        let trial = try await editableTrial(trialID, by: user)
        trial.evaluationDone = evaluation.done
        trial.evaluationLearned = evaluation.learned
        trial.evaluationNext = evaluation.next
        trial.evaluationDecision = evaluation.decision.rawValue
        trial.evaluatedAt = Date()
        try await trial.save(on: database)
    }

    private func editableTrial(_ id: UUID, by user: SignedInUser) async throws -> TrialModel {
        guard let trial = try await TrialModel.find(id, on: database) else { throw ImprovementError.trialNotFound }
        guard trial.evaluationDecision == nil else { throw ImprovementError.evaluated }
        guard trial.ownerID == user.staffID || [.departmentLeader, .unitLeader].contains(user.role) else {
            throw ImprovementError.notOwner
        }
        return trial
    }

    /// Evaluated trials whose idea and evaluation resemble `text`, most similar first.
    func similarEvaluations(
        to text: String, excluding ideaID: UUID? = nil, limit: Int = 3
    ) async throws
        -> [(idea: IdeaModel, trial: TrialModel, score: Double)]
    {
        let evaluated = try await TrialModel.query(on: database).filter(\.$evaluationDecision != nil).with(\.$idea)
            .all()
        return evaluated.filter { $0.$idea.id != ideaID }.map { trial in
            let body = [
                trial.idea.title, trial.idea.problem, trial.idea.proposal, trial.evaluationDone ?? "",
                trial.evaluationLearned ?? "", trial.evaluationNext ?? "",
            ].joined(separator: " ")
            return (trial.idea, trial, TextSimilarity.similarity(text, body))
        }.filter { $0.2 >= 0.2 }.sorted { $0.2 > $1.2 }.prefix(limit).map { $0 }
    }
}
