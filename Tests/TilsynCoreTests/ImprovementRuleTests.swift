import Foundation
import Testing

@testable import TilsynCore

@Suite struct ImprovementRuleTests {
    let start = LocalDate("2026-09-01")!

    func idea(answer: IdeaAnswer? = nil, submittedAt: Date = Date()) -> Idea {
        Idea(
            title: "Fast nøkkelrunde", problem: "Vi leter etter nøkler hver morgen",
            proposal: "En fast nøkkeltavle per sone", category: .toolsAndMethods, unitID: UUID(), authorID: UUID(),
            submittedAt: submittedAt, answer: answer)
    }

    func trial(owner: UUID? = UUID(), indicators: [TrialIndicator]? = nil, evaluation: Evaluation? = nil) -> Trial {
        Trial(
            ideaID: UUID(), ownerID: owner, startDate: start, endDate: start.adding(days: 60), costHoursPerWeek: 2,
            indicators: indicators
                ?? [TrialIndicator(name: "Minutter brukt på nøkler", unit: "min/dag", baseline: 40, target: 10)],
            evaluation: evaluation)
    }

    @Test func notNowAndNoNeedAReasonAlreadyDoneNeedsALink() {
        #expect(throws: ValidationFailure.self) { try IdeaAnswer(kind: .notNow).validate() }
        #expect(throws: ValidationFailure.self) { try IdeaAnswer(kind: .no, reason: "  ").validate() }
        #expect(throws: ValidationFailure.self) { try IdeaAnswer(kind: .alreadyDone, reason: "Ja").validate() }
        #expect(throws: Never.self) { try IdeaAnswer(kind: .alreadyDone, link: "Sone Kvaløya, 2025").validate() }
        #expect(throws: Never.self) { try IdeaAnswer(kind: .tryIt).validate() }
    }

    @Test func noTrialWithoutAnOwnerAndAMeasure() throws {
        #expect(throws: ValidationFailure.self) { try trial(owner: nil).validate() }
        #expect(throws: ValidationFailure.self) { try trial(indicators: []).validate() }
        try trial().validate()
    }

    @Test func evaluationNeedsDoneLearnedAndNext() throws {
        let missing = Evaluation(done: "Tavle satt opp", learned: "", next: "Gjør det i alle soner", decision: .adopt)
        do {
            try missing.validate()
            Issue.record("an evaluation without 'learned' must be refused")
        } catch let failure as ValidationFailure {
            #expect(failure.violations.map(\.field) == ["learned"])
        }
    }

    @Test func stageFollowsAnswerTrialAndEvaluation() {
        #expect(idea().stage(trial: nil) == .waitingForAnswer)
        #expect(idea(answer: IdeaAnswer(kind: .no, reason: "Koster for mye")).stage(trial: nil) == .answered)
        let accepted = idea(answer: IdeaAnswer(kind: .tryIt))
        #expect(accepted.stage(trial: trial()) == .inTrial)
        let adopted = Evaluation(done: "a", learned: "b", next: "c", decision: .adopt)
        let stopped = Evaluation(done: "a", learned: "b", next: "c", decision: .stop)
        #expect(accepted.stage(trial: trial(evaluation: adopted)) == .adopted)
        #expect(accepted.stage(trial: trial(evaluation: stopped)) == .evaluated)
    }

    @Test func unansweredIdeaIsOverdueAfterTheTargetTime() {
        let old = idea(submittedAt: Date().addingTimeInterval(-15 * 86400))
        #expect(old.isOverdue(at: Date(), targetDays: 14))
        #expect(!idea(submittedAt: Date().addingTimeInterval(-3 * 86400)).isOverdue(at: Date(), targetDays: 14))
        var answered = old
        answered.answer = IdeaAnswer(kind: .tryIt)
        #expect(!answered.isOverdue(at: Date(), targetDays: 14))
    }

    @Test func trialWithoutRecentMeasurementOrPastItsEndIsStalled() {
        var running = trial()
        #expect(running.stalledReason(on: start.adding(days: 10)) == nil)
        #expect(running.stalledReason(on: start.adding(days: 31)) == .noRecentMeasurement)
        running.indicators[0].values = [IndicatorValue(date: start.adding(days: 25), value: 30)]
        #expect(running.stalledReason(on: start.adding(days: 40)) == nil)
        #expect(running.stalledReason(on: start.adding(days: 61)) == .pastEndWithoutEvaluation)
        running.evaluation = Evaluation(done: "a", learned: "b", next: "c", decision: .stop)
        #expect(running.stalledReason(on: start.adding(days: 90)) == nil, "an evaluated trial is not stalled")
    }

    @Test func effectAndTargetFollowTheIndicatorsDirection() {
        var minutes = TrialIndicator(name: "Minutter", unit: "min", baseline: 40, target: 10)
        minutes.values = [
            IndicatorValue(date: start, value: 25), IndicatorValue(date: start.adding(days: 7), value: 9),
        ]
        #expect(minutes.effect == -31)
        #expect(minutes.targetReached)
        var share = TrialIndicator(name: "Andel", unit: "%", baseline: 60, target: 90)
        share.values = [IndicatorValue(date: start, value: 80)]
        #expect(!share.targetReached)
    }

    @Test func similarIdeasAndEvaluationsAreLinkedUnrelatedOnesAreNot() {
        let evaluation = "Nøkkeltavle i hver sone. Vi brukte mindre tid på å lete etter nøkler om morgenen."
        let similar = "Vi bruker lang tid på å finne nøklene om morgenen, foreslår en nøkkeltavle"
        let unrelated = "Bedre opplæring i dokumentasjon av sårstell for nyansatte"
        #expect(TextSimilarity.similarity(similar, evaluation) > 0.3)
        #expect(TextSimilarity.similarity(unrelated, evaluation) < 0.1)
    }

    @Test func sensitiveTextIsFlagged() throws {
        let number = try #require(NationalIdentityNumber.synthetic(day: 1, month: 2, year: 1940, individual: 101))
        #expect(!SensitiveTextCheck.warnings(in: "Bruker \(number.value) trenger", recipientNames: []).isEmpty)
        #expect(!SensitiveTextCheck.warnings(in: "Kari Hansen vil ha", recipientNames: ["Kari Hansen"]).isEmpty)
        #expect(SensitiveTextCheck.warnings(in: "Færre nøkler på avveie", recipientNames: ["Kari Hansen"]).isEmpty)
    }
}
