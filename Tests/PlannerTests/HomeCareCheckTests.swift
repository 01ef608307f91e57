import Foundation
import Testing

@testable import Planner

/// A pair of tests per hard rule: a plan that keeps it and one that breaks it.
@Suite struct HomeCareCheckTests {
    func kinds(_ problem: HomeCareProblem, _ days: [StaffDay], unassigned: [String] = []) -> Set<PlanViolation.Kind> {
        Set(HomeCarePlanner.check(problem, HomeCarePlan(days: days, unassignedVisitIDs: unassigned)).map(\.kind))
    }

    func timed(_ problem: HomeCareProblem, _ staff: StaffShift, _ visits: [CareVisit]) -> StaffDay {
        earliestDay(problem, staff: staff, order: visits)
    }

    @Test func timeWindows() {
        let a = visit("A", at: place(1, 1), window: (480, 500))
        let staff = shift("S")
        let problem = HomeCareProblem(visits: [a], staff: [staff])
        #expect(kinds(problem, [StaffDay(staffID: "S", stops: [PlannedStop(visitID: "A", start: 490)])]).isEmpty)
        #expect(
            kinds(problem, [StaffDay(staffID: "S", stops: [PlannedStop(visitID: "A", start: 510)])]) == [
                .outsideWindows
            ]
        )
    }

    @Test func travelTimeMakesAStartTooEarly() {
        let far = visit("A", at: place(10, 10))
        let problem = HomeCareProblem(visits: [far], staff: [shift("S")])
        #expect(kinds(problem, [timed(problem, shift("S"), [far])]).isEmpty)
        #expect(kinds(problem, [StaffDay(staffID: "S", stops: [PlannedStop(visitID: "A", start: 420)])]) == [.tooEarly])
    }

    @Test func competence() {
        let injection = visit("A", at: place(1, 0), competences: ["nurse"])
        let nurse = shift("N", competences: ["nurse"])
        let helper = shift("H")
        let problem = HomeCareProblem(visits: [injection], staff: [nurse, helper])
        #expect(kinds(problem, [timed(problem, nurse, [injection])]).isEmpty)
        #expect(kinds(problem, [timed(problem, helper, [injection])]) == [.competence])
    }

    @Test func excludedStaff() {
        let a = visit("A", at: place(1, 0), excluded: ["H"])
        let problem = HomeCareProblem(visits: [a], staff: [shift("N"), shift("H")])
        #expect(kinds(problem, [timed(problem, shift("N"), [a])]).isEmpty)
        #expect(kinds(problem, [timed(problem, shift("H"), [a])]) == [.excluded])
    }

    @Test func twoPersonVisitsBeginTogether() {
        let lift = visit("A", at: place(1, 0), window: (480, 600), staff: 2)
        let problem = HomeCareProblem(visits: [lift], staff: [shift("P"), shift("Q")])
        let together = [
            StaffDay(staffID: "P", stops: [PlannedStop(visitID: "A", start: 500)]),
            StaffDay(staffID: "Q", stops: [PlannedStop(visitID: "A", start: 500)]),
        ]
        #expect(kinds(problem, together).isEmpty)
        var apart = together
        apart[1].stops[0].start = 510
        #expect(kinds(problem, apart) == [.twoPersonNotTogether])
        #expect(kinds(problem, [together[0]]) == [.wrongStaffCount])
    }

    @Test func pins() {
        let a = visit("A", at: place(1, 0), pinnedStaff: ["P"], pinnedStart: 540)
        let problem = HomeCareProblem(visits: [a], staff: [shift("P"), shift("Q")])
        #expect(kinds(problem, [StaffDay(staffID: "P", stops: [PlannedStop(visitID: "A", start: 540)])]).isEmpty)
        #expect(
            kinds(problem, [StaffDay(staffID: "Q", stops: [PlannedStop(visitID: "A", start: 540)])]) == [.pinnedStaff])
        #expect(
            kinds(problem, [StaffDay(staffID: "P", stops: [PlannedStop(visitID: "A", start: 550)])]) == [.pinnedTime])
    }

    @Test func breaks() {
        let lunch = BreakRule(window: MinuteWindow(660, 720), lengthMinutes: 30)
        let staff = shift("S", breakRule: lunch)
        let a = visit("A", at: place(1, 0), window: (480, 500))
        let problem = HomeCareProblem(visits: [a], staff: [staff])
        var day = timed(problem, staff, [a])
        #expect(kinds(problem, [day]) == [.breakMissing])
        day.breakAfterStops = 1
        day.breakStart = 680
        #expect(kinds(problem, [day]).isEmpty)
        day.breakStart = 740
        #expect(kinds(problem, [day]) == [.breakOutsideWindow])
    }

    @Test func lengthOfTheDay() {
        let late = visit("A", at: place(1, 0), minutes: 60, window: (840, 900))
        let problem = HomeCareProblem(visits: [late], staff: [shift("S", maxWorking: 540)])
        #expect(kinds(problem, [timed(problem, shift("S", maxWorking: 540), [late])]).isEmpty)
        let short = HomeCareProblem(visits: [late], staff: [shift("S", maxWorking: 480)])
        #expect(kinds(short, [timed(short, shift("S", maxWorking: 480), [late])]) == [.dayTooLong])
    }

    @Test func zonesAndLending() {
        let a = visit("A", at: place(1, 0), zone: "nord")
        let lent = shift("L", zone: "sør", lentTo: ["nord"])
        let notLent = shift("M", zone: "sør")
        let problem = HomeCareProblem(visits: [a], staff: [lent, notLent])
        #expect(kinds(problem, [timed(problem, lent, [a])]).isEmpty)
        #expect(kinds(problem, [timed(problem, notLent, [a])]) == [.otherZone])
    }

    @Test func everyVisitIsPlannedOrListedAsUnassigned() {
        let a = visit("A", at: place(1, 0))
        let problem = HomeCareProblem(visits: [a], staff: [shift("S")])
        #expect(kinds(problem, [StaffDay(staffID: "S", stops: [])], unassigned: ["A"]).isEmpty)
        #expect(kinds(problem, [StaffDay(staffID: "S", stops: [])]) == [.visitNotPlanned])
    }

    @Test func violationsAreWordedInNorwegianToo() {
        let a = visit("A", at: place(1, 0), competences: ["nurse"])
        let problem = HomeCareProblem(visits: [a], staff: [shift("H")])
        let violations = HomeCarePlanner.check(
            problem, HomeCarePlan(days: [timed(problem, shift("H"), [a])], unassignedVisitIDs: []))
        #expect(violations.first?.norwegian == "A krever nurse")
    }

    @Test func aTravelMatrixIsReadAndItsErrorsGiveTheLine() throws {
        let csv = "from_lat,from_lon,to_lat,to_lon,mode,minutes\n69.6,18.9,69.7,18.9,car,12.5\n"
        let matrix = try MatrixTravel(csv: csv)
        #expect(matrix.count == 1)
        #expect(
            matrix.minutes(
                from: Place(latitude: 69.6, longitude: 18.9), to: Place(latitude: 69.7, longitude: 18.9), mode: .car)
                == 12.5)
        #expect(throws: TravelMatrixError(line: 3, reason: "unknown travel mode 'boat' (car, walking, bicycle)")) {
            try MatrixTravel(csv: csv + "69.6,18.9,69.7,18.9,boat,3\n")
        }
    }

    @Test func greatCircleTravelGrowsWithDistanceAndMode() {
        let travel = GreatCircleTravel()
        let near = travel.minutes(from: base, to: place(1, 1), mode: .car)
        let far = travel.minutes(from: base, to: place(10, 10), mode: .car)
        #expect(near < far)
        #expect(travel.minutes(from: base, to: place(10, 10), mode: .walking) > far)
        #expect(travel.minutes(from: base, to: base, mode: .car) == 0)
    }
}
