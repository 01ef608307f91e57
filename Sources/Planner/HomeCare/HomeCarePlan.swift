/// One visit in a staff member's day: when service begins (minutes after midnight).
public struct PlannedStop: Sendable, Hashable, Codable {
    public var visitID: String
    public var start: Double

    public init(visitID: String, start: Double) {
        self.visitID = visitID
        self.start = start
    }
}

/// A staff member's day in a plan: the visits in order, and the break.
public struct StaffDay: Sendable, Hashable, Codable {
    public var staffID: String
    public var stops: [PlannedStop]
    /// The break is taken after this many stops, where the person is, before travelling on.
    public var breakAfterStops: Int?
    public var breakStart: Double?

    public init(staffID: String, stops: [PlannedStop], breakAfterStops: Int? = nil, breakStart: Double? = nil) {
        self.staffID = staffID
        self.stops = stops
        self.breakAfterStops = breakAfterStops
        self.breakStart = breakStart
    }
}

/// A plan for a day: each staff member's visits in order, and the visits nobody could take.
public struct HomeCarePlan: Sendable, Hashable, Codable {
    public var days: [StaffDay]
    public var unassignedVisitIDs: [String]

    public init(days: [StaffDay], unassignedVisitIDs: [String]) {
        self.days = days
        self.unassignedVisitIDs = unassignedVisitIDs
    }

    /// Who makes each visit (one or two staff ids), and when it begins.
    public var assignments: [String: (staffIDs: [String], start: Double)] {
        var result: [String: (staffIDs: [String], start: Double)] = [:]
        for day in days {
            for stop in day.stops {
                result[stop.visitID, default: ([], stop.start)].staffIDs.append(day.staffID)
            }
        }
        return result
    }
}
