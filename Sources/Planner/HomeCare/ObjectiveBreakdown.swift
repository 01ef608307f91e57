/// The objective of a plan, part by part, so a leader can see what a plan costs and why.
public struct ObjectiveBreakdown: Sendable, Hashable, Codable {
    public var unassignedMandatory = 0
    public var unassignedOptional = 0
    public var travelMinutes = 0.0
    public var overtimeMinutes = 0.0
    /// Minutes away from preferred times, beyond the tolerance, summed over visits.
    public var preferredTimeDeviationMinutes = 0.0
    /// Visits not made by the recipient's primary contact (counting one staff member per visit).
    public var visitsWithoutPrimaryContact = 0
    /// Caregivers recipients meet today who did not visit them earlier in the period.
    public var newCaregivers = 0
    /// Sum over staff of how far each one's working minutes are from the team's mean.
    public var workloadImbalanceMinutes = 0.0
    public var visitsByLentStaff = 0
    /// Re-planning: visits (per staff place) that changed hands, and minutes moved beyond the tolerance.
    public var changedAssignments = 0
    public var changedTimeMinutes = 0.0
    /// The weighted sum the planner minimises.
    public var total = 0.0

    public init() {}
}

/// A plan to compare against when re-planning: who was told which visit, and when.
struct Baseline {
    /// `[visit]`: the staff indices the visit had.
    var staff: [[Int]]
    /// `[visit]`: the start the recipient was told, NaN when none.
    var start: [Double]
}

extension HomeCareSearchData {
    /// Measures routes and left-out visits: the one definition of the objective, used by the search
    /// and by `HomeCarePlanner.evaluate` alike.
    func measure(_ routes: [CareRoute], unassigned: [Int], baseline: Baseline?) -> ObjectiveBreakdown {
        var parts = ObjectiveBreakdown()
        var extra = 0.0  // the weighted parts that are not simple counts
        for visit in unassigned {
            if problem.visits[visit].mandatory { parts.unassignedMandatory += 1 } else { parts.unassignedOptional += 1 }
            extra += unassignedCost[visit]
        }
        // On the stack: the search measures a plan every step.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: recipientCount) { seenIn in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, routes.count)) { busy in
                // The route in which each recipient was last seen: a new caregiver counts once per route.
                seenIn.initialize(repeating: -1)
                // By index, not `for route in routes`: a copied route retains its arrays.
                for route in routes.indices {
                    let staff = routes[route].staff
                    parts.travelMinutes += routes[route].travelMinutes
                    parts.overtimeMinutes += max(0, routes[route].returnTime - shiftEnd[staff])
                    var working = routes[route].travelMinutes
                    for (index, visit) in routes[route].elements.enumerated() where visit != CareRoute.breakElement {
                        working += duration[visit]
                        let preferred = preferredStart[visit]
                        if !preferred.isNaN {
                            parts.preferredTimeDeviationMinutes += max(
                                0, abs(routes[route].timing[index].begin - preferred) - weights.preferredTimeTolerance)
                        }
                        let cell = visit * staffCount + staff
                        extra += assignmentCost[cell]
                        if notByPrimary[cell] { parts.visitsWithoutPrimaryContact += 1 }
                        if byLentStaff[cell] { parts.visitsByLentStaff += 1 }
                        let who = recipient[visit]
                        if !metBefore[who * staffCount + staff], seenIn[who] != route {
                            seenIn[who] = route
                            parts.newCaregivers += 1
                        }
                        if let baseline, !baseline.staff[visit].isEmpty {
                            if !baseline.staff[visit].contains(staff) { parts.changedAssignments += 1 }
                            let told = baseline.start[visit]
                            if !told.isNaN {
                                parts.changedTimeMinutes += max(
                                    0, abs(routes[route].timing[index].begin - told) - weights.preferredTimeTolerance)
                            }
                        }
                    }
                    busy[route] = working
                }
                if !routes.isEmpty {
                    let mean = busy[0..<routes.count].reduce(0, +) / Double(routes.count)
                    parts.workloadImbalanceMinutes = busy[0..<routes.count].reduce(0) { $0 + abs($1 - mean) }
                }
            }
        }
        parts.total =
            extra + weights.travelMinute * parts.travelMinutes + weights.overtimeMinute * parts.overtimeMinutes
            + weights.preferredTimeMinute * parts.preferredTimeDeviationMinutes
            + weights.newCaregiver * Double(parts.newCaregivers)
            + weights.workloadImbalanceMinute * parts.workloadImbalanceMinutes
            + weights.changedAssignment * Double(parts.changedAssignments)
            + weights.changedTimeMinute * parts.changedTimeMinutes
        return parts
    }
}
