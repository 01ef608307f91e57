import Testing

@testable import Planner

/// The search's cooling waits while a mandatory visit that some plan could place is left out (up
/// to a share of the budget), then runs its whole course over what is left.
@Suite struct PausingCoolingTests {
    let schedule = AnnealingSchedule(initial: 50, final: 0.5)

    @Test func withNothingLeftOutItIsThePlainSchedule() {
        var cooling = PausingCooling(schedule, pauseLimit: 0.5)
        for fraction in [0, 0.1, 0.35, 0.5, 0.8, 1] {
            #expect(
                abs(cooling.temperature(at: fraction, mandatoryLeftOut: false) - schedule.temperature(at: fraction))
                    < 1e-9)
        }
    }

    @Test func coolingWaitsWhileAVisitIsLeftOutThenRunsItsCourse() {
        var cooling = PausingCooling(schedule, pauseLimit: 0.5)
        #expect(cooling.temperature(at: 0.1, mandatoryLeftOut: true) == 50)
        #expect(cooling.temperature(at: 0.3, mandatoryLeftOut: true) == 50)
        // Placed at 0.3: the cooling starts there and reaches the final temperature at the end.
        #expect(cooling.temperature(at: 0.3, mandatoryLeftOut: false) == 50)
        #expect(abs(cooling.temperature(at: 0.65, mandatoryLeftOut: false) - schedule.temperature(at: 0.5)) < 1e-9)
        #expect(abs(cooling.temperature(at: 1, mandatoryLeftOut: false) - 0.5) < 1e-9)
    }

    @Test func theWaitEndsAtItsLimit() {
        var cooling = PausingCooling(schedule, pauseLimit: 0.5)
        #expect(cooling.temperature(at: 0.5, mandatoryLeftOut: true) == 50)
        #expect(abs(cooling.temperature(at: 0.6, mandatoryLeftOut: true) - schedule.temperature(at: 0.2)) < 1e-9)
        #expect(abs(cooling.temperature(at: 1, mandatoryLeftOut: true) - 0.5) < 1e-9)
    }

    @Test func theSearchWaitsOnlyForMandatoryVisitsSomePlanCouldPlace() {
        let problem = HomeCareProblem(
            visits: [
                visit("ordinary", at: place(1, 1)),
                visit("optional", at: place(1, 2), mandatory: false),
                visit("no-one-qualified", at: place(2, 1), competences: ["wound care"]),
                visit("before-every-shift", at: place(2, 2), window: (300, 360)),
                visit("two-but-one-may", at: place(3, 1), staff: 2, excluded: ["B"]),
                visit("two", at: place(3, 2), staff: 2),
            ],
            staff: [shift("A", competences: ["nurse"]), shift("B")])
        let data = HomeCareSearchData(problem)
        let waits = HomeCarePlanner.visitsTheCoolingWaitsFor(data)
        #expect(waits == [true, false, false, false, false, true])
    }
}
