import Foundation
import Testing

@testable import Planner

/// A four-customer instance small enough to reason about by hand.
let tinyInstance = """
    NAME : TINY
    TYPE : CVRPTW
    DIMENSION : 5
    VEHICLES : 2
    CAPACITY : 10
    SERVICE_TIME : 1
    EDGE_WEIGHT_TYPE : EXACT_2D
    NODE_COORD_SECTION
    1 0 0
    2 3 4
    3 6 8
    4 -3 -4
    5 -6 -8
    DEMAND_SECTION
    1 0
    2 4
    3 4
    4 4
    5 4
    TIME_WINDOW_SECTION
    1 0 100
    2 0 10
    3 0 20
    4 0 10
    5 0 20
    DEPOT_SECTION
    1
    -1
    EOF
    """

/// The benchmark folder beside the project (`../shared/data/vrptw`), or `TILSYN_VRPTW_DATA`.
let vrptwData = ProcessInfo.processInfo.environment["TILSYN_VRPTW_DATA"] ?? "../shared/data/vrptw"
let hasBenchmarkData = FileManager.default.fileExists(atPath: vrptwData + "/solomon100/C101.vrptw")

@Suite struct VRPTWTests {
    let tiny = try! VRPTWInstance.parse(tinyInstance)

    @Test func parsesTheLKHFormat() {
        #expect(tiny.name == "TINY")
        #expect(tiny.customerCount == 4)
        #expect(tiny.capacity == 10)
        #expect(tiny.nodes[0].serviceTime == 0, "the depot has no service time")
        #expect(tiny.nodes[1].serviceTime == 1)
        #expect(tiny.distance(0, 1) == 5)
    }

    @Test func malformedLineIsReportedWithItsNumber() {
        let broken = tinyInstance.replacingOccurrences(of: "2 3 4\n", with: "2 three 4\n")
        #expect(throws: VRPTWParseError.self) { try VRPTWInstance.parse(broken) }
        do {
            _ = try VRPTWInstance.parse(broken)
        } catch {
            #expect(error.line == 10)
        }
    }

    @Test func feasibleSolutionPassesAndIsMeasured() {
        let solution = VRPTWSolution(routes: [[1, 2], [3, 4]])
        #expect(VRPTWChecker.check(tiny, solution, maxVehicles: 2).isEmpty)
        #expect(abs(VRPTWChecker.distance(tiny, solution) - 40) < 1e-9)
    }

    @Test func everyBrokenRuleIsReported() {
        let late = VRPTWChecker.check(tiny, VRPTWSolution(routes: [[2, 1], [3, 4]]))
        #expect(late.contains(.lateArrival(route: 0, customer: 1, arrival: 16, latest: 10)))
        let heavy = VRPTWChecker.check(tiny, VRPTWSolution(routes: [[1, 2, 3]]))
        #expect(heavy.contains(.capacityExceeded(route: 0, load: 12)))
        #expect(heavy.contains(.customerMissing(4)))
        let twice = VRPTWChecker.check(tiny, VRPTWSolution(routes: [[1, 2], [1, 3, 4]]), maxVehicles: 1)
        #expect(twice.contains(.customerServedTwice(1)))
        #expect(twice.contains(.tooManyRoutes(used: 2, allowed: 1)))
        #expect(VRPTWChecker.check(tiny, VRPTWSolution(routes: [[1, 2, 3, 4, 9]])).contains(.unknownCustomer(9)))
    }

    @Test func cheapestInsertionServesEveryoneWithinWindows() {
        let solution = CheapestInsertion.construct(tiny)
        #expect(VRPTWChecker.check(tiny, solution, maxVehicles: 2).isEmpty)
        #expect(abs(VRPTWChecker.distance(tiny, solution) - 40) < 1e-9, "the two spokes are optimal here")
    }

    @Test(.enabled(if: hasBenchmarkData, "the VRPTW benchmark folder is not beside the project"))
    func bestKnownC101RoutesAreFeasibleAtTheBestKnownDistance() throws {
        let instance = try VRPTWInstance.parse(
            String(contentsOfFile: vrptwData + "/solomon100/C101.vrptw", encoding: .utf8))
        #expect(instance.customerCount == 100)
        #expect(instance.vehicles == 10)
        let best = try VRPTWSolution.parseDIMACS(
            String(contentsOfFile: vrptwData + "/dimacs-bks-solutions/solomon100/C101.sol", encoding: .utf8))
        #expect(VRPTWChecker.check(instance, best, maxVehicles: 10).isEmpty)
        #expect(abs(VRPTWChecker.distance(instance, best) - 828.937) < 0.001)

        let constructed = CheapestInsertion.construct(instance)
        #expect(VRPTWChecker.check(instance, constructed).isEmpty, "construction keeps every window and capacity")
    }
}
