/// Checks any VRPTW solution, including one made by hand or by another solver, and measures it.
public enum VRPTWChecker {
    /// Tolerance for floating-point arrival times (exact Euclidean travel).
    public static let epsilon = 1e-6

    /// Every broken rule: each customer served exactly once, capacity, time windows (waiting when
    /// early), return before the depot's horizon, and at most `maxVehicles` routes if given.
    public static func check(
        _ instance: VRPTWInstance, _ solution: VRPTWSolution, maxVehicles: Int? = nil
    )
        -> [VRPTWViolation]
    {
        var violations: [VRPTWViolation] = []
        var served = [Int](repeating: 0, count: instance.nodes.count)
        for (routeIndex, route) in solution.routes.enumerated() {
            let known = route.filter { (1...instance.customerCount).contains($0) }
            for customer in route where !known.contains(customer) { violations.append(.unknownCustomer(customer)) }
            for customer in known { served[customer] += 1 }
            let back = instance.walk(known) { customer, arrival in
                let latest = instance.nodes[customer].latest
                if arrival > latest + epsilon {
                    violations.append(
                        .lateArrival(route: routeIndex, customer: customer, arrival: arrival, latest: latest))
                }
            }
            if back > instance.nodes[0].latest + epsilon {
                violations.append(.lateReturn(route: routeIndex, arrival: back, horizon: instance.nodes[0].latest))
            }
            let load = known.reduce(0) { $0 + instance.nodes[$1].demand }
            if load > instance.capacity { violations.append(.capacityExceeded(route: routeIndex, load: load)) }
        }
        for customer in 1...instance.customerCount {
            if served[customer] == 0 { violations.append(.customerMissing(customer)) }
            if served[customer] > 1 { violations.append(.customerServedTwice(customer)) }
        }
        if let maxVehicles, solution.routes.count > maxVehicles {
            violations.append(.tooManyRoutes(used: solution.routes.count, allowed: maxVehicles))
        }
        return violations
    }

    /// Total exact Euclidean distance of the routes, depot to depot.
    public static func distance(_ instance: VRPTWInstance, _ solution: VRPTWSolution) -> Double {
        solution.routes.reduce(0) { total, route in
            var previous = 0
            var length = 0.0
            for customer in route {
                length += instance.distance(previous, customer)
                previous = customer
            }
            return total + length + instance.distance(previous, 0)
        }
    }
}
