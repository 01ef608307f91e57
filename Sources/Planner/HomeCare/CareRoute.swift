/// One staff member's day during the search: visits (and the break) in order, with the timing
/// that makes an insertion check constant-time. Elements are visit indices, or `breakElement`.
///
/// The break is taken where the person is, after a visit and before travelling on, so it has no
/// place of its own: travel after it starts from the place before it.
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
        begin = [Double](repeating: 0, count: count)
        leave = [Double](repeating: 0, count: count)
        placeAfter = [Int](repeating: 0, count: count)
        latestArrival = [Double](repeating: 0, count: count)
        var time = data.shiftStart[staff]
        var place = data.startPlace[staff]
        var travel = 0.0
        var ok = true
        firstLate = nil
        for index in 0..<count {
            let element = elements[index]
            if element == Self.breakElement {
                let start = max(time, data.breakEarliest[staff])
                if start > data.breakLatest[staff] + 1e-9 {
                    ok = false
                    firstLate = firstLate ?? index
                }
                begin[index] = start
                time = start + data.breakLength[staff]
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
                let latestStart = min(data.breakLatest[staff], latestLeave - data.breakLength[staff])
                latestArrival[index] = data.breakEarliest[staff] <= latestStart + 1e-9 ? latestStart : -.infinity
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
    /// Constant time.
    @inline(__always) func insertionSpan(
        of visit: Int, at position: Int, _ data: HomeCareSearchData
    ) -> (arrival: Double, latestBegin: Double, extraTravel: Double)? {
        let placeBefore = position == 0 ? data.startPlace[staff] : placeAfter[position - 1]
        let timeBefore = position == 0 ? data.shiftStart[staff] : leave[position - 1]
        let place = data.visitPlace[visit]
        let arrival = timeBefore + data.travel(placeBefore, place, staff: staff)
        // The next place travelled to, past a break if one comes next.
        var next = position
        if next < count, elements[next] == Self.breakElement { next += 1 }
        let nextPlace = next < count ? data.visitPlace[elements[next]] : data.endPlace[staff]
        let nextLatest = next < count ? latestArrival[next] : data.latestEnd[staff]
        var latestLeave = nextLatest - data.travel(place, nextPlace, staff: staff)
        if next != position {
            let latestBreak = min(data.breakLatest[staff], latestLeave - data.breakLength[staff])
            if data.breakEarliest[staff] > latestBreak + 1e-9 { return nil }
            latestLeave = latestBreak
        }
        let latestBegin = latestLeave - data.duration[visit]
        if arrival > latestBegin + 1e-9 { return nil }
        let extra =
            data.travel(placeBefore, place, staff: staff) + data.travel(place, nextPlace, staff: staff)
            - data.travel(placeBefore, nextPlace, staff: staff)
        return (arrival, latestBegin, extra)
    }

    /// Whether the break fits before `position`. Constant time.
    func breakFits(at position: Int, _ data: HomeCareSearchData) -> Bool {
        let placeBefore = position == 0 ? data.startPlace[staff] : placeAfter[position - 1]
        let timeBefore = position == 0 ? data.shiftStart[staff] : leave[position - 1]
        let start = max(timeBefore, data.breakEarliest[staff])
        if start > data.breakLatest[staff] + 1e-9 { return false }
        let end = start + data.breakLength[staff]
        if position == count {
            return end + data.travel(placeBefore, data.endPlace[staff], staff: staff) <= data.latestEnd[staff] + 1e-9
        }
        let element = elements[position]
        return end + data.travel(placeBefore, data.visitPlace[element], staff: staff) <= latestArrival[position] + 1e-9
    }

    /// Minutes spent on visits and travel (for workload balance).
    func busyMinutes(_ data: HomeCareSearchData) -> Double {
        elements.reduce(travelMinutes) { $0 + ($1 == Self.breakElement ? 0 : data.duration[$1]) }
    }
}
