/// What changed the day.
public enum ReplanEvent: Sendable, Hashable {
    /// The staff member is away from `now` (a sick call): their visits not yet begun go to others.
    case staffAbsent(staffID: String)
    /// An alarm takes the staff member from `now` for `minutes`; they carry on from the alarm's place.
    case alarm(staffID: String, place: Place, minutes: Int)
    /// A new visit that must be fitted in today.
    case urgentVisit(CareVisit)
    /// A visit takes longer than planned: the one in progress delays its staff, a later one is longer.
    case visitOverran(visitID: String, extraMinutes: Int)
}

/// A re-planned day: the new plan (visits already begun kept as they were), what it costs, and what
/// changed for whom, so the people affected can be told.
public struct ReplanResult: Sendable {
    public var result: HomeCareResult
    /// Visits (not yet begun) whose staff changed: visit id → (before, after).
    public var movedVisits: [String: (before: [String], after: [String])]
    /// Visits whose start moved by more than the tolerance: visit id → (before, after).
    public var retimedVisits: [String: (before: Double, after: Double)]
    /// Visits whose windows had passed by `now` without them being begun.
    public var missedVisitIDs: [String]
}

extension HomeCarePlanner {
    /// Re-plans the rest of the day from `now` after `event`. Visits begun before `now` stay as
    /// they were; each staff member carries on from where the plan (or `positions`) puts them;
    /// the new plan moves as few visits and times as it can (each change costs, see
    /// `ObjectiveWeights.changedAssignment` and `changedTimeMinute`).
    public static func replan(
        _ problem: HomeCareProblem, current: HomeCarePlan, now: Int, event: ReplanEvent,
        positions: [String: Place] = [:], options: HomeCareSolveOptions
    ) throws(ProblemErrors) -> ReplanResult {
        let clock = Double(now)
        let visitsByID = Dictionary(problem.visits.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var history: [String: [PlannedStop]] = [:]
        var historyBreak: [String: Double] = [:]
        var begun = Set<String>()
        var rest = problem
        rest.staff = []
        var recent = problem.recentCaregivers

        for day in current.days {
            let started = day.stops.filter { $0.start < clock }
            history[day.staffID] = started
            begun.formUnion(started.map(\.visitID))
            if let breakStart = day.breakStart, breakStart < clock { historyBreak[day.staffID] = breakStart }
            for stop in started {
                if let recipient = visitsByID[stop.visitID]?.recipientID {
                    recent[recipient, default: []].insert(day.staffID)
                }
            }
        }
        rest.recentCaregivers = recent

        for var shift in problem.staff {
            if case .staffAbsent(let absent) = event, absent == shift.id { continue }
            let latestEnd = shift.shiftStart + shift.maxWorkingMinutes
            // Free since the shift began or their last visit ended: between visits at `now` a
            // staff member is mostly on the way to the next, and one counted as standing still
            // until `now` would lose a visit they are about to reach in time. Windows are cut at
            // `now`, so nothing is planned to begin before it.
            var availableAt = Double(shift.shiftStart)
            var location = shift.startPlace
            if let last = history[shift.id]?.last, let visit = visitsByID[last.visitID] {
                var end = last.start + Double(visit.durationMinutes)
                if case .visitOverran(let id, let extra) = event, id == visit.id { end += Double(extra) }
                availableAt = max(availableAt, end)
                location = visit.place
            }
            if let position = positions[shift.id] {
                location = position
                availableAt = max(availableAt, clock)
            }
            if case .alarm(let staffID, let place, let minutes) = event, staffID == shift.id {
                availableAt = max(availableAt, clock + Double(minutes))
                location = place
            }
            let start = Int(availableAt.rounded(.up))
            shift.shiftStart = start
            shift.startPlace = location
            shift.maxWorkingMinutes = max(1, latestEnd - start)
            shift.shiftEnd = max(shift.shiftEnd, start + 1)
            if historyBreak[shift.id] != nil {
                shift.breakRule = nil
            } else if var rule = shift.breakRule {
                rule.window.start = max(rule.window.start, start, now)
                shift.breakRule = rule.window.start <= rule.window.end ? rule : nil
            }
            rest.staff.append(shift)
        }

        var missed: [String] = []
        rest.visits = []
        var candidates = problem.visits
        if case .urgentVisit(let visit) = event { candidates.append(visit) }
        for var visit in candidates where !begun.contains(visit.id) {
            if case .visitOverran(let id, let extra) = event, id == visit.id { visit.durationMinutes += extra }
            visit.windows = visit.windows.compactMap { window in
                window.end >= now ? MinuteWindow(max(window.start, now), window.end) : nil
            }
            if visit.windows.isEmpty {
                missed.append(visit.id)
                continue
            }
            let onShift = Set(rest.staff.map(\.id))
            visit.pinnedStaffIDs = visit.pinnedStaffIDs.filter(onShift.contains)
            if let pinned = visit.pinnedStart, pinned < now { visit.pinnedStart = nil }
            rest.visits.append(visit)
        }

        var options = options
        let stillPlanned = Set(rest.visits.map(\.id))
        let future = HomeCarePlan(
            days: current.days.map { day in
                // The break stays between the same visits: placed anew, it could fall where the
                // day has no room for it, and push visits out that need not move.
                StaffDay(
                    staffID: day.staffID, stops: day.stops.filter { stillPlanned.contains($0.visitID) },
                    breakAfterStops: day.breakAfterStops.map { after in
                        day.stops.prefix(after).count { stillPlanned.contains($0.visitID) }
                    },
                    breakStart: day.breakStart)
            }, unassignedVisitIDs: [])
        options.initialPlan = future
        options.baseline = future
        // Start cool: the current plan is good, and a hot start would wander from it for most of a
        // short budget only to pay for every change on the way back.
        options.initialTemperature = min(options.initialTemperature, 5)
        options.finalTemperature = min(options.finalTemperature, 0.1)
        var solved = try solve(rest, options: options)

        // Put back what was already begun, ahead of each staff member's new day.
        solved.plan.days = current.days.compactMap { old -> StaffDay? in
            let new = solved.plan.days.first { $0.staffID == old.staffID }
            let done = history[old.staffID] ?? []
            if new == nil, done.isEmpty { return nil }
            var day = StaffDay(staffID: old.staffID, stops: done + (new?.stops ?? []))
            if let taken = historyBreak[old.staffID] {
                day.breakStart = taken
                day.breakAfterStops = old.breakAfterStops
            } else if let new, let after = new.breakAfterStops {
                day.breakStart = new.breakStart
                day.breakAfterStops = after + done.count
            }
            return day
        }
        solved.plan.unassignedVisitIDs = (solved.plan.unassignedVisitIDs + missed).sorted()
        solved.violations = check(problem.replanned(by: event), solved.plan)

        let before = current.assignments
        let after = solved.plan.assignments
        var moved: [String: (before: [String], after: [String])] = [:]
        var retimed: [String: (before: Double, after: Double)] = [:]
        for (id, old) in before where stillPlanned.contains(id) {
            let new = after[id]
            if Set(old.staffIDs) != Set(new?.staffIDs ?? []) { moved[id] = (old.staffIDs, new?.staffIDs ?? []) }
            if let new, abs(new.start - old.start) > problem.weights.preferredTimeTolerance {
                retimed[id] = (old.start, new.start)
            }
        }
        return ReplanResult(result: solved, movedVisits: moved, retimedVisits: retimed, missedVisitIDs: missed)
    }
}

extension HomeCareProblem {
    /// The day's problem with the event applied, for checking the merged plan: the absent person
    /// keeps only what they began, an overrun visit is longer, an urgent visit is added.
    func replanned(by event: ReplanEvent) -> HomeCareProblem {
        var problem = self
        switch event {
        case .urgentVisit(let visit): problem.visits.append(visit)
        case .visitOverran(let id, let extra):
            if let index = problem.visits.firstIndex(where: { $0.id == id }) {
                problem.visits[index].durationMinutes += extra
            }
        case .staffAbsent(let id):
            // Gone home: no break to plan for them any more.
            if let index = problem.staff.firstIndex(where: { $0.id == id }) { problem.staff[index].breakRule = nil }
        case .alarm: break
        }
        return problem
    }
}
