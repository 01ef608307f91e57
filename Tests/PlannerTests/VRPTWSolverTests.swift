import Foundation
import Synchronization
import Testing

@testable import Planner

/// Small random instances: coordinates on a 50 × 50 grid, tight-ish windows, a capacity that
/// forces several routes.
func randomTinyInstance(customers: Int, seed: UInt64) -> VRPTWInstance {
    var random = SearchRandom(seed: seed)
    var nodes = [VRPTWNode(x: 25, y: 25, demand: 0, earliest: 0, latest: 300, serviceTime: 0)]
    for _ in 0..<customers {
        let (x, y) = (Double(random.below(51)), Double(random.below(51)))
        // Every customer can be reached from the depot in time, and served.
        let reach = ((x - 25) * (x - 25) + (y - 25) * (y - 25)).squareRoot()
        let earliest = reach + Double(random.below(150))
        nodes.append(
            VRPTWNode(
                x: x, y: y, demand: 1 + random.below(8), earliest: earliest,
                latest: earliest + 10 + Double(random.below(60)), serviceTime: 5))
    }
    return VRPTWInstance(name: "RANDOM-\(seed)", vehicles: customers, capacity: 15, nodes: nodes)
}

/// The least distance with at most `fleet` routes, by brute force: every order of the customers
/// cut into routes in every way; nil when nothing is feasible.
func bruteForceOptimum(_ instance: VRPTWInstance, fleet: Int) -> Double? {
    let customers = Array(1...instance.customerCount)
    var best: Double?
    func visit(_ permutation: [Int]) {
        for cuts in 0..<(1 << (permutation.count - 1)) {
            var routes: [[Int]] = [[permutation[0]]]
            for index in 1..<permutation.count {
                if cuts & (1 << (index - 1)) != 0 { routes.append([]) }
                routes[routes.count - 1].append(permutation[index])
            }
            guard routes.count <= fleet else { continue }
            let solution = VRPTWSolution(routes: routes)
            let distance = VRPTWChecker.distance(instance, solution)
            if let current = best, current <= distance + 1e-9 { continue }
            if VRPTWChecker.check(instance, solution, maxVehicles: fleet).isEmpty { best = distance }
        }
    }
    func permute(_ prefix: [Int], _ rest: [Int]) {
        if rest.isEmpty { return visit(prefix) }
        for (index, customer) in rest.enumerated() {
            var remaining = rest
            remaining.remove(at: index)
            permute(prefix + [customer], remaining)
        }
    }
    permute([], customers)
    return best
}

/// The smallest fleet with any feasible solution, by brute force.
func bruteForceFleet(_ instance: VRPTWInstance) -> Int? {
    (1...instance.customerCount).first { bruteForceOptimum(instance, fleet: $0) != nil }
}

@Suite struct VRPTWSolverTests {
    @Test(arguments: 1...12 as ClosedRange<UInt64>)
    func findsTheOptimumOfTinyInstances(seed: UInt64) throws {
        let instance = randomTinyInstance(customers: 6, seed: seed)
        let optimum = try #require(bruteForceOptimum(instance, fleet: instance.customerCount))
        var options = VRPTWSolveOptions(budget: .iterations(3000), seed: seed)
        options.maxVehicles = instance.customerCount
        let result = VRPTWSolver.solve(instance, options: options)
        #expect(result.feasible, "\(result.violations)")
        #expect(abs(result.distance - optimum) < 1e-6, "found \(result.distance), optimum \(optimum)")
    }

    @Test(arguments: 21...28 as ClosedRange<UInt64>)
    func reachesTheSmallestFleetAndItsBestDistance(seed: UInt64) throws {
        let instance = randomTinyInstance(customers: 6, seed: seed)
        let fleet = try #require(bruteForceFleet(instance))
        let optimum = try #require(bruteForceOptimum(instance, fleet: fleet))
        var options = VRPTWSolveOptions(budget: .iterations(3000), seed: seed)
        options.maxVehicles = fleet
        let result = VRPTWSolver.solve(instance, options: options)
        #expect(result.feasible, "\(result.violations)")
        #expect(result.vehicles <= fleet)
        #expect(abs(result.distance - optimum) < 1e-6, "found \(result.distance), optimum \(optimum)")
    }

    @Test func everyReturnedSolutionPassesTheCheck() {
        for seed in 100..<130 as Range<UInt64> {
            let instance = randomTinyInstance(customers: 25, seed: seed)
            let result = VRPTWSolver.solve(instance, options: VRPTWSolveOptions(budget: .iterations(400), seed: seed))
            #expect(result.violations.isEmpty, "seed \(seed): \(result.violations)")
            #expect(result.distance == VRPTWChecker.distance(instance, result.solution))
        }
    }

    @Test func aSeedAndAnIterationLimitRepeatExactly() {
        let instance = randomTinyInstance(customers: 30, seed: 7)
        let options = VRPTWSolveOptions(budget: .iterations(500), seed: 42)
        let first = VRPTWSolver.solve(instance, options: options)
        let second = VRPTWSolver.solve(instance, options: options)
        #expect(first.solution == second.solution)
        let other = VRPTWSolver.solve(instance, options: VRPTWSolveOptions(budget: .iterations(500), seed: 43))
        #expect(other.feasible)
    }

    @Test func aFleetThatCannotBeReachedIsReportedNotHidden() {
        let instance = randomTinyInstance(customers: 12, seed: 3)
        var options = VRPTWSolveOptions(budget: .iterations(300), seed: 1)
        options.maxVehicles = 1  // 12 customers of demand ≥ 1 with capacity 15 and narrow windows
        let result = VRPTWSolver.solve(instance, options: options)
        #expect(!result.feasible)
        #expect(result.violations.contains { if case .tooManyRoutes = $0 { true } else { false } })
        #expect(VRPTWChecker.check(instance, result.solution).isEmpty, "complete and on time apart from the fleet")
    }

    @Test func aCustomerNoRouteCanServeIsLeftOutAndReported() {
        var instance = randomTinyInstance(customers: 5, seed: 9)
        instance.nodes[3].latest = -1  // closes before anyone can leave the depot
        let result = VRPTWSolver.solve(instance, options: VRPTWSolveOptions(budget: .iterations(100), seed: 1))
        #expect(!result.feasible)
    }

    @Test func progressIsReported() {
        let instance = randomTinyInstance(customers: 40, seed: 11)
        let steps = Mutex<[VRPTWProgress]>([])
        _ = VRPTWSolver.solve(instance, options: VRPTWSolveOptions(budget: .seconds(0.6), seed: 1)) { step in
            steps.withLock { $0.append(step) }
        }
        #expect(!steps.withLock { $0.isEmpty })
    }

    @Test(.enabled(if: hasBenchmarkData)) func solvesSolomonC101WithItsFleet() throws {
        let text = try String(contentsOfFile: vrptwData + "/solomon100/C101.vrptw", encoding: .utf8)
        let instance = try VRPTWInstance.parse(text)
        let result = VRPTWSolver.solve(instance, options: VRPTWSolveOptions(budget: .iterations(5000), seed: 1))
        #expect(result.feasible, "\(result.violations.prefix(3))")
        #expect(result.vehicles <= 10)
        #expect(result.distance < 828.937 * 1.03)
    }
}
