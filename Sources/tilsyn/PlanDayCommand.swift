import ArgumentParser
import Foundation
import Planner
import TilsynCore

/// `tilsyn plan example-day`: writes a synthetic zone day as a problem file.
struct PlanExampleDay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example-day", abstract: "Write a synthetic zone day (JSON problem file) to standard output.")

    @Option(help: "Number of visits.") var visits = 100
    @Option(help: "Number of staff on shift.") var staff = 10
    @Option(help: "Random seed.") var seed: UInt64 = 1

    func validate() throws {
        guard visits > 0, staff > 0 else { throw ValidationError("--visits and --staff must be positive.") }
    }

    func run() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let file = ProblemFile(ExampleDay.generate(visits: visits, staff: staff, seed: seed), travel: TravelSettings())
        print(String(decoding: try encoder.encode(file), as: UTF8.self))
    }
}

/// `tilsyn plan day FILE`: plans a day from a problem file, optionally re-plans after an event.
struct PlanDay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day", abstract: "Plan a home-care day from a JSON problem file and check the plan.")

    @Argument(help: "The problem file (see 'tilsyn plan example-day').") var file: String
    @Option(help: "Time budget in seconds.") var seconds: Double = 1
    @Option(help: "Stop after this many iterations (with a seed, the result repeats exactly).") var iterations: Int?
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Search threads: chains that meet and go on from the best plan (the server uses up to 2).")
    var threads = 1
    @Option(help: "Re-plan from this time (HH:MM) after --sick or --alarm.") var at: String = "11:00"
    @Option(help: "Re-plan after this staff member calls in sick at --at.") var sick: String?
    @Option(help: "Re-plan after an alarm takes STAFF:MINUTES at --at.") var alarm: String?
    @Option(help: "Time budget of the re-plan in seconds.") var replanSeconds: Double = 0.15
    @Flag(help: "Print one JSON object instead of text.") var json = false
    @Option(help: ArgumentHelp("Annealing temperatures 'START,END' (for tuning).", visibility: .hidden))
    var temperatures: String?
    @Option(help: ArgumentHelp("Mean visits removed per ruin step (for tuning).", visibility: .hidden))
    var removed: Double?
    @Option(help: ArgumentHelp("Share of continuity ruin steps (for tuning).", visibility: .hidden))
    var continuityRuin: Double?
    @Option(help: ArgumentHelp("Share of the other ruin steps by time (for tuning).", visibility: .hidden))
    var concurrentRuin: Double?
    @Option(
        help: ArgumentHelp(
            "Share of the budget without a plan as good as the best before going back to it (for tuning).",
            visibility: .hidden))
    var returnToBest: Double?

    private func options(_ budget: SearchBudget) throws -> HomeCareSolveOptions {
        guard (1...16).contains(threads) else { throw ValidationError("--threads must be 1 to 16, not \(threads).") }
        var options = HomeCareSolveOptions(budget: budget, seed: seed)
        options.threads = threads
        if let temperatures {
            let parts = temperatures.split(separator: ",").compactMap { Double($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
                throw ValidationError("--temperatures takes two positive numbers, 'START,END'.")
            }
            (options.initialTemperature, options.finalTemperature) = (parts[0], parts[1])
        }
        if let removed { options.averageRemoved = removed }
        if let continuityRuin { options.continuityRuinRate = continuityRuin }
        if let concurrentRuin { options.concurrentRuinRate = concurrentRuin }
        if let returnToBest {
            guard returnToBest >= 0 else { throw ValidationError("--return-to-best must be 0 or more.") }
            options.returnToBestAfter = returnToBest
        }
        return options
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read the problem file '\(file)'.")
        }
        let problem: HomeCareProblem
        do {
            problem = try ProblemFile.read(data).problem
        } catch {
            FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
        let result: HomeCareResult
        let settings = try options(SearchBudget(seconds: seconds, iterations: iterations))
        do {
            result = try HomeCarePlanner.solve(
                problem, options: settings)
        } catch {
            for problem in error.errors { FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8)) }
            throw ExitCode(65)
        }
        var output: [String: Any] = [
            "visits": problem.visits.count, "staff": problem.staff.count, "seconds": result.seconds,
            "iterations": result.iterations, "objective": result.objective.total, "feasible": result.violations.isEmpty,
            "unassigned": result.plan.unassignedVisitIDs, "travelMinutes": result.objective.travelMinutes,
            "overtimeMinutes": result.objective.overtimeMinutes, "newCaregivers": result.objective.newCaregivers,
            "visitsWithoutPrimaryContact": result.objective.visitsWithoutPrimaryContact,
            "plan": try JSONSerialization.jsonObject(with: JSONEncoder().encode(result.plan)),
        ]
        if !json { printSummary(problem, result) }
        if let event = try replanEvent() {
            guard let now = MinuteOfDay(at)?.minutes else {
                throw ValidationError("--at must be a time of the form HH:MM, not '\(at)'.")
            }
            let replanned = try HomeCarePlanner.replan(
                problem, current: result.plan, now: now, event: event,
                options: options(.seconds(replanSeconds)))
            output["replan"] = [
                "seconds": replanned.result.seconds, "moved": replanned.movedVisits.count,
                "retimed": replanned.retimedVisits.count, "feasible": replanned.result.violations.isEmpty,
                "unassigned": replanned.result.plan.unassignedVisitIDs,
            ]
            if !json {
                print(
                    "Re-planned from \(at) in \(String(format: "%.0f", replanned.result.seconds * 1000)) ms: "
                        + "\(replanned.movedVisits.count) visits moved to other staff, "
                        + "\(replanned.retimedVisits.count) retimed, "
                        + "\(replanned.result.plan.unassignedVisitIDs.count) unassigned; "
                        + (replanned.result.violations.isEmpty ? "checked: feasible" : "NOT feasible"))
                for violation in replanned.result.violations.prefix(10) { print("  - \(violation.english)") }
            }
        }
        if json {
            let encoded = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
            print(String(decoding: encoded, as: UTF8.self))
        }
        if !result.violations.isEmpty { throw ExitCode(2) }
    }

    private func replanEvent() throws -> ReplanEvent? {
        if let sick { return .staffAbsent(staffID: sick) }
        if let alarm {
            let parts = alarm.split(separator: ":")
            guard parts.count == 2, let minutes = Int(parts[1]), minutes > 0 else {
                throw ValidationError("--alarm takes STAFF:MINUTES, for example S3:45.")
            }
            return .alarm(
                staffID: String(parts[0]), place: Place(latitude: 69.6496, longitude: 18.9560), minutes: minutes)
        }
        return nil
    }

    /// A staff member's day on one line: "S1: 07:52 B12, 08:30 B40, break 11:05, 11:40 B7".
    static func describe(_ day: StaffDay) -> String {
        var parts = day.stops.map { "\(clock($0.start)) \($0.visitID)" }
        if let after = day.breakAfterStops, let start = day.breakStart {
            parts.insert("break \(clock(start))", at: min(after, parts.count))
        }
        return "\(day.staffID): " + (parts.isEmpty ? "no visits" : parts.joined(separator: ", "))
    }

    /// Minutes after midnight as HH:MM (`MinuteOfDay`), rounded down: never shown before the
    /// window it begins in.
    static func clock(_ minutes: Double) -> String {
        let whole = Int(minutes.rounded(.down))
        return MinuteOfDay(minutes: whole)?.description ?? "\(whole) min"
    }

    private func printSummary(_ problem: HomeCareProblem, _ result: HomeCareResult) {
        let objective = result.objective
        print(
            "\(problem.visits.count) visits, \(problem.staff.count) staff: objective \(String(format: "%.1f", objective.total))"
        )
        print(
            "  travel \(String(format: "%.0f", objective.travelMinutes)) min, overtime "
                + "\(String(format: "%.0f", objective.overtimeMinutes)) min, new caregivers \(objective.newCaregivers), "
                + "not by primary contact \(objective.visitsWithoutPrimaryContact), unassigned "
                + "\(objective.unassignedMandatory) mandatory / \(objective.unassignedOptional) optional")
        print(
            "checked: \(result.violations.isEmpty ? "feasible" : "NOT feasible"); \(result.iterations) iterations in "
                + String(format: "%.2f s", result.seconds))
        for violation in result.violations.prefix(10) { print("  - \(violation.english)") }
        for day in result.plan.days { print("  " + Self.describe(day)) }
        for id in result.plan.unassignedVisitIDs {
            print("  unassigned \(id): \(HomeCarePlanner.explain(problem, result.plan, visitID: id).english)")
        }
    }
}
