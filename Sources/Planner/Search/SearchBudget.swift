import Foundation

/// How long a search may run: a wall-clock budget, an iteration limit, or both (whichever ends
/// first). With an iteration limit the search is deterministic for a seed, because everything that
/// steers it (the annealing temperature included) follows the iteration count, never the clock.
public struct SearchBudget: Sendable, Equatable {
    public var seconds: Double?
    public var iterations: Int?

    public init(seconds: Double? = nil, iterations: Int? = nil) {
        precondition(seconds != nil || iterations != nil, "a search needs a time budget or an iteration limit")
        self.seconds = seconds
        self.iterations = iterations
    }

    public static func seconds(_ seconds: Double) -> SearchBudget { SearchBudget(seconds: seconds) }
    public static func iterations(_ iterations: Int) -> SearchBudget { SearchBudget(iterations: iterations) }
}

/// Tracks a running search against its budget; asks the clock only every few iterations.
struct SearchProgressClock {
    let budget: SearchBudget
    let started: UInt64
    private(set) var iteration = 0
    private var lastElapsed = 0.0

    /// `started` (uptime nanoseconds) is when the budget began: by default now; a solver that
    /// builds a first plan before searching passes when it began, so the budget covers both.
    init(budget: SearchBudget, started: UInt64 = DispatchTime.now().uptimeNanoseconds) {
        self.budget = budget
        self.started = started
    }

    var elapsedSeconds: Double {
        Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    /// Counts one iteration; false once the budget is spent.
    mutating func tick() -> Bool {
        iteration += 1
        if let limit = budget.iterations, iteration >= limit { return false }
        if let seconds = budget.seconds, iteration & 31 == 0 {
            lastElapsed = elapsedSeconds
            if lastElapsed >= seconds { return false }
        }
        return true
    }

    /// How far through the budget the search is, 0…1: by iterations when there is a limit (so a
    /// seeded run repeats exactly), otherwise by the clock as last read.
    var fraction: Double {
        if let limit = budget.iterations { return min(1, Double(iteration) / Double(limit)) }
        return min(1, lastElapsed / (budget.seconds ?? 1))
    }
}

/// Exponential cooling for simulated annealing: `initial` at the start of a phase, `final` at its end.
struct AnnealingSchedule {
    var initial: Double
    var final: Double

    func temperature(at fraction: Double) -> Double {
        initial * pow(final / initial, min(1, max(0, fraction)))
    }
}

/// Cooling that waits while the search's current plan leaves a mandatory visit out, up to
/// `pauseLimit` of the budget, and then runs its whole course over what is left. A visit the
/// first plan could not fit is placed by reshuffling many others, which a hot search does and a
/// cool one rarely does: a one-second run had often cooled before it found room.
struct PausingCooling {
    var schedule: AnnealingSchedule
    var pauseLimit: Double
    /// The share of the budget at which cooling began (or begins, while visits wait).
    private(set) var coolingStart = 0.0

    init(_ schedule: AnnealingSchedule, pauseLimit: Double) {
        self.schedule = schedule
        self.pauseLimit = pauseLimit
    }

    mutating func temperature(at fraction: Double, mandatoryLeftOut: Bool) -> Double {
        if mandatoryLeftOut, fraction <= pauseLimit { coolingStart = max(coolingStart, fraction) }
        return schedule.temperature(at: (fraction - coolingStart) / (1 - coolingStart))
    }
}
