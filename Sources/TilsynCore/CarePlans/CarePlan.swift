import Foundation

/// Tiltaksplan: the recipient's care plan, the measures that say what home care does and when.
public struct CarePlan: Sendable, Hashable, Codable {
    /// Whom the plan is for.
    public var recipientID: UUID
    /// What the recipient wants to achieve, in their own words where possible.
    public var goal: String
    /// The measures, active and ended.
    public var measures: [Measure]

    /// Creates a care plan.
    public init(recipientID: UUID, goal: String = "", measures: [Measure]) {
        self.recipientID = recipientID
        self.goal = goal
        self.measures = measures
    }

    /// The measures in force.
    public var activeMeasures: [Measure] { measures.filter(\.isActive) }

    /// Planned minutes per week of the active measures (two-person visits count for both staff).
    public var plannedMinutesPerWeek: Int {
        activeMeasures.reduce(0) { sum, measure in
            sum + measure.weekdays.count * measure.windows.count * measure.durationMinutes * measure.staffCount
        }
    }
}
