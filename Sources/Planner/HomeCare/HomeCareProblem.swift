/// A place on the map, in decimal degrees (WGS 84).
public struct Place: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// How a staff member gets around.
public enum TravelMode: String, Sendable, Hashable, Codable, CaseIterable {
    case car, walking, bicycle
}

/// A time window in minutes after midnight of the planned day: service may begin from `start`
/// up to and including `end`.
public struct MinuteWindow: Sendable, Hashable, Codable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }
}

/// One visit to plan: a measure of a care plan on the day, made by one or two staff.
public struct CareVisit: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// Whose visit it is; continuity is counted per recipient.
    public var recipientID: String
    public var place: Place
    public var durationMinutes: Int
    /// Service begins inside one of these (hard); at least one.
    public var windows: [MinuteWindow]
    /// The time the recipient prefers or was told (soft).
    public var preferredStart: Int?
    /// Competences the visit needs; with two staff, together they must hold them all.
    public var requiredCompetences: Set<String>
    /// 1, or 2 for a two-person visit: both begin at the same minute.
    public var staffCount: Int
    /// A mandatory visit left out costs more than anything else in the objective.
    public var mandatory: Bool
    /// For optional visits, what leaving it out costs (1 low … 10 high); breaks ties for mandatory.
    public var priority: Int
    /// Preferred staff in order: the primary contact first.
    public var preferredStaffIDs: [String]
    /// Staff who must not make this visit (the recipient's wish, or a conflict).
    public var excludedStaffIDs: Set<String>
    /// Staff the visit is locked to (one per person the visit needs, or fewer).
    public var pinnedStaffIDs: [String]
    /// A locked start, minute of the day.
    public var pinnedStart: Int?
    /// The zone the recipient lives in; staff from other zones may take it only when lent to it.
    public var zoneID: String?

    public init(
        id: String, recipientID: String, place: Place, durationMinutes: Int, windows: [MinuteWindow],
        preferredStart: Int? = nil, requiredCompetences: Set<String> = [], staffCount: Int = 1,
        mandatory: Bool = true, priority: Int = 5, preferredStaffIDs: [String] = [],
        excludedStaffIDs: Set<String> = [], pinnedStaffIDs: [String] = [], pinnedStart: Int? = nil,
        zoneID: String? = nil
    ) {
        self.id = id
        self.recipientID = recipientID
        self.place = place
        self.durationMinutes = durationMinutes
        self.windows = windows
        self.preferredStart = preferredStart
        self.requiredCompetences = requiredCompetences
        self.staffCount = staffCount
        self.mandatory = mandatory
        self.priority = priority
        self.preferredStaffIDs = preferredStaffIDs
        self.excludedStaffIDs = excludedStaffIDs
        self.pinnedStaffIDs = pinnedStaffIDs
        self.pinnedStart = pinnedStart
        self.zoneID = zoneID
    }
}

/// A break a staff member must have: `lengthMinutes` starting inside the window.
public struct BreakRule: Sendable, Hashable, Codable {
    public var window: MinuteWindow
    public var lengthMinutes: Int

    public init(window: MinuteWindow, lengthMinutes: Int) {
        self.window = window
        self.lengthMinutes = lengthMinutes
    }
}

/// A staff member on shift on the planned day.
public struct StaffShift: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    /// Minutes after midnight; the day starts here, at `startPlace`.
    public var shiftStart: Int
    /// Work after this is overtime (soft).
    public var shiftEnd: Int
    /// The day ends at `endPlace` at most this many minutes after `shiftStart` (hard).
    public var maxWorkingMinutes: Int
    public var startPlace: Place
    public var endPlace: Place
    public var competences: Set<String>
    public var breakRule: BreakRule?
    public var travelMode: TravelMode
    public var zoneID: String?
    /// Zones this person may be lent to today (R8).
    public var lendableZoneIDs: Set<String>

    public init(
        id: String, name: String, shiftStart: Int, shiftEnd: Int, maxWorkingMinutes: Int? = nil,
        startPlace: Place, endPlace: Place? = nil, competences: Set<String> = [], breakRule: BreakRule? = nil,
        travelMode: TravelMode = .car, zoneID: String? = nil, lendableZoneIDs: Set<String> = []
    ) {
        self.id = id
        self.name = name
        self.shiftStart = shiftStart
        self.shiftEnd = shiftEnd
        self.maxWorkingMinutes = maxWorkingMinutes ?? (shiftEnd - shiftStart)
        self.startPlace = startPlace
        self.endPlace = endPlace ?? startPlace
        self.competences = competences
        self.breakRule = breakRule
        self.travelMode = travelMode
        self.zoneID = zoneID
        self.lendableZoneIDs = lendableZoneIDs
    }
}

/// What each part of the objective costs, in minute-equivalents. A leader can change them; the
/// defaults put every mandatory visit first, then travel, overtime and continuity.
public struct ObjectiveWeights: Sendable, Hashable, Codable {
    /// Per mandatory visit left out (dominates everything else).
    public var unassignedMandatory = 100_000.0
    /// Per priority point of an optional visit left out.
    public var unassignedOptionalPerPriority = 60.0
    public var travelMinute = 1.0
    public var overtimeMinute = 3.0
    /// Per minute a visit begins away from its preferred time, beyond `preferredTimeTolerance`.
    public var preferredTimeMinute = 0.2
    public var preferredTimeTolerance = 15.0
    /// Per visit not made by its primary contact (half as much when another preferred person makes it).
    public var notPrimaryContact = 10.0
    /// Per caregiver a recipient meets who is not among those who already visited in the period.
    public var newCaregiver = 20.0
    /// Per minute of a staff member's working time away from the team's mean.
    public var workloadImbalanceMinute = 0.1
    /// Per visit made by staff lent from another zone.
    public var lentStaffVisit = 5.0
    /// Re-planning: per visit that changes hands from the plan staff were told.
    public var changedAssignment = 30.0
    /// Re-planning: per minute a visit moves from the time the recipient was told, beyond the tolerance.
    public var changedTimeMinute = 1.0

    public init() {}
}

/// A day to plan: visits, staff on shift, how long travel takes, and what the plan should favour.
public struct HomeCareProblem: Sendable {
    public var visits: [CareVisit]
    public var staff: [StaffShift]
    public var travel: any TravelTimeSource
    public var weights: ObjectiveWeights
    /// Caregivers each recipient has already met in the continuity period (for example 14 days),
    /// by recipient id.
    public var recentCaregivers: [String: Set<String>]

    public init(
        visits: [CareVisit], staff: [StaffShift], travel: any TravelTimeSource = GreatCircleTravel(),
        weights: ObjectiveWeights = ObjectiveWeights(), recentCaregivers: [String: Set<String>] = [:]
    ) {
        self.visits = visits
        self.staff = staff
        self.travel = travel
        self.weights = weights
        self.recentCaregivers = recentCaregivers
    }
}
