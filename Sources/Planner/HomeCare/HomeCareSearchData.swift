/// A problem laid out for the search: every visit, staff member, place and weight as plain
/// numbers in contiguous arrays, indexed by position; travel as one flat matrix per staff member's
/// mode; what each staff member may do as precomputed flags.
struct HomeCareSearchData {
    let problem: HomeCareProblem
    let visitCount: Int
    let staffCount: Int
    let placeCount: Int
    /// Travel minutes, one `placeCount × placeCount` block per travel mode in one flat array (no
    /// nested arrays in the hot loops: each inner array access would retain and release).
    let travelMatrix: ReadOnlyTable<Double>
    /// Per staff member: where the block of their travel mode begins in `travelMatrix`.
    let travelOffset: ReadOnlyTable<Int>

    // Visits
    let visitPlace: ReadOnlyTable<Int>
    let duration: ReadOnlyTable<Double>
    /// Every visit's windows, sorted, flat: visit `v` has `windowFirst[v]..<windowFirst[v + 1]`.
    let windowStart: ReadOnlyTable<Double>
    let windowEnd: ReadOnlyTable<Double>
    let windowFirst: ReadOnlyTable<Int>
    let pinnedStart: ReadOnlyTable<Double>  // NaN when free
    let partsNeeded: ReadOnlyTable<Int>
    let unassignedCost: ReadOnlyTable<Double>
    let requiredMask: ReadOnlyTable<UInt64>
    let preferredStart: ReadOnlyTable<Double>  // NaN when none
    let recipient: ReadOnlyTable<Int>
    let recipientCount: Int
    let pinnedStaff: [[Int]]
    /// Per visit: its first pinned staff member, -1 for none; and whether it is locked (pinned
    /// to a start and to as many staff as it needs), which the search never moves. Flat tables:
    /// reading the nested `pinnedStaff` in the ruin's loops retained and released its arrays.
    let firstPinnedStaff: ReadOnlyTable<Int>
    let locked: ReadOnlyTable<Bool>

    // Staff
    let shiftStart: ReadOnlyTable<Double>
    let shiftEnd: ReadOnlyTable<Double>
    let latestEnd: ReadOnlyTable<Double>
    let startPlace: ReadOnlyTable<Int>
    let endPlace: ReadOnlyTable<Int>
    let competenceMask: ReadOnlyTable<UInt64>
    let hasBreak: ReadOnlyTable<Bool>
    let breakEarliest: ReadOnlyTable<Double>
    let breakLatest: ReadOnlyTable<Double>
    let breakLength: ReadOnlyTable<Double>

    /// `[visit * staffCount + staff]`: not excluded, from the zone or lent to it, and (for a
    /// one-person visit) holding the competences and matching a pin.
    let eligible: ReadOnlyTable<Bool>
    /// `[visit * staffCount + staff]`: continuity and lending cost of that staff member making it.
    let assignmentCost: ReadOnlyTable<Double>
    /// `[visit * staffCount + staff]`: whether that staff member making it counts as a visit without
    /// the primary contact, and as one by lent staff (precomputed: the objective is measured on
    /// every search step, and comparing ids as text there cost a third of the step).
    let notByPrimary: ReadOnlyTable<Bool>
    let byLentStaff: ReadOnlyTable<Bool>
    /// `[recipient * staffCount + staff]`: met in the continuity period.
    let metBefore: ReadOnlyTable<Bool>
    /// For each visit, the other visits by increasing travel time (for string removal).
    let neighbours: [[Int]]
    /// Per recipient: their visits, and the staff they know (met in the period or preferred), for
    /// the ruin step that moves a recipient's visits to someone they know.
    let visitsOfRecipient: [[Int]]
    let acquainted: [[Int]]
    let weights: ObjectiveWeights
    /// Whether every part of the objective is at least zero (weights, travel times, the cost of
    /// each left-out visit): then the left-out visits alone bound a plan's cost from below, which
    /// lets a search step stop as soon as they cost more than it would accept.
    let partsAreNonNegative: Bool

    init(_ problem: HomeCareProblem) {
        self.problem = problem
        let visits = problem.visits
        let staff = problem.staff
        visitCount = visits.count
        staffCount = staff.count
        weights = problem.weights

        var places: [Place] = []
        var placeIndex: [Place: Int] = [:]
        func index(_ place: Place) -> Int {
            if let known = placeIndex[place] { return known }
            places.append(place)
            placeIndex[place] = places.count - 1
            return places.count - 1
        }
        visitPlace = ReadOnlyTable(visits.map { index($0.place) })
        startPlace = ReadOnlyTable(staff.map { index($0.startPlace) })
        endPlace = ReadOnlyTable(staff.map { index($0.endPlace) })
        placeCount = places.count
        // Car first (string removal measures nearness by car), then the other modes in use.
        let modes =
            [TravelMode.car]
            + TravelMode.allCases.filter { mode in
                mode != .car && staff.contains { $0.travelMode == mode }
            }
        let block = places.count * places.count
        var travelMatrix = [Double](repeating: 0, count: modes.count * block)
        for (m, mode) in modes.enumerated() {
            for (a, from) in places.enumerated() {
                for (b, to) in places.enumerated() where a != b {
                    travelMatrix[m * block + a * places.count + b] = problem.travel.minutes(
                        from: from, to: to, mode: mode)
                }
            }
        }
        self.travelMatrix = ReadOnlyTable(travelMatrix)
        travelOffset = ReadOnlyTable(staff.map { shift in modes.firstIndex(of: shift.travelMode)! * block })

        var bits: [String: UInt64] = [:]
        func mask(_ competences: Set<String>) -> UInt64 {
            competences.reduce(0) { result, name in
                if bits[name] == nil { bits[name] = bits.count < 64 ? 1 << UInt64(bits.count) : 0 }
                return result | bits[name]!
            }
        }
        requiredMask = ReadOnlyTable(visits.map { mask($0.requiredCompetences) })
        competenceMask = ReadOnlyTable(staff.map { mask($0.competences) })

        duration = ReadOnlyTable(visits.map { Double($0.durationMinutes) })
        let sortedWindows = visits.map { $0.windows.sorted { $0.start < $1.start } }
        windowStart = ReadOnlyTable(sortedWindows.flatMap { $0.map { Double($0.start) } })
        windowEnd = ReadOnlyTable(sortedWindows.flatMap { $0.map { Double($0.end) } })
        windowFirst = ReadOnlyTable(
            [0]
                + sortedWindows.reduce(into: [Int]()) { firsts, windows in
                    firsts.append((firsts.last ?? 0) + windows.count)
                })
        pinnedStart = ReadOnlyTable(visits.map { $0.pinnedStart.map(Double.init) ?? .nan })
        partsNeeded = ReadOnlyTable(visits.map(\.staffCount))
        unassignedCost = ReadOnlyTable(
            visits.map { visit in
                visit.mandatory
                    ? problem.weights.unassignedMandatory + Double(visit.priority)
                    : problem.weights.unassignedOptionalPerPriority * Double(max(1, visit.priority))
            })
        preferredStart = ReadOnlyTable(visits.map { $0.preferredStart.map(Double.init) ?? .nan })
        var recipients: [String: Int] = [:]
        recipient = ReadOnlyTable(
            visits.map { visit in
                if let known = recipients[visit.recipientID] { return known }
                recipients[visit.recipientID] = recipients.count
                return recipients.count - 1
            })
        recipientCount = recipients.count
        let staffIndex = Dictionary(uniqueKeysWithValues: staff.enumerated().map { ($1.id, $0) })
        pinnedStaff = visits.map { $0.pinnedStaffIDs.compactMap { staffIndex[$0] } }
        firstPinnedStaff = ReadOnlyTable(pinnedStaff.map { $0.first ?? -1 })
        locked = ReadOnlyTable(
            zip(visits, pinnedStaff).map { visit, pinned in
                visit.pinnedStart != nil && pinned.count == visit.staffCount
            })

        shiftStart = ReadOnlyTable(staff.map { Double($0.shiftStart) })
        shiftEnd = ReadOnlyTable(staff.map { Double($0.shiftEnd) })
        latestEnd = ReadOnlyTable(staff.map { Double($0.shiftStart + $0.maxWorkingMinutes) })
        hasBreak = ReadOnlyTable(staff.map { $0.breakRule != nil })
        breakEarliest = ReadOnlyTable(staff.map { Double($0.breakRule?.window.start ?? 0) })
        breakLatest = ReadOnlyTable(staff.map { Double($0.breakRule?.window.end ?? 0) })
        breakLength = ReadOnlyTable(staff.map { Double($0.breakRule?.lengthMinutes ?? 0) })

        var eligible = [Bool](repeating: false, count: visits.count * staff.count)
        var assignmentCost = [Double](repeating: 0, count: visits.count * staff.count)
        var notByPrimary = [Bool](repeating: false, count: visits.count * staff.count)
        var byLentStaff = [Bool](repeating: false, count: visits.count * staff.count)
        for (v, visit) in visits.enumerated() {
            for (s, shift) in staff.enumerated() {
                let fromZone =
                    visit.zoneID == nil || shift.zoneID == nil || visit.zoneID == shift.zoneID
                    || shift.lendableZoneIDs.contains(visit.zoneID!)
                let lent = fromZone && visit.zoneID != nil && shift.zoneID != nil && visit.zoneID != shift.zoneID
                var allowed = fromZone && !visit.excludedStaffIDs.contains(shift.id)
                if visit.staffCount == 1 {
                    allowed = allowed && requiredMask[v] & competenceMask[s] == requiredMask[v]
                    if let pinned = pinnedStaff[v].first { allowed = allowed && pinned == s }
                } else if pinnedStaff[v].count == 2 {
                    allowed = allowed && pinnedStaff[v].contains(s)
                }
                eligible[v * staff.count + s] = allowed
                var cost = lent ? problem.weights.lentStaffVisit : 0
                if let rank = visit.preferredStaffIDs.firstIndex(of: shift.id) {
                    cost += rank == 0 ? 0 : problem.weights.notPrimaryContact / 2
                } else if !visit.preferredStaffIDs.isEmpty {
                    cost += problem.weights.notPrimaryContact
                }
                assignmentCost[v * staff.count + s] = cost
                notByPrimary[v * staff.count + s] = visit.preferredStaffIDs.first.map { $0 != shift.id } ?? false
                if let zone = visit.zoneID, let own = shift.zoneID { byLentStaff[v * staff.count + s] = zone != own }
            }
        }
        self.eligible = ReadOnlyTable(eligible)
        self.assignmentCost = ReadOnlyTable(assignmentCost)
        self.notByPrimary = ReadOnlyTable(notByPrimary)
        self.byLentStaff = ReadOnlyTable(byLentStaff)

        var metBefore = [Bool](repeating: false, count: recipients.count * staff.count)
        for (id, r) in recipients {
            for staffID in problem.recentCaregivers[id] ?? [] {
                if let s = staffIndex[staffID] { metBefore[r * staff.count + s] = true }
            }
        }
        self.metBefore = ReadOnlyTable(metBefore)
        var visitsOfRecipient = [[Int]](repeating: [], count: recipients.count)
        var acquainted = [Set<Int>](repeating: [], count: recipients.count)
        for (v, visit) in visits.enumerated() {
            let r = recipient[v]
            visitsOfRecipient[r].append(v)
            acquainted[r].formUnion(visit.preferredStaffIDs.compactMap { staffIndex[$0] })
        }
        for r in 0..<recipients.count {
            acquainted[r].formUnion((0..<staff.count).filter { metBefore[r * staff.count + $0] })
        }
        let w = problem.weights
        partsAreNonNegative =
            [
                w.travelMinute, w.overtimeMinute, w.preferredTimeMinute, w.notPrimaryContact, w.newCaregiver,
                w.workloadImbalanceMinute, w.lentStaffVisit, w.changedAssignment, w.changedTimeMinute,
            ].allSatisfy { $0 >= 0 } && travelMatrix.allSatisfy { $0 >= 0 } && unassignedCost.allSatisfy { $0 >= 0 }
        self.visitsOfRecipient = visitsOfRecipient
        self.acquainted = acquainted.map { $0.sorted() }

        let car = travelMatrix
        let placeCount = places.count
        let visitPlace = self.visitPlace
        neighbours = visits.indices.map { v in
            visits.indices.filter { $0 != v }.sorted {
                (car[visitPlace[v] * placeCount + visitPlace[$0]], $0)
                    < (car[visitPlace[v] * placeCount + visitPlace[$1]], $1)
            }
        }
    }

    @inline(__always) func travel(_ from: Int, _ to: Int, staff: Int) -> Double {
        travelMatrix[travelOffset[staff] &+ from &* placeCount &+ to]
    }

    /// When the visit's first window opens, and when its last closes (±∞ without windows).
    @inline(__always) func firstWindowStart(_ visit: Int) -> Double {
        windowFirst[visit] < windowFirst[visit + 1] ? windowStart[windowFirst[visit]] : -.infinity
    }

    @inline(__always) func lastWindowEnd(_ visit: Int) -> Double {
        windowFirst[visit] < windowFirst[visit + 1] ? windowEnd[windowFirst[visit + 1] - 1] : -.infinity
    }

    /// The earliest minute a visit can end: its fixed start or its first window's opening, plus its length.
    @inline(__always) func earliestEnd(_ visit: Int, fixedStart fixed: Double) -> Double {
        (fixed.isNaN ? firstWindowStart(visit) : fixed) + duration[visit]
    }

    /// Minutes of all the visit's windows together (how free it is to move).
    func windowSlack(_ visit: Int) -> Double {
        (windowFirst[visit]..<windowFirst[visit + 1]).reduce(0) { $0 + windowEnd[$1] - windowStart[$1] }
    }

    /// The earliest minute service can begin at or after `arrival`, or nil when every window has closed.
    @inline(__always) func firstBegin(_ visit: Int, fixedStart fixed: Double, after arrival: Double) -> Double? {
        if !fixed.isNaN { return arrival <= fixed + 1e-9 ? fixed : nil }
        for index in windowFirst[visit]..<windowFirst[visit + 1] where arrival <= windowEnd[index] + 1e-9 {
            return max(arrival, windowStart[index])
        }
        return nil
    }

    /// The latest arrival at a visit that still lets it end by `latestLeave`, or -∞.
    @inline(__always) func latestArrival(_ visit: Int, fixedStart: Double, leavingBy latestLeave: Double) -> Double {
        let length = duration[visit]
        if !fixedStart.isNaN { return fixedStart + length <= latestLeave + 1e-9 ? fixedStart : -.infinity }
        for index in stride(from: windowFirst[visit + 1] - 1, through: windowFirst[visit], by: -1)
        where windowStart[index] + length <= latestLeave + 1e-9 {
            return min(windowEnd[index], latestLeave - length)
        }
        return -.infinity
    }

    /// A break between two places, leaving the first at `leaving` with `travel` minutes to go:
    /// taken on arrival when that is in time, otherwise before setting off. When it begins, and
    /// when the person is at the next place ready to work; nil when its window has passed.
    @inline(__always) func takeBreak(_ staff: Int, leaving: Double, travel: Double) -> (start: Double, arrival: Double)?
    {
        let earliest = breakEarliest[staff]
        let latest = breakLatest[staff]
        let length = breakLength[staff]
        let afterTravel = max(leaving + travel, earliest)
        if afterTravel <= latest + 1e-9 { return (afterTravel, afterTravel + length) }
        let beforeTravel = max(leaving, earliest)
        if beforeTravel <= latest + 1e-9 { return (beforeTravel, beforeTravel + length + travel) }
        return nil
    }

    /// The latest time to leave the place before a break and still be at the next place by
    /// `arrivingBy`, or -∞. The arrival after a break only grows with the leaving time, so the
    /// bound is exact.
    @inline(__always) func latestLeaveBeforeBreak(_ staff: Int, arrivingBy: Double, travel: Double) -> Double {
        let leaving = min(breakLatest[staff], arrivingBy - breakLength[staff] - travel)
        guard let taken = takeBreak(staff, leaving: leaving, travel: travel), taken.arrival <= arrivingBy + 1e-9 else {
            return -.infinity
        }
        return leaving
    }

    /// Whether two staff who may each take part in a two-person visit may make it together:
    /// between them they hold its competences, and it is not locked to someone else. (With two
    /// staff locked, `eligible` already allows only them.)
    @inline(__always) func mayMakeTogether(_ visit: Int, _ first: Int, _ second: Int) -> Bool {
        let required = requiredMask[visit]
        guard required & (competenceMask[first] | competenceMask[second]) == required else { return false }
        let lock = firstPinnedStaff[visit]
        return lock < 0 || lock == first || lock == second
    }

    /// The cost of beginning a visit at `begin` instead of its preferred time.
    @inline(__always) func preferredTimeCost(_ visit: Int, _ begin: Double) -> Double {
        let preferred = preferredStart[visit]
        if preferred.isNaN { return 0 }
        return max(0, abs(begin - preferred) - weights.preferredTimeTolerance) * weights.preferredTimeMinute
    }
}
