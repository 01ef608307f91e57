/// A plan while the search works on it: one route per staff member, the start chosen for each
/// two-person visit (both staff begin then), and the visits not placed.
struct HomeCareSearchState {
    var routes: [CareRoute]
    /// Per visit: its pinned start, or the start chosen for a two-person visit; NaN when free.
    var fixedStart: [Double]
    var unassigned: [Int]
    /// `[staff * recipientCount + recipient]`: how many of the recipient's visits the staff member's
    /// route holds (so an insertion knows in constant time whether someone would be new). Kept by
    /// `recreate` and the ruin; `recount` after setting routes any other way.
    private(set) var recipientVisits: [Int32]
    /// Per visit: a staff member whose route holds it, -1 when no route does (so the ruin finds a
    /// visit's day without scanning every route each step). Kept as `recipientVisits` is.
    private(set) var routeOfVisit: [Int]

    /// Empty routes, each with its break where it fits first.
    init(_ data: HomeCareSearchData) {
        let fixedStart = Array(data.pinnedStart)
        self.fixedStart = fixedStart
        unassigned = []
        recipientVisits = [Int32](repeating: 0, count: data.staffCount * data.recipientCount)
        routeOfVisit = [Int](repeating: -1, count: data.visitCount)
        routes = (0..<data.staffCount).map { CareRoute(staff: $0, elements: [], data, fixedStart) }
        for staff in routes.indices where data.hasBreak[staff] { placeBreak(staff, data) }
    }

    /// Whether a visit is locked in place (staff and time), as started visits are when re-planning:
    /// never removed by the search.
    @inline(__always) static func isLocked(_ visit: Int, _ data: HomeCareSearchData) -> Bool {
        data.locked[visit]
    }

    /// The staff who may make `visit` and whose day, with nothing else in it, it fits (shift,
    /// break, windows): when they are fewer than the visit needs, no plan can place it. `empty` is
    /// a plan with no visits.
    static func staffWhoseEmptyDayFits(_ visit: Int, _ empty: HomeCareSearchState, _ data: HomeCareSearchData) -> [Int]
    {
        (0..<data.staffCount).filter { staff in
            guard data.eligible[visit * data.staffCount + staff] else { return false }
            let route = empty.routes[staff]
            return (0...route.count).contains { position in
                guard let span = route.insertionSpan(of: visit, at: position, data),
                    let begin = data.firstBegin(visit, fixedStart: data.pinnedStart[visit], after: span.arrival)
                else { return false }
                return begin <= span.latestBegin
            }
        }
    }

    /// Puts a route's break at the feasible position nearest the middle of its window.
    /// In place: a copy of the route would copy its arrays on the first change.
    mutating func placeBreak(_ staff: Int, _ data: HomeCareSearchData) {
        if routes[staff].breakPosition != nil {
            routes[staff].remove(where: { $0 == CareRoute.breakElement }, data, fixedStart)
        }
        let middle = (data.breakEarliest[staff] + data.breakLatest[staff]) / 2
        var best: (position: Int, distance: Double)?
        for position in 0...routes[staff].count where routes[staff].breakFits(at: position, data) {
            let before = position == 0 ? data.shiftStart[staff] : routes[staff].timing[position - 1].leave
            let distance = abs(max(before, data.breakEarliest[staff]) - middle)
            if best == nil || distance < best!.distance { best = (position, distance) }
        }
        if let best { routes[staff].insert(CareRoute.breakElement, at: best.position, data, fixedStart) }
    }

    /// Moves a route's break to a place it fits, chosen at random (where it was is one of them).
    /// Counted, then picked, instead of collected: this runs inside the search step.
    mutating func moveBreak(_ staff: Int, _ data: HomeCareSearchData, _ random: inout SearchRandom) {
        routes[staff].remove(where: { $0 == CareRoute.breakElement }, data, fixedStart)
        putBreakAtRandom(staff, data, &random)
    }

    /// Puts the break into a route that has none, at a place it fits chosen at random (where it
    /// fits best when it fits nowhere).
    mutating func putBreakAtRandom(_ staff: Int, _ data: HomeCareSearchData, _ random: inout SearchRandom) {
        let fitting = (0...routes[staff].count).count { routes[staff].breakFits(at: $0, data) }
        guard fitting > 0 else { return placeBreak(staff, data) }
        var skip = random.below(fitting)
        for position in 0...routes[staff].count where routes[staff].breakFits(at: position, data) {
            if skip == 0 { return routes[staff].insert(CareRoute.breakElement, at: position, data, fixedStart) }
            skip -= 1
        }
    }

    /// Makes this plan equal to `other` by copying into its own buffers (no allocation once both
    /// have their own): the routes changed since the last copy (or `all`), the chosen starts, the
    /// left-out visits. The search keeps a candidate and the current plan this way instead of
    /// copying a plan per step.
    mutating func copyContents(of other: HomeCareSearchState, all: Bool = false) {
        for staff in routes.indices where all || routes[staff].changed || other.routes[staff].changed {
            routes[staff].copyContents(of: other.routes[staff])
        }
        CareRoute.copy(&fixedStart, other.fixedStart)
        CareRoute.copy(&unassigned, other.unassigned)
        CareRoute.copy(&recipientVisits, other.recipientVisits)
        CareRoute.copy(&routeOfVisit, other.routeOfVisit)
    }

    /// Counts anew which recipients each route visits, and finds anew which route holds each visit.
    mutating func recount(_ data: HomeCareSearchData) {
        for index in recipientVisits.indices { recipientVisits[index] = 0 }
        for index in routeOfVisit.indices { routeOfVisit[index] = -1 }
        for staff in routes.indices {
            for visit in routes[staff].elements where visit != CareRoute.breakElement {
                recipientVisits[staff * data.recipientCount + data.recipient[visit]] += 1
                routeOfVisit[visit] = staff
            }
        }
    }

    /// Takes the visits `remove` names out of a staff member's route, and the break `withBreak`
    /// (at once: the route is retimed once).
    mutating func removeVisits(
        from staff: Int, where remove: (Int) -> Bool, _ data: HomeCareSearchData, withBreak: Bool = false
    ) {
        for visit in routes[staff].elements where visit != CareRoute.breakElement && remove(visit) {
            recipientVisits[staff * data.recipientCount + data.recipient[visit]] -= 1
            // A two-person visit leaves both its days at once (the ruin takes it out of both).
            routeOfVisit[visit] = -1
        }
        routes[staff].remove(where: { $0 == CareRoute.breakElement ? withBreak : remove($0) }, data, fixedStart)
    }

    /// Puts a visit into a staff member's route before `position`.
    private mutating func insertVisit(_ visit: Int, into staff: Int, at position: Int, _ data: HomeCareSearchData) {
        recipientVisits[staff * data.recipientCount + data.recipient[visit]] += 1
        routeOfVisit[visit] = staff
        routes[staff].insert(visit, at: position, data, fixedStart)
    }

    /// Marks every route as the same as the last copy's.
    mutating func markUnchanged() {
        for staff in routes.indices { routes[staff].changed = false }
    }

    // MARK: Recreate

    /// Places each visit where it costs least, in the given order; visits that fit nowhere are left
    /// unassigned. Each position is skipped with probability `blinkRate`.
    ///
    /// With `ejecting`, a visit that fits nowhere takes the place of a one-person visit put in
    /// before it (a two-person visit in one of its two days), which is put back elsewhere (or,
    /// fitting nowhere, back where it was): a step's own insertions take the room its later
    /// visits need more often than anything else leaves a visit out. (Measured in CHANGELOG,
    /// stops 25 and 26: better 1 s plans, fewer left out, fewer steps.)
    ///
    /// Gives up, returning false with the plan half made, once the left-out visits alone cost
    /// `giveUpAt` or more: the search passes the most it would accept, and about half its steps
    /// leave out a visit the current plan has placed, which costs more than any plan it accepts.
    /// (Every other part of the objective is at least zero, `HomeCareSearchData.partsAreNonNegative`.)
    @discardableResult
    mutating func recreate(
        _ visits: [Int], blinkRate: Double, baseline: Baseline?, _ data: HomeCareSearchData,
        _ random: inout SearchRandom, giveUpAt: Double = .infinity, ejecting: Bool = true
    ) -> Bool {
        var leftOutCost = unassigned.reduce(0) { $0 + data.unassignedCost[$1] }
        for (index, visit) in visits.enumerated() {
            let single = data.partsNeeded[visit] == 1
            var placed =
                single
                ? insertSingle(visit, blinkRate: blinkRate, baseline: baseline, data, &random)
                : insertPair(visit, blinkRate: blinkRate, baseline: baseline, data, &random)
            // Most visits that fit nowhere lack room an earlier one of these took; a two-person
            // visit, needing room in two days at once, more often still.
            if !placed, ejecting,
                let taken = single
                    ? insertInPlace(of: visits[..<index], visit, baseline: baseline, data)
                    : insertPairInPlace(of: visits[..<index], visit, baseline: baseline, data, &random)
            {
                placed = insertSingle(taken.visit, blinkRate: blinkRate, baseline: baseline, data, &random)
                // The visit taken out fits nowhere else: back as it was, the new one left out.
                if !placed { putBack(taken, insteadOf: visit, data) }
            }
            if !placed {
                unassigned.append(visit)
                leftOutCost += data.unassignedCost[visit]
                if leftOutCost >= giveUpAt { return false }
            }
        }
        return true
    }

    /// Where a visit that fits nowhere went in another's place: the visit taken out (to be put
    /// back elsewhere), the day and position it was taken from, and for a two-person visit the
    /// other day it went into.
    struct TakenPlace {
        var visit: Int
        var staff: Int
        var position: Int
        var beside: Int?
    }

    /// The places `visit` could take from one of `earlier` (placed one-person visits that are not
    /// locked, in days of staff who may make `visit`), with its span there.
    private func placesToTake(
        among earlier: ArraySlice<Int>, for visit: Int, _ data: HomeCareSearchData
    ) -> [(visit: Int, staff: Int, position: Int, span: (arrival: Double, latestBegin: Double, extraTravel: Double))] {
        earlier.compactMap { other in
            let staff = data.partsNeeded[other] == 1 ? routeOfVisit[other] : -1
            guard staff >= 0, data.eligible[visit * data.staffCount + staff], !Self.isLocked(other, data),
                let position = routes[staff].elements.firstIndex(of: other),
                let span = routes[staff].replacementSpan(of: visit, replacing: position, data)
            else { return nil }
            return (other, staff, position, span)
        }
    }

    /// Puts a one-person visit that fits nowhere in the place of one of `earlier` (visits put in
    /// before it) where it fits, the cheapest such place; nil when it fits in no such place.
    private mutating func insertInPlace(
        of earlier: ArraySlice<Int>, _ visit: Int, baseline: Baseline?, _ data: HomeCareSearchData
    ) -> TakenPlace? {
        var best: (taken: TakenPlace, cost: Double)?
        for place in placesToTake(among: earlier, for: visit, data) {
            guard let begin = data.firstBegin(visit, fixedStart: fixedStart[visit], after: place.span.arrival),
                begin <= place.span.latestBegin + 1e-9
            else { continue }
            let cost =
                data.weights.travelMinute * place.span.extraTravel
                + staffCost(visit, place.staff, baseline: baseline, data)
                + timeCost(visit, begin, baseline: baseline, data)
            if best == nil || cost < best!.cost {
                best = (TakenPlace(visit: place.visit, staff: place.staff, position: place.position), cost)
            }
        }
        guard let taken = best?.taken else { return nil }
        removeVisits(from: taken.staff, where: { $0 == taken.visit }, data)
        insertVisit(visit, into: taken.staff, at: taken.position, data)
        return taken
    }

    /// Undoes `insertInPlace` or `insertPairInPlace`: `visit` out of its day (or both), its start
    /// free again, and the visit it took the place of back where it was.
    private mutating func putBack(_ taken: TakenPlace, insteadOf visit: Int, _ data: HomeCareSearchData) {
        if let beside = taken.beside { removeVisits(from: beside, where: { $0 == visit }, data) }
        removeVisits(from: taken.staff, where: { $0 == visit }, data)
        fixedStart[visit] = data.pinnedStart[visit]
        insertVisit(taken.visit, into: taken.staff, at: taken.position, data)
    }

    /// What making `visit` costs this staff member beyond travel: continuity, lending, re-planning.
    @inline(__always) private func staffCost(
        _ visit: Int, _ staff: Int, baseline: Baseline?, _ data: HomeCareSearchData
    ) -> Double {
        var cost = data.assignmentCost[visit * data.staffCount + staff]
        // A new caregiver counts once per recipient: nothing more if this staff member already
        // visits the recipient today (the visit itself is out of every route while it is placed).
        let recipient = data.recipient[visit]
        if !data.metBefore[recipient * data.staffCount + staff],
            recipientVisits[staff * data.recipientCount + recipient] == 0
        {
            cost += data.weights.newCaregiver
        }
        if let baseline, !baseline.staff[visit].isEmpty, !baseline.staff[visit].contains(staff) {
            cost += data.weights.changedAssignment
        }
        return cost
    }

    @inline(__always) private func timeCost(
        _ visit: Int, _ begin: Double, baseline: Baseline?, _ data: HomeCareSearchData
    )
        -> Double
    {
        var cost = data.preferredTimeCost(visit, begin)
        if let told = baseline?.start[visit], !told.isNaN {
            cost += max(0, abs(begin - told) - data.weights.preferredTimeTolerance) * data.weights.changedTimeMinute
        }
        return cost
    }

    /// The cheapest place for a one-person visit in one staff member's route, beyond `extraCost`
    /// (what that person costs before travel); nil when it fits nowhere there. A place that fits
    /// only by starting a two-person visit after it later names that visit and its new start.
    @inline(__always) private func cheapestPlace(
        _ visit: Int, in staff: Int, extraCost: Double, blinkRate: Double, baseline: Baseline?,
        _ data: HomeCareSearchData, _ random: inout SearchRandom
    ) -> (position: Int, cost: Double, pair: Int, pairStart: Double)? {
        let lastEnd = data.lastWindowEnd(visit)
        let route = routes[staff]
        var best: (position: Int, cost: Double, pair: Int, pairStart: Double)?
        // Only a place before a two-person visit can make room by starting it later; looked up
        // at the first place that does not fit (most calls never need it).
        var lastPair: Int?
        // Earlier places could fit only by starting a two-person visit after them later than the
        // visit can end: rarely worth their cost in a search step (measured), so not tried.
        let first = route.firstPosition(endingNotBefore: data.earliestEnd(visit, fixedStart: fixedStart[visit]))
        for position in first...route.count {
            if position > 0, route.timing[position - 1].leave > lastEnd { break }
            if blinkRate > 0, random.unit() < blinkRate { continue }
            guard let span = route.insertionSpan(of: visit, at: position, data),
                let begin = data.firstBegin(visit, fixedStart: fixedStart[visit], after: span.arrival),
                begin <= span.latestBegin + 1e-9
            else {
                if lastPair == nil {
                    lastPair =
                        route.elements.lastIndex { $0 != CareRoute.breakElement && data.partsNeeded[$0] == 2 } ?? -1
                }
                if position <= lastPair!,
                    let postponed = postponing(
                        visit, in: staff, at: position, extraCost: extraCost, baseline: baseline, data,
                        cheaperThan: best?.cost ?? .infinity)
                {
                    best = (position, postponed.cost, postponed.pair, postponed.pairStart)
                }
                continue
            }
            var cost = data.weights.travelMinute * span.extraTravel + extraCost
            cost += timeCost(visit, begin, baseline: baseline, data)
            if position == route.count {
                let back =
                    begin + data.duration[visit]
                    + data.travel(data.visitPlace[visit], data.endPlace[staff], staff: staff)
                cost +=
                    data.weights.overtimeMinute
                    * (max(0, back - data.shiftEnd[staff]) - max(0, route.returnTime - data.shiftEnd[staff]))
            }
            if best == nil || cost < best!.cost { best = (position, cost, -1, .nan) }
        }
        return best
    }

    /// A place for a one-person visit that fits by starting the two-person visit after it later,
    /// when the other staff member's day allows that start too, and costs less than
    /// `cheaperThan`; what it costs (the two-person visit's new start counts in both days).
    func postponing(
        _ visit: Int, in staff: Int, at position: Int, extraCost: Double, baseline: Baseline?,
        _ data: HomeCareSearchData, cheaperThan bound: Double = .infinity
    ) -> (cost: Double, pair: Int, pairStart: Double)? {
        guard let span = routes[staff].spanPostponingPair(of: visit, at: position, data, fixedStart) else { return nil }
        let pair = routes[staff].elements[span.pairIndex]
        let moved =
            timeCost(pair, span.pairStart, baseline: baseline, data)
            - timeCost(pair, fixedStart[pair], baseline: baseline, data)
        let cost =
            data.weights.travelMinute * span.extraTravel + extraCost
            + timeCost(visit, span.begin, baseline: baseline, data) + 2 * moved
        // The other day last: finding it is the dearest part.
        guard cost < bound, let partner = partner(of: pair, besides: staff),
            let index = routes[partner].elements.firstIndex(of: pair),
            span.pairStart <= routes[partner].latestBeginIfFree(at: index, data) + 1e-9
        else { return nil }
        return (cost, pair, span.pairStart)
    }

    /// The other staff member whose day holds a two-person visit.
    private func partner(of pair: Int, besides staff: Int) -> Int? {
        routes.indices.first { $0 != staff && routes[$0].elements.contains(pair) }
    }

    private mutating func insertSingle(
        _ visit: Int, blinkRate: Double, baseline: Baseline?, _ data: HomeCareSearchData,
        _ random: inout SearchRandom
    ) -> Bool {
        // Staff by what they cost before travel, so the first good place found lets the rest be
        // skipped: extra travel and time costs are never negative on a metric travel source.
        // (On the stack: this runs for every visit put back in every search step.)
        let best = withUnsafeTemporaryAllocation(of: (staff: Int, cost: Double).self, capacity: data.staffCount) {
            byCost -> (staff: Int, position: Int, cost: Double, pair: Int, pairStart: Double)? in
            var count = 0
            for staff in 0..<data.staffCount where data.eligible[visit * data.staffCount + staff] {
                byCost[count] = (staff, staffCost(visit, staff, baseline: baseline, data))
                count += 1
            }
            // Insertion sort: ten or so staff.
            for next in 1..<max(1, count) {
                let moving = byCost[next]
                var place = next
                while place > 0, byCost[place - 1].cost > moving.cost {
                    byCost[place] = byCost[place - 1]
                    place -= 1
                }
                byCost[place] = moving
            }
            let eligible = UnsafeMutableBufferPointer(rebasing: byCost[0..<count])
            var best: (staff: Int, position: Int, cost: Double, pair: Int, pairStart: Double)?
            for (staff, extraCost) in eligible {
                if let best, extraCost >= best.cost { break }
                if let place = cheapestPlace(
                    visit, in: staff, extraCost: extraCost, blinkRate: blinkRate, baseline: baseline, data, &random),
                    best == nil || place.cost < best!.cost
                {
                    best = (staff, place.position, place.cost, place.pair, place.pairStart)
                }
            }
            return best
        }
        guard let best else { return false }
        if best.pair >= 0 {
            insertPostponing(visit, into: best.staff, at: best.position, pair: best.pair, start: best.pairStart, data)
        } else {
            insertVisit(visit, into: best.staff, at: best.position, data)
        }
        return true
    }

    /// Puts a one-person visit before `position` where it fits once the two-person visit `pair`
    /// after it begins at `start` (as `postponing` found): both days of the pair are retimed.
    mutating func insertPostponing(
        _ visit: Int, into staff: Int, at position: Int, pair: Int, start: Double, _ data: HomeCareSearchData
    ) {
        let partner = partner(of: pair, besides: staff)!
        fixedStart[pair] = start
        routes[partner].refresh(data, fixedStart)
        insertVisit(visit, into: staff, at: position, data)
        // The insertion retimes only up to the element after it; the later start reaches further.
        routes[staff].refresh(data, fixedStart)
    }

    private struct PairCandidate {
        var staff: Int
        var position: Int
        var arrival: Double
        var latestBegin: Double
        var cost: Double
    }

    /// A two-person visit: both staff begin at the same minute, the earliest both can make.
    private mutating func insertPair(
        _ visit: Int, blinkRate: Double, baseline: Baseline?, _ data: HomeCareSearchData,
        _ random: inout SearchRandom
    ) -> Bool {
        var candidates = pairCandidates(visit, blinkRate: blinkRate, baseline: baseline, data, &random)
        // Cheapest first: once two candidates cost more than the best pair, no later ones can do better.
        candidates.sort { $0.cost < $1.cost }
        var best: (first: PairCandidate, second: PairCandidate, begin: Double, cost: Double)?
        for (index, first) in candidates.enumerated() {
            if let best, index + 1 < candidates.count, first.cost + candidates[index + 1].cost >= best.cost { break }
            for second in candidates[(index + 1)...] {
                if let best, first.cost + second.cost >= best.cost { break }
                if let pair = together(visit, first, second, baseline: baseline, data),
                    best == nil || pair.cost < best!.cost
                {
                    best = (first, second, pair.begin, pair.cost)
                }
            }
        }
        guard let best else { return false }
        fixedStart[visit] = best.begin
        insertVisit(visit, into: best.first.staff, at: best.first.position, data)
        insertVisit(visit, into: best.second.staff, at: best.second.position, data)
        return true
    }

    /// The start and cost of a two-person visit made by two candidates' staff at once; nil when
    /// they may not make it together or no start suits both days.
    @inline(__always) private func together(
        _ visit: Int, _ first: PairCandidate, _ second: PairCandidate, baseline: Baseline?,
        _ data: HomeCareSearchData
    ) -> (begin: Double, cost: Double)? {
        guard first.staff != second.staff, data.mayMakeTogether(visit, first.staff, second.staff),
            let begin = data.firstBegin(
                visit, fixedStart: data.pinnedStart[visit], after: max(first.arrival, second.arrival)),
            begin <= min(first.latestBegin, second.latestBegin) + 1e-9
        else { return nil }
        return (begin, first.cost + second.cost + timeCost(visit, begin, baseline: baseline, data))
    }

    /// Puts a two-person visit that fits in no two days at once in the place of a one-person
    /// visit of `earlier` in one day and beside the visits of another, the cheapest such way;
    /// nil when there is none.
    private mutating func insertPairInPlace(
        of earlier: ArraySlice<Int>, _ visit: Int, baseline: Baseline?, _ data: HomeCareSearchData,
        _ random: inout SearchRandom
    ) -> TakenPlace? {
        let replacements = placesToTake(among: earlier, for: visit, data).map { place in
            (
                candidate: PairCandidate(
                    staff: place.staff, position: place.position, arrival: place.span.arrival,
                    latestBegin: place.span.latestBegin,
                    cost: data.weights.travelMinute * place.span.extraTravel
                        + staffCost(visit, place.staff, baseline: baseline, data)),
                ejected: place.visit
            )
        }
        guard !replacements.isEmpty else { return nil }
        let candidates = pairCandidates(visit, blinkRate: 0, baseline: baseline, data, &random)
        var best: (replacing: PairCandidate, ejected: Int, beside: PairCandidate, begin: Double, cost: Double)?
        for (replacing, ejected) in replacements {
            for beside in candidates {
                if let pair = together(visit, replacing, beside, baseline: baseline, data),
                    best == nil || pair.cost < best!.cost
                {
                    best = (replacing, ejected, beside, pair.begin, pair.cost)
                }
            }
        }
        guard let best else { return nil }
        removeVisits(from: best.replacing.staff, where: { $0 == best.ejected }, data)
        fixedStart[visit] = best.begin
        insertVisit(visit, into: best.replacing.staff, at: best.replacing.position, data)
        insertVisit(visit, into: best.beside.staff, at: best.beside.position, data)
        return TakenPlace(
            visit: best.ejected, staff: best.replacing.staff, position: best.replacing.position,
            beside: best.beside.staff)
    }

    /// Every place a two-person visit fits in each eligible staff member's day by itself (where
    /// the other staff member begins decides its start), with its travel and staff cost; each
    /// skipped with probability `blinkRate`.
    private func pairCandidates(
        _ visit: Int, blinkRate: Double, baseline: Baseline?, _ data: HomeCareSearchData,
        _ random: inout SearchRandom
    ) -> [PairCandidate] {
        let lastEnd = data.lastWindowEnd(visit)
        let earliestEnd = data.earliestEnd(visit, fixedStart: data.pinnedStart[visit])
        var candidates: [PairCandidate] = []
        candidates.reserveCapacity(4 * data.staffCount)
        for staff in 0..<data.staffCount where data.eligible[visit * data.staffCount + staff] {
            let extraCost = staffCost(visit, staff, baseline: baseline, data)
            for position in routes[staff].firstPosition(endingNotBefore: earliestEnd)...routes[staff].count {
                // Leaving the stop before after the last window closes: no later place fits either.
                if position > 0, routes[staff].timing[position - 1].leave > lastEnd { break }
                if blinkRate > 0, random.unit() < blinkRate { continue }
                guard let span = routes[staff].insertionSpan(of: visit, at: position, data) else { continue }
                candidates.append(
                    PairCandidate(
                        staff: staff, position: position, arrival: span.arrival, latestBegin: span.latestBegin,
                        cost: data.weights.travelMinute * span.extraTravel + extraCost))
            }
        }
        return candidates
    }

    // MARK: Output

    func plan(_ data: HomeCareSearchData) -> HomeCarePlan {
        let days = routes.map { route in
            var stops: [PlannedStop] = []
            var breakAfter: Int?
            var breakStart: Double?
            for (index, element) in route.elements.enumerated() {
                if element == CareRoute.breakElement {
                    breakAfter = stops.count
                    breakStart = route.timing[index].begin
                } else {
                    stops.append(
                        PlannedStop(visitID: data.problem.visits[element].id, start: route.timing[index].begin))
                }
            }
            return StaffDay(
                staffID: data.problem.staff[route.staff].id, stops: stops, breakAfterStops: breakAfter,
                breakStart: breakStart)
        }
        return HomeCarePlan(
            days: days, unassignedVisitIDs: unassigned.sorted().map { data.problem.visits[$0].id })
    }
}
