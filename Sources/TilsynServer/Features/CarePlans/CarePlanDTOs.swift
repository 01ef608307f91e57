import Foundation
import TilsynCore
import Vapor

/// The body of `POST /api/v1/recipients/{id}/decisions` and `PUT /api/v1/decisions/{id}`.
struct DecisionRequest: Content {
    var serviceType: ServiceType
    var hoursPerWeek: Double
    var validFrom: LocalDate
    var validTo: LocalDate?
    var version: Int?
    var reason: String?
}

/// A decision in the JSON API, with its state on the server's today.
struct DecisionResponse: Content {
    var id: UUID
    var recipientId: UUID
    var serviceType: ServiceType
    var hoursPerWeek: Double
    var validFrom: LocalDate
    var validTo: LocalDate?
    var version: Int
    /// "active", "expiresSoon", "expired" or "notYetValid".
    var status: String

    init(_ model: DecisionModel, today: LocalDate, noticeDays: Int) {
        let decision = model.domain
        id = decision.id
        recipientId = decision.recipientID
        serviceType = decision.serviceType
        hoursPerWeek = decision.hoursPerWeek
        validFrom = decision.validFrom
        validTo = decision.validTo
        version = model.version
        status = DecisionStatus(decision, today: today, noticeDays: noticeDays).rawValue
    }
}

/// Where a decision stands on a day; the recipient page colours it.
enum DecisionStatus: String {
    case active, expiresSoon, expired, notYetValid

    init(_ decision: Decision, today: LocalDate, noticeDays: Int) {
        if decision.hasExpired(on: today) {
            self = .expired
        } else if today < decision.validFrom {
            self = .notYetValid
        } else if let left = decision.daysLeft(on: today), left < noticeDays {
            self = .expiresSoon
        } else {
            self = .active
        }
    }
}

/// The body of `POST /api/v1/recipients/{id}/care-plan/measures` and `PUT /api/v1/measures/{id}`.
struct MeasureRequest: Content {
    var title: String
    var decisionId: UUID?
    var weekdays: [Weekday]
    var windows: [TimeWindow]
    var durationMinutes: Int
    var requiredCompetences: [Competence]?
    var staffCount: Int?
    var instructions: String?
    var version: Int?
    var reason: String?

    func domain(id: UUID, recipientID: UUID, isActive: Bool = true) -> Measure {
        Measure(
            id: id, recipientID: recipientID, decisionID: decisionId, title: title, weekdays: Set(weekdays),
            windows: windows, durationMinutes: durationMinutes, requiredCompetences: Set(requiredCompetences ?? []),
            staffCount: staffCount ?? 1, instructions: instructions ?? "", isActive: isActive)
    }
}

/// A measure in the JSON API.
struct MeasureResponse: Content {
    var id: UUID
    var recipientId: UUID
    var decisionId: UUID?
    var title: String
    var weekdays: [Weekday]
    var windows: [TimeWindow]
    var durationMinutes: Int
    var requiredCompetences: [Competence]
    var staffCount: Int
    var instructions: String
    var isActive: Bool
    var version: Int

    init(_ model: MeasureModel) {
        let measure = model.domain
        id = measure.id
        recipientId = measure.recipientID
        decisionId = measure.decisionID
        title = measure.title
        weekdays = measure.weekdays.sorted()
        windows = measure.windows
        durationMinutes = measure.durationMinutes
        requiredCompetences = measure.requiredCompetences.sorted()
        staffCount = measure.staffCount
        instructions = measure.instructions
        isActive = measure.isActive
        version = model.version
    }
}

/// `GET /api/v1/recipients/{id}/care-plan`.
struct CarePlanResponse: Content {
    var recipientId: UUID
    var goal: String
    var version: Int
    var measures: [MeasureResponse]
    /// Planned minutes per week of the active measures, counting both staff on two-person visits.
    var plannedMinutesPerWeek: Int
}

/// The body of `PUT /api/v1/recipients/{id}/care-plan`.
struct CarePlanGoalRequest: Content {
    var goal: String
    var version: Int?
    var reason: String?
}

/// The body of `POST /api/v1/measures/{id}/end`.
struct EndMeasureRequest: Content {
    var reason: String?
}
