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
    private(set) var travelMinutes = 0.0
    private(set) var returnTime = 0.0
    private(set) var feasible = true
    /// The first element that cannot begin in time (or the break that cannot fit), if any.
    private(set) var firstLate: Int?

    init(staff: Int, elements: [Int], _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        self.staff = staff
        self.elements = elements
        refresh(data, fixedStart)
    }

    var count: Int { elements.count }
    var visitCount: Int { elements.count - (breakPosition == nil ? 0 : 1) }
    var breakPosition: Int? { elements.firstIndex(of: Self.breakElement) }

    mutating func insert(_ element: Int, at position: Int, _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        elements.insert(element, at: position)
        refresh(data, fixedStart)
    }

    mutating func remove(where remove: (Int) -> Bool, _ data: HomeCareSearchData, _ fixedStart: [Double]) {
        elements.removeAll(where: remove)
        refresh(data, fixedStart)
    }

    /// Recomputes the timing forwards and the latest arrivals backwards; sets `feasible`.
    mutating func refresh(_ data: HomeCareSearchData, _ fixedStart: [Double]) {
        let count = elements.count
        // Resized in place: after the first change in an iteration the buffers are this route's own.
        Self.resize(&begin, count, 0.0)
        Self.resize(&leave, count, 0.0)
        Self.resize(&placeAfter, count, 0)
        Self.resize(&latestArrival, count, 0.0)
        var time = data.shiftStart[staff]
        var place = data.startPlace[staff]
        var travel = 0.0
        var ok = true
        firstLate = nil
        for index in 0..<count {
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
                let start = data.firstBegin(element, fixedStart: fixedStart[element], after: arrival)
                if start == nil {
                    ok = false
                    firstLate = firstLate ?? index
                }
                begin[index] = start ?? arrival
                time = begin[index] + data.duration[element]
                place = data.visitPlace[element]
            }
            leave[index] = time
            placeAfter[index] = place
        }
        let home = data.travel(place, data.endPlace[staff], staff: staff)
        travelMinutes = travel + home
        returnTime = time + home
        if returnTime > data.latestEnd[staff] + 1e-9 { ok = false }
        if data.hasBreak[staff], breakPosition == nil { ok = false }
        feasible = ok

        // Backwards: the latest time to leave the element before, given everything after.
        var latestLeave = data.latestEnd[staff] - home
        for index in stride(from: count - 1, through: 0, by: -1) {
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

    /// Inserting `visit` before `position`: when the person would arrive, the latest it may begin
    /// without making anything after it late, and the extra travel; nil if no begin can work.
    /// Constant time. A break right before or right after the insertion point now sits between
    /// the visit and its neighbour, and is timed anew.
    @inline(__always) func insertionSpan(
        of visit: Int, at position: Int, _ data: HomeCareSearchData
    ) -> (arrival: Double, latestBegin: Double, extraTravel: Double)? {
        let place = data.visitPlace[visit]
        let breakBefore = position > 0 && elements[position - 1] == Self.breakElement
        let from = breakBefore ? position - 1 : position
        let placeBefore = from == 0 ? data.startPlace[staff] : placeAfter[from - 1]
        let timeBefore = from == 0 ? data.shiftStart[staff] : leave[from - 1]
        let legIn = data.travel(placeBefore, place, staff: staff)
        var arrival = timeBefore + legIn
        if breakBefore {
            guard let taken = data.takeBreak(staff, leaving: timeBefore, travel: legIn) else { return nil }
            arrival = taken.arrival
        }
        let breakAfter = position < count && elements[position] == Self.breakElement
        let next = breakAfter ? position + 1 : position
        let nextPlace = next < count ? data.visitPlace[elements[next]] : data.endPlace[staff]
        let nextLatest = next < count ? latestArrival[next] : data.latestEnd[staff]
        let legOut = data.travel(place, nextPlace, staff: staff)
        let latestLeave =
            breakAfter
            ? data.latestLeaveBeforeBreak(staff, arrivingBy: nextLatest, travel: legOut) : nextLatest - legOut
        let latestBegin = latestLeave - data.duration[visit]
        if arrival > latestBegin + 1e-9 { return nil }
        let extra = legIn + legOut - data.travel(placeBefore, nextPlace, staff: staff)
        return (arrival, latestBegin, extra)
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

    /// Minutes spent on visits and travel (for workload balance).
    func busyMinutes(_ data: HomeCareSearchData) -> Double {
        elements.reduce(travelMinutes) { $0 + ($1 == Self.breakElement ? 0 : data.duration[$1]) }
    }
}
