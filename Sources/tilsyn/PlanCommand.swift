import ArgumentParser
import Foundation
import Planner

/// `tilsyn plan …`: the planner on its own, without a database.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the planner on a file.", subcommands: [PlanDay.self, PlanExampleDay.self, PlanVRPTW.self])
}

/// `tilsyn plan vrptw FILE`: solves a Solomon / Gehring & Homberger benchmark instance.
struct PlanVRPTW: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vrptw",
        abstract: "Solve a VRPTW benchmark instance (LKH-3 format) and check the result.")

    @Argument(help: "The instance file, for example ../shared/data/vrptw/solomon100/C101.vrptw.")
    var file: String

    @Option(help: "Time budget in seconds.")
    var seconds: Double = 10

    @Option(help: "Stop after this many iterations (with a seed, the result repeats exactly).")
    var iterations: Int?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "At most this many routes (default: the file's VEHICLES).")
    var maxVehicles: Int?

    @Option(help: ArgumentHelp("Annealing temperatures 'START,END' (for tuning).", visibility: .hidden))
    var temperatures: String?

    @Option(help: ArgumentHelp("Penalty factor for a left-out customer (for tuning).", visibility: .hidden))
    var penalty: Double?

    @Option(help: ArgumentHelp("Mean customers removed per ruin step (for tuning).", visibility: .hidden))
    var removed: Double?

    @Option(help: ArgumentHelp("Iterations allowed with a customer left out (for tuning).", visibility: .hidden))
    var incompleteLimit: Int?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Print the routes as well (text output).")
    var routes = false

    @Flag(help: "Report progress on standard error while solving.")
    var progress = false

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be positive.") }
        if let iterations, iterations <= 0 { throw ValidationError("--iterations must be positive.") }
        if let maxVehicles, maxVehicles <= 0 { throw ValidationError("--max-vehicles must be positive.") }
    }

    func run() throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ValidationError("Cannot read the instance file '\(file)'.")
        }
        let instance: VRPTWInstance
        do {
            instance = try VRPTWInstance.parse(text)
        } catch {
            FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
        var options = VRPTWSolveOptions(
            budget: SearchBudget(seconds: seconds, iterations: iterations), seed: seed, maxVehicles: maxVehicles)
        options.maxVehicles = maxVehicles ?? instance.vehicles
        if let temperatures {
            let parts = temperatures.split(separator: ",").compactMap { Double($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
                throw ValidationError("--temperatures takes two positive numbers, 'START,END'.")
            }
            (options.initialTemperature, options.finalTemperature) = (parts[0], parts[1])
        }
        if let penalty { options.unassignedPenaltyFactor = penalty }
        if let removed { options.averageRemoved = removed }
        if let incompleteLimit { options.incompleteLimit = incompleteLimit }
        let report: ((VRPTWProgress) -> Void)? =
            progress
            ? { step in
                let line = String(
                    format: "%6.2f s  %@  %d routes  %.3f  (%d left out)\n", step.seconds, step.phase.rawValue,
                    step.vehicles, step.distance, step.unassigned)
                FileHandle.standardError.write(Data(line.utf8))
            } : nil
        let result = VRPTWSolver.solve(instance, options: options, progress: report)
        if json {
            let object: [String: Any] = [
                "instance": instance.name, "vehicles": result.vehicles,
                "distance": (result.distance * 1000).rounded() / 1000, "feasible": result.feasible,
                "seconds": (result.seconds * 1000).rounded() / 1000, "iterations": result.iterations,
                "routes": result.solution.routes,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(instance.name): \(result.vehicles) routes, distance \(String(format: "%.3f", result.distance))")
            print("checked: \(result.feasible ? "feasible" : "NOT feasible") (at most \(options.maxVehicles!) routes)")
            for violation in result.violations.prefix(20) { print("  - \(violation)") }
            print("\(result.iterations) iterations in \(String(format: "%.2f", result.seconds)) s")
            if routes {
                for (index, route) in result.solution.routes.enumerated() {
                    print("Route #\(index + 1): \(route.map(String.init).joined(separator: " "))")
                }
            }
        }
        if !result.feasible { throw ExitCode(2) }
    }
}
