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
    /// When service (or the break) begins, and when the person leaves, per element.
    private(set) var begin: [Double] = []
    private(set) var leave: [Double] = []
    /// Where the person is after each element (a break keeps the place before it).
    private(set) var placeAfter: [Int] = []
    /// The latest arrival at each element that keeps everything after it feasible.
    private(set) var latestArrival: [Double] = []
    /// Minutes travelled up to and including the way to each element.
    private(set) var travelUntil: [Double] = []
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
        begin.insert(0, at: position)
        leave.insert(0, at: position)
        placeAfter.insert(0, at: position)
        latestArrival.insert(0, at: position)
        travelUntil.insert(0, at: position)
        let start = position > 0 && elements[position - 1] == Self.breakElement ? position - 1 : position
        timeForwards(from: start, data, fixedStart)
        latestBackwards(from: min(position + 1, count - 1), data, fixedStart)
    }

    mutating func remove(where remove: (Int) -> Bool, _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        elements.removeAll(where: remove)
        refresh(data, fixedStart)
    }

    /// Becomes `other` (a route of the same staff member), reusing its own buffers.
    mutating func copyContents(of other: CareRoute) {
        Self.copy(&elements, other.elements)
        Self.copy(&begin, other.begin)
        Self.copy(&leave, other.leave)
        Self.copy(&placeAfter, other.placeAfter)
        Self.copy(&latestArrival, other.latestArrival)
        Self.copy(&travelUntil, other.travelUntil)
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
        Self.resize(&begin, count, 0.0)
        Self.resize(&leave, count, 0.0)
        Self.resize(&placeAfter, count, 0)
        Self.resize(&latestArrival, count, 0.0)
        Self.resize(&travelUntil, count, 0.0)
        firstLate = nil
        timeForwards(from: 0, data, fixedStart)
        latestBackwards(from: count - 1, data, fixedStart)
    }

    /// The timing of elements `start...` (those before it are as they were), the travel, the
    /// return and whether the day is feasible.
    private mutating func timeForwards(from start: Int, _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        let count = elements.count
        var time = start == 0 ? data.shiftStart[staff] : leave[start - 1]
        var place = start == 0 ? data.startPlace[staff] : placeAfter[start - 1]
        var travel = start == 0 ? 0 : travelUntil[start - 1]
        if let late = firstLate, late >= start { firstLate = nil }
        var ok = firstLate == nil
        for index in start..<count {
            let element = elements[index]
            if element == Self.breakElement {
                let next = index + 1 < count ? data.visitPlace[elements[index + 1]] : data.endPlace[staff]
                let leg = data.travel(place, next, staff: staff)
                travel += leg
                if let taken = data.takeBreak(staff, leaving: time, travel: leg) {
                    begin[index] = taken.start
                    time = taken.arrival
                } else {
                    ok = false
                    firstLate = firstLate ?? index
                    begin[index] = max(time, data.breakEarliest[staff])
                    time = begin[index] + data.breakLength[staff] + leg
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
                begin[index] = serviceStart ?? arrival
                time = begin[index] + data.duration[element]
                place = data.visitPlace[element]
            }
            leave[index] = time
            placeAfter[index] = place
            travelUntil[index] = travel
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
            latestLeave = data.latestEnd[staff] - data.travel(placeAfter[start], data.endPlace[staff], staff: staff)
        } else if elements[start + 1] == Self.breakElement {
            latestLeave = latestArrival[start + 1]
        } else {
            let next = elements[start + 1]
            latestLeave = latestArrival[start + 1] - data.travel(placeAfter[start], data.visitPlace[next], staff: staff)
        }
        for index in stride(from: start, through: 0, by: -1) {
            let element = elements[index]
            let placeBefore = index == 0 ? data.startPlace[staff] : placeAfter[index - 1]
            if element == Self.breakElement {
                // For the break: the latest time to leave the place before it (travel included).
                let leg = data.travel(placeBefore, placeAfter[index], staff: staff)
                latestArrival[index] = data.latestLeaveBeforeBreak(staff, arrivingBy: latestLeave, travel: leg)
                latestLeave = latestArrival[index]
            } else {
                latestArrival[index] = data.latestArrival(
                    element, fixedStart: fixedStart[element], leavingBy: latestLeave)
                latestLeave = latestArrival[index] - data.travel(placeBefore, data.visitPlace[element], staff: staff)
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
        let placeBefore = from == 0 ? data.startPlace[staff] : placeAfter[from - 1]
        let timeBefore = from == 0 ? data.shiftStart[staff] : leave[from - 1]
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
        let nextLatest = next < count ? latestArrival[next] : data.latestEnd[staff]
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
            latestLeave = latestArrival[index + 1]
        } else {
            latestLeave =
                latestArrival[index + 1] - data.travel(place, data.visitPlace[elements[index + 1]], staff: staff)
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
                if leaving <= latestArrival[index] + 1e-9 { return nil }
                guard index + 1 < count else { return nil }
                let next = data.visitPlace[elements[index + 1]]
                guard let taken = data.takeBreak(staff, leaving: leaving, travel: data.travel(at, next, staff: staff))
                else { return nil }
                index += 1
                arrivalHere = taken.arrival
            } else {
                arrivalHere = leaving + data.travel(at, data.visitPlace[elements[index]], staff: staff)
            }
            if arrivalHere <= latestArrival[index] + 1e-9 { return nil }
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
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if latestArrival[middle] < readyBy - 1e-9 { low = middle + 1 } else { high = middle }
        }
        // Before a break the visit has to be done by the arrival after the break.
        return low > 0 && elements[low - 1] == Self.breakElement ? low - 1 : low
    }

    /// Whether the break fits before `position`. Constant time.
    func breakFits(at position: Int, _ data: HomeCareSearchData) -> Bool {
        let placeBefore = position == 0 ? data.startPlace[staff] : placeAfter[position - 1]
        let timeBefore = position == 0 ? data.shiftStart[staff] : leave[position - 1]
        let nextPlace = position < count ? data.visitPlace[elements[position]] : data.endPlace[staff]
        let leg = data.travel(placeBefore, nextPlace, staff: staff)
        guard let taken = data.takeBreak(staff, leaving: timeBefore, travel: leg) else { return false }
        return taken.arrival <= (position < count ? latestArrival[position] : data.latestEnd[staff]) + 1e-9
    }

    @inline(__always) private static func resize<T>(_ array: inout [T], _ count: Int, _ zero: T) {
        if array.count > count {
            array.removeLast(array.count - count)
        } else if array.count < count {
            array.append(contentsOf: repeatElement(zero, count: count - array.count))
        }
    }
}
