/// A construction heuristic: customers in order of their window's close, each inserted where it
/// adds the least distance without breaking capacity or any window, opening a route when nowhere
/// fits. A starting point for the local search and metaheuristic of issue #8, not a finished solver.
public enum CheapestInsertion {
    /// A feasible solution (every customer served, all windows and capacities kept) whenever each
    /// customer can be served by a route of its own; it may use more routes than the fleet limit.
    public static func construct(_ instance: VRPTWInstance) -> VRPTWSolution {
        var routes: [[Int]] = []
        var loads: [Int] = []
        let order = (1...max(1, instance.customerCount)).filter { $0 <= instance.customerCount }
            .sorted { (instance.nodes[$0].latest, $0) < (instance.nodes[$1].latest, $1) }
        for customer in order {
            var best: (route: Int, position: Int, cost: Double)?
            for (index, route) in routes.enumerated()
            where loads[index] + instance.nodes[customer].demand <= instance.capacity {
                for position in 0...route.count {
                    let before = position == 0 ? 0 : route[position - 1]
                    let after = position == route.count ? 0 : route[position]
                    let cost =
                        instance.distance(before, customer) + instance.distance(customer, after)
                        - instance.distance(before, after)
                    if let current = best, current.cost <= cost { continue }
                    var candidate = route
                    candidate.insert(customer, at: position)
                    if isTimeFeasible(instance, candidate) { best = (index, position, cost) }
                }
            }
            if let best {
                routes[best.route].insert(customer, at: best.position)
                loads[best.route] += instance.nodes[customer].demand
            } else {
                routes.append([customer])
                loads.append(instance.nodes[customer].demand)
            }
        }
        return VRPTWSolution(routes: routes)
    }

    /// Whether a route keeps every window and returns before the horizon.
    static func isTimeFeasible(_ instance: VRPTWInstance, _ route: [Int]) -> Bool {
        var onTime = true
        let back = instance.walk(route) { customer, arrival in
            if arrival > instance.nodes[customer].latest + VRPTWChecker.epsilon { onTime = false }
        }
        return onTime && back <= instance.nodes[0].latest + VRPTWChecker.epsilon
    }
}
