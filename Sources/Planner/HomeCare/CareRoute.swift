/// One staff member's day during the search: visits (and the break) in order, with the timing
/// that makes an insertion check constant-time. Elements are visit indices, or `breakElement`.
///
/// The break sits between two places (the element before it and the one after it, or the start
/// and end of the day). It is taken on arrival at the next place when that is in time for its
/// window, otherwise before setting off: so arriving earlier never makes it late, and removing a
/// visit can never make a day infeasible.
struct CareRoute {
    static let breakElement = -1

    let staff: Int
    private(set) var elements: [Int] = []
    /// Per element, its timing: one array of small structs rather than one array per figure, so
    /// an insertion moves, and a copy of the plan copies, one buffer instead of five.
    private(set) var timing: [StopTiming] = []
    private(set) var travelMinutes = 0.0
    private(set) var returnTime = 0.0
    private(set) var feasible = true
    /// The first element that cannot begin in time (or the break that cannot fit), if any.
    private(set) var firstLate: Int?
    /// Changed since the search last copied it (see `HomeCareSearchState.copyContents`).
    var changed = true

    init(staff: Int, elements: [Int], _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        self.staff = staff
        self.elements = elements
        refresh(data, fixedStart)
    }

    var count: Int { elements.count }
    var visitCount: Int { elements.count - (breakPosition == nil ? 0 : 1) }
    var breakPosition: Int? { elements.firstIndex(of: Self.breakElement) }

    /// Inserts and retimes only what can change: the timing from the insertion point on (from
    /// the break before it, whose next place changed), the latest arrivals from the element after
    /// it back to the start. Refreshing after each insertion is most of a search step.
    mutating func insert(_ element: Int, at position: Int, _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        changed = true
        elements.insert(element, at: position)
        timing.insert(StopTiming(), at: position)
        retime(changedFrom: position, unchangedFrom: position + 1, data, fixedStart)
    }

    /// Takes out the elements `remove` names, and retimes only what can change: forwards from
    /// the first gap (from the break before it, whose next place changed), the latest arrivals
    /// back from the element after the last one. (With the timing in one array, closing up the
    /// gaps costs less than timing the whole day anew; see CHANGELOG, stop 27.)
    mutating func remove(where remove: (Int) -> Bool, _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        changed = true
        var kept = 0
        var firstGap = -1
        var afterLastGap = -1
        for index in elements.indices {
            let element = elements[index]
            if remove(element) {
                if firstGap < 0 { firstGap = kept }
                afterLastGap = kept
                continue
            }
            if kept != index {
                elements[kept] = element
                timing[kept] = timing[index]
            }
            kept += 1
        }
        guard firstGap >= 0 else { return }
        elements.removeLast(elements.count - kept)
        timing.removeLast(timing.count - kept)
        retime(changedFrom: firstGap, unchangedFrom: afterLastGap, data, fixedStart)
    }

    /// After the elements between `first` and `next` changed (those from `next` on are the same
    /// elements as before, now at these indices): the timing forwards from `first` (from the
    /// break before it, whose next place changed), the latest arrivals back from `next` (which
    /// depends on the place before it) to the start. What `insert` and `remove` share.
    private mutating func retime(
        changedFrom first: Int, unchangedFrom next: Int, _ data: HomeCareSearchData, _ fixedStart: [Double]
    ) {
        let start = first > 0 && elements[first - 1] == Self.breakElement ? first - 1 : first
        timeForwards(from: start, data, fixedStart)
        latestBackwards(from: min(next, count - 1), data, fixedStart)
    }

    /// Becomes `other` (a route of the same staff member), reusing its own buffers.
    mutating func copyContents(of other: CareRoute) {
        Self.copy(&elements, other.elements)
        Self.copy(&timing, other.timing)
        travelMinutes = other.travelMinutes
        returnTime = other.returnTime
        feasible = other.feasible
        firstLate = other.firstLate
        changed = false
    }

    static func copy<T>(_ target: inout [T], _ source: [T]) {
        target.removeAll(keepingCapacity: true)
        target.append(contentsOf: source)
    }

    /// Recomputes the timing forwards and the latest arrivals backwards; sets `feasible`.
    mutating func refresh(_ data: HomeCareSearchData, _ fixedStart: [Double]) {
        changed = true
        let count = elements.count
        // Resized in place: after the first change in an iteration the buffers are this route's own.
        Self.resize(&timing, count, StopTiming())
        firstLate = nil
        timeForwards(from: 0, data, fixedStart)
        latestBackwards(from: count - 1, data, fixedStart)
    }

    /// The timing of elements `start...` (those before it are as they were), the travel, the
    /// return and whether the day is feasible.
    private mutating func timeForwards(from start: Int, _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        let count = elements.count
        var time = start == 0 ? data.shiftStart[staff] : timing[start - 1].leave
        var place = start == 0 ? data.startPlace[staff] : timing[start - 1].placeAfter
        var travel = start == 0 ? 0 : timing[start - 1].travelUntil
        if let late = firstLate, late >= start { firstLate = nil }
        var ok = firstLate == nil
        for index in start..<count {
            let element = elements[index]
            if element == Self.breakElement {
                let next = index + 1 < count ? data.visitPlace[elements[index + 1]] : data.endPlace[staff]
                let leg = data.travel(place, next, staff: staff)
                travel += leg
                if let taken = data.takeBreak(staff, leaving: time, travel: leg) {
                    timing[index].begin = taken.start
                    time = taken.arrival
                } else {
                    ok = false
                    firstLate = firstLate ?? index
                    timing[index].begin = max(time, data.breakEarliest[staff])
                    time = timing[index].begin + data.breakLength[staff] + leg
                }
                place = next
            } else {
                let leg = data.travel(place, data.visitPlace[element], staff: staff)
                travel += leg
                let arrival = time + leg
                let serviceStart = data.firstBegin(element, fixedStart: fixedStart[element], after: arrival)
                if serviceStart == nil {
                    ok = false
                    firstLate = firstLate ?? index
                }
                timing[index].begin = serviceStart ?? arrival
                time = timing[index].begin + data.duration[element]
                place = data.visitPlace[element]
            }
            timing[index].leave = time
            timing[index].placeAfter = place
            timing[index].travelUntil = travel
        }
        let home = data.travel(place, data.endPlace[staff], staff: staff)
        travelMinutes = travel + home
        returnTime = time + home
        if returnTime > data.latestEnd[staff] + 1e-9 { ok = false }
        if data.hasBreak[staff], breakPosition == nil { ok = false }
        feasible = ok
    }

    /// The latest arrivals of elements `start` down to the first (those after it are as they were).
    private mutating func latestBackwards(from start: Int, _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        let count = elements.count
        guard start >= 0 else { return }
        // The latest time to leave element `start`, given everything after it.
        var latestLeave: Double
        if start == count - 1 {
            latestLeave =
                data.latestEnd[staff] - data.travel(timing[start].placeAfter, data.endPlace[staff], staff: staff)
        } else if elements[start + 1] == Self.breakElement {
            latestLeave = timing[start + 1].latestArrival
        } else {
            let next = elements[start + 1]
            latestLeave =
                timing[start + 1].latestArrival
                - data.travel(timing[start].placeAfter, data.visitPlace[next], staff: staff)
        }
        for index in stride(from: start, through: 0, by: -1) {
            let element = elements[index]
            let placeBefore = index == 0 ? data.startPlace[staff] : timing[index - 1].placeAfter
            if element == Self.breakElement {
                // For the break: the latest time to leave the place before it (travel included).
                let leg = data.travel(placeBefore, timing[index].placeAfter, staff: staff)
                timing[index].latestArrival = data.latestLeaveBeforeBreak(staff, arrivingBy: latestLeave, travel: leg)
                latestLeave = timing[index].latestArrival
            } else {
                timing[index].latestArrival = data.latestArrival(
                    element, fixedStart: fixedStart[element], leavingBy: latestLeave)
                latestLeave =
                    timing[index].latestArrival - data.travel(placeBefore, data.visitPlace[element], staff: staff)
            }
        }
    }

    /// Going to `visit` inserted before `position`: from where, the way there, and the arrival
    /// (after the break, when one comes right before it); nil when that break no longer fits.
    @inline(__always) private func approach(
        to visit: Int, at position: Int, _ data: HomeCareSearchData
    ) -> (placeBefore: Int, legIn: Double, arrival: Double)? {
        let breakBefore = position > 0 && elements[position - 1] == Self.breakElement
        let from = breakBefore ? position - 1 : position
        let placeBefore = from == 0 ? data.startPlace[staff] : timing[from - 1].placeAfter
        let timeBefore = from == 0 ? data.shiftStart[staff] : timing[from - 1].leave
        let legIn = data.travel(placeBefore, data.visitPlace[visit], staff: staff)
        guard breakBefore else { return (placeBefore, legIn, timeBefore + legIn) }
        guard let taken = data.takeBreak(staff, leaving: timeBefore, travel: legIn) else { return nil }
        return (placeBefore, legIn, taken.arrival)
    }

    /// Where a visit inserted before `position` goes on to (past a break right after it): that
    /// element's index (`count` at the end of the day) and place, and whether a break comes between.
    @inline(__always) private func stop(
        after position: Int, _ data: HomeCareSearchData
    ) -> (index: Int, place: Int, breakAfter: Bool) {
        let breakAfter = position < count && elements[position] == Self.breakElement
        let next = breakAfter ? position + 1 : position
        return (next, next < count ? data.visitPlace[elements[next]] : data.endPlace[staff], breakAfter)
    }

    /// Inserting `visit` before `position`: when the person would arrive, the latest it may begin
    /// without making anything after it late, and the extra travel; nil if no begin can work.
    /// Constant time. A break right before or right after the insertion point now sits between
    /// the visit and its neighbour, and is timed anew.
    @inline(__always) func insertionSpan(
        of visit: Int, at position: Int, _ data: HomeCareSearchData
    ) -> (arrival: Double, latestBegin: Double, extraTravel: Double)? {
        span(of: visit, after: position, before: position, data)
    }

    /// Putting `visit` in the place of the visit at `index` (which leaves the day): as
    /// `insertionSpan`, with the travel counted against the day without that visit. Constant time:
    /// taking a visit out makes nothing after it later, and leaves the latest arrivals after it
    /// as they are.
    @inline(__always) func replacementSpan(
        of visit: Int, replacing index: Int, _ data: HomeCareSearchData
    ) -> (arrival: Double, latestBegin: Double, extraTravel: Double)? {
        span(of: visit, after: index, before: index + 1, data)
    }

    /// `visit` between what comes before element `previousEnd` and element `nextStart` on (the
    /// elements between them leave the day).
    @inline(__always) private func span(
        of visit: Int, after previousEnd: Int, before nextStart: Int, _ data: HomeCareSearchData
    ) -> (arrival: Double, latestBegin: Double, extraTravel: Double)? {
        let place = data.visitPlace[visit]
        guard let (placeBefore, legIn, arrival) = approach(to: visit, at: previousEnd, data) else { return nil }
        let (next, nextPlace, breakAfter) = stop(after: nextStart, data)
        let nextLatest = next < count ? timing[next].latestArrival : data.latestEnd[staff]
        let legOut = data.travel(place, nextPlace, staff: staff)
        let latestLeave =
            breakAfter
            ? data.latestLeaveBeforeBreak(staff, arrivingBy: nextLatest, travel: legOut) : nextLatest - legOut
        let latestBegin = latestLeave - data.duration[visit]
        if arrival > latestBegin + 1e-9 { return nil }
        return (arrival, latestBegin, legIn + legOut - data.travel(placeBefore, nextPlace, staff: staff))
    }

    /// The latest a two-person (or any) visit at `index` could begin were its start free: what
    /// everything after it allows, and its windows. Constant time.
    func latestBeginIfFree(at index: Int, _ data: HomeCareSearchData) -> Double {
        let element = elements[index]
        let place = data.visitPlace[element]
        let latestLeave: Double
        if index == count - 1 {
            latestLeave = data.latestEnd[staff] - data.travel(place, data.endPlace[staff], staff: staff)
        } else if elements[index + 1] == Self.breakElement {
            latestLeave = timing[index + 1].latestArrival
        } else {
            latestLeave =
                timing[index + 1].latestArrival - data.travel(place, data.visitPlace[elements[index + 1]], staff: staff)
        }
        return data.latestArrival(element, fixedStart: .nan, leavingBy: latestLeave)
    }

    /// Inserting `visit` before `position` where the constant-time check fails: whether it fits
    /// once the first two-person visit it delays begins later. Walks forwards from the insertion
    /// to that visit (so linear time); nil when something else is late first, or the two-person
    /// visit cannot begin that late here. The other staff member's day is for the caller to check.
    func spanPostponingPair(
        of visit: Int, at position: Int, _ data: HomeCareSearchData, _ fixedStart: [Double]
    ) -> (begin: Double, extraTravel: Double, pairIndex: Int, pairStart: Double)? {
        let place = data.visitPlace[visit]
        guard let (placeBefore, legIn, arrival) = approach(to: visit, at: position, data) else { return nil }
        guard let begin = data.firstBegin(visit, fixedStart: fixedStart[visit], after: arrival) else { return nil }
        let afterPlace = stop(after: position, data).place
        let extra =
            legIn + data.travel(place, afterPlace, staff: staff) - data.travel(placeBefore, afterPlace, staff: staff)
        var leaving = begin + data.duration[visit]
        var at = place
        var index = position
        while index < count {
            var arrivalHere: Double
            if elements[index] == Self.breakElement {
                if leaving <= timing[index].latestArrival + 1e-9 { return nil }
                guard index + 1 < count else { return nil }
                let next = data.visitPlace[elements[index + 1]]
                guard let taken = data.takeBreak(staff, leaving: leaving, travel: data.travel(at, next, staff: staff))
                else { return nil }
                index += 1
                arrivalHere = taken.arrival
            } else {
                arrivalHere = leaving + data.travel(at, data.visitPlace[elements[index]], staff: staff)
            }
            if arrivalHere <= timing[index].latestArrival + 1e-9 { return nil }
            let element = elements[index]
            if data.partsNeeded[element] == 2, data.pinnedStart[element].isNaN {
                guard let start = data.firstBegin(element, fixedStart: .nan, after: arrivalHere),
                    start <= latestBeginIfFree(at: index, data) + 1e-9
                else { return nil }
                return (begin, extra, index, start)
            }
            guard let start = data.firstBegin(element, fixedStart: fixedStart[element], after: arrivalHere) else {
                return nil
            }
            leaving = start + data.duration[element]
            at = data.visitPlace[element]
            index += 1
        }
        return nil
    }

    /// The first position where a visit that cannot end before `readyBy` might fit: it has to end
    /// before the latest arrival at the element after it, and latest arrivals only grow along a
    /// day (each is the next one's less travel, length and waiting), so every earlier position
    /// is too late. Logarithmic time.
    func firstPosition(endingNotBefore readyBy: Double) -> Int {
        let bound = readyBy - 1e-9
        guard count > 0 else { return 0 }
        // Without branches on the data (a choice of index, not a jump): which half holds the
        // answer is a coin toss to the processor, and its wrong guesses cost more than the loop.
        var low = 0
        var length = count
        while length > 1 {
            let half = length / 2
            low = timing[low + half - 1].latestArrival < bound ? low + half : low
            length -= half
        }
        if timing[low].latestArrival < bound { low += 1 }
        // Before a break the visit has to be done by the arrival after the break.
        return low > 0 && elements[low - 1] == Self.breakElement ? low - 1 : low
    }

    /// Whether the break fits before `position`. Constant time.
    func breakFits(at position: Int, _ data: HomeCareSearchData) -> Bool {
        let placeBefore = position == 0 ? data.startPlace[staff] : timing[position - 1].placeAfter
        let timeBefore = position == 0 ? data.shiftStart[staff] : timing[position - 1].leave
        let nextPlace = position < count ? data.visitPlace[elements[position]] : data.endPlace[staff]
        let leg = data.travel(placeBefore, nextPlace, staff: staff)
        guard let taken = data.takeBreak(staff, leaving: timeBefore, travel: leg) else { return false }
        return taken.arrival <= (position < count ? timing[position].latestArrival : data.latestEnd[staff]) + 1e-9
    }

    @inline(__always) private static func resize<T>(_ array: inout [T], _ count: Int, _ zero: T) {
        if array.count > count {
            array.removeLast(array.count - count)
        } else if array.count < count {
            array.append(contentsOf: repeatElement(zero, count: count - array.count))
        }
    }
}

/// The timing of one element of a `CareRoute`.
struct StopTiming: Equatable {
    /// When service (or the break) begins, and when the person leaves.
    var begin = 0.0
    var leave = 0.0
    /// Where the person is after it (a break keeps the place before it).
    var placeAfter = 0
    /// The latest arrival that keeps everything after it feasible.
    var latestArrival = 0.0
    /// Minutes travelled up to and including the way to it.
    var travelUntil = 0.0
}
