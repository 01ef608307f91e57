import Foundation

@testable import Planner

/// Places around Tromsø sentrum, a few hundred metres apart.
func place(_ north: Double, _ east: Double) -> Place {
    Place(latitude: 69.6496 + north * 0.003, longitude: 18.9560 + east * 0.008)
}

let base = place(0, 0)

func visit(
    _ id: String, at location: Place, minutes: Int = 30, window: (Int, Int) = (420, 900),
    competences: Set<String> = [], staff: Int = 1, mandatory: Bool = true, priority: Int = 5,
    preferred: [String] = [], excluded: Set<String> = [], pinnedStaff: [String] = [], pinnedStart: Int? = nil,
    recipient: String? = nil, zone: String? = nil, preferredStart: Int? = nil
) -> CareVisit {
    CareVisit(
        id: id, recipientID: recipient ?? "R-\(id)", place: location, durationMinutes: minutes,
        windows: [MinuteWindow(window.0, window.1)], preferredStart: preferredStart,
        requiredCompetences: competences, staffCount: staff, mandatory: mandatory, priority: priority,
        preferredStaffIDs: preferred, excludedStaffIDs: excluded, pinnedStaffIDs: pinnedStaff,
        pinnedStart: pinnedStart, zoneID: zone)
}

func shift(
    _ id: String, from start: Int = 420, to end: Int = 900, competences: Set<String> = [],
    breakRule: BreakRule? = nil, zone: String? = nil, lentTo: Set<String> = [], maxWorking: Int? = nil
) -> StaffShift {
    StaffShift(
        id: id, name: id, shiftStart: start, shiftEnd: end, maxWorkingMinutes: maxWorking, startPlace: base,
        competences: competences, breakRule: breakRule, zoneID: zone, lendableZoneIDs: lentTo)
}

/// The example zone day of `seed` with its first plan (every visit inserted once, in order), and
/// the random numbers that plan left.
func plannedExampleDay(seed: UInt64) -> (HomeCareSearchData, HomeCareSearchState, SearchRandom) {
    let data = HomeCareSearchData(ExampleDay.generate(visits: 100, staff: 10, seed: seed))
    var random = SearchRandom(seed: seed)
    var state = HomeCareSearchState(data)
    state.recreate(Array(0..<data.visitCount), blinkRate: 0, baseline: nil, data, &random)
    return (data, state, random)
}

/// A random zone day: visits scattered over a few kilometres, morning and midday windows, some
/// nurse-only visits and some two-person visits; staff with lunch breaks.
func randomZoneDay(visits count: Int, staff staffCount: Int, seed: UInt64, twoPerson: Int = 3) -> HomeCareProblem {
    var random = SearchRandom(seed: seed)
    var visits: [CareVisit] = []
    for index in 0..<count {
        let morning = random.below(3) > 0
        let open = morning ? 420 + random.below(90) : 660 + random.below(120)
        let nurse = random.below(5) == 0
        visits.append(
            visit(
                "V\(index)", at: place(Double(random.below(20)) - 10, Double(random.below(20)) - 10),
                minutes: [15, 20, 30, 45][random.below(4)], window: (open, open + 60 + random.below(120)),
                competences: nurse ? ["nurse"] : [], staff: index < twoPerson ? 2 : 1,
                recipient: "R\(index / 2)"))
    }
    let staff = (0..<staffCount).map { index in
        shift(
            "S\(index)", competences: index % 3 == 0 ? ["nurse"] : [],
            breakRule: BreakRule(window: MinuteWindow(660, 750), lengthMinutes: 30))
    }
    return HomeCareProblem(visits: visits, staff: staff)
}

/// The earliest-start timing of visits in the given order for a staff member (what the planner
/// itself does: never wait longer than a window asks).
func earliestDay(_ problem: HomeCareProblem, staff: StaffShift, order: [CareVisit]) -> StaffDay {
    var time = Double(staff.shiftStart)
    var location = staff.startPlace
    var stops: [PlannedStop] = []
    for visit in order {
        let arrival = time + problem.travel.minutes(from: location, to: visit.place, mode: staff.travelMode)
        let open = visit.windows.first { arrival <= Double($0.end) }.map { Double($0.start) } ?? arrival
        let start = max(arrival, open)
        stops.append(PlannedStop(visitID: visit.id, start: start))
        time = start + Double(visit.durationMinutes)
        location = visit.place
    }
    return StaffDay(staffID: staff.id, stops: stops)
}

/// A synthetic day of `visits` and `staff` with a first plan (every visit put where it costs
/// least), ready to start a search chain from, and the planner's default ruin mix (breaks kept in
/// place).
func firstPlanOfExampleDay(
    visits: Int, staff: Int, seed: UInt64
) -> (
    data: HomeCareSearchData, start: HomeCareSearchState, cost: Double, ruin: RuinSettings
) {
    let data = HomeCareSearchData(ExampleDay.generate(visits: visits, staff: staff, seed: seed))
    var random = SearchRandom(seed: seed)
    var start = HomeCareSearchState(data)
    start.recreate(Array(0..<data.visitCount), blinkRate: 0, baseline: nil, data, &random)
    start.markUnchanged()
    let cost = data.measure(start.routes, unassigned: start.unassigned, baseline: nil).total
    var ruin = RuinSettings(HomeCareSolveOptions(budget: .iterations(1)))
    ruin.breakMoveRate = 0
    return (data, start, cost, ruin)
}
