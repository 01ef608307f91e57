import Foundation
import TilsynCore
import Vapor

/// What the idea list shows per idea.
struct IdeaRow: Encodable {
    var id: String
    var title: String
    var category: String
    var stage: String
    var stageKey: String
    var submitted: String
    var supports: Int
    var overdue: Bool
    var stalled: String?
}

struct IdeaListPage: Encodable {
    struct Option: Encodable {
        var value: String
        var name: String
        var selected: Bool
    }
    var query: String
    var categories: [Option]
    var stages: [Option]
    var values: [Option]
    var units: [Option]
    var ideas: [IdeaRow]
    var evaluations: [EvaluationHit]
    var targetDays: Int
}

/// An evaluation found by search or by similarity.
struct EvaluationHit: Encodable {
    var ideaID: String
    var title: String
    var decision: String
    var learned: String
    var score: Int
}

struct NewIdeaPage: Encodable {
    struct Option: Encodable {
        var value: String
        var name: String
    }
    var categories: [Option]
    var zones: [Option]
    var values: [Option]
}

struct IdeaPage: Encodable {
    struct Comment: Encodable {
        var who: String
        var when: String
        var text: String
    }
    struct Indicator: Encodable {
        var id: String
        var name: String
        var unit: String
        var baseline: String
        var target: String
        var latest: String
        var effect: String
        var reached: Bool
        var values: [String]
    }
    struct Staff: Encodable {
        var id: String
        var name: String
    }

    var id: String
    var title: String
    var problem: String
    var proposal: String
    var category: String
    var zone: String
    var values: String
    var author: String
    var submitted: String
    var due: String
    var overdue: Bool
    var stage: String
    var supports: Int
    var supportedByMe: Bool
    var comments: [Comment]
    var answer: String?
    var answerReason: String
    var answerLink: String
    var canAnswer: Bool
    var canStartTrial: Bool
    var staff: [Staff]
    var today: String
    var inAMonth: String
    var trialID: String?
    var trialOwner: String
    var trialPeriod: String
    var trialCost: String
    var indicators: [Indicator]
    var stalled: String?
    var canEditTrial: Bool
    var evaluated: Bool
    var evaluationDone: String
    var evaluationLearned: String
    var evaluationNext: String
    var evaluationDecision: String
    var published: Bool
    var canPublish: Bool
    var similar: [EvaluationHit]
    var answerKinds: [NewIdeaPage.Option]
    var decisions: [NewIdeaPage.Option]
}
