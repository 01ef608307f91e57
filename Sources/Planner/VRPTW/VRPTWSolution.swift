/// Routes of customers (indices 1…n), each starting and ending at the depot.
public struct VRPTWSolution: Sendable, Hashable {
    public var routes: [[Int]]

    public init(routes: [[Int]]) {
        self.routes = routes.filter { !$0.isEmpty }
    }

    /// Reads the DIMACS/CVRPLIB solution format: `Route #k: c1 c2 …` with customers 1…n.
    public static func parseDIMACS(_ text: String) throws(VRPTWParseError) -> VRPTWSolution {
        var routes: [[Int]] = []
        for (index, line) in text.split(separator: "\n").enumerated() where line.hasPrefix("Route") {
            guard let colon = line.firstIndex(of: ":") else {
                throw VRPTWParseError(line: index + 1, reason: "a route line needs 'Route #k:'")
            }
            var route: [Int] = []
            for field in line[line.index(after: colon)...].split(separator: " ") {
                guard let customer = Int(field) else {
                    throw VRPTWParseError(line: index + 1, reason: "'\(field)' is not a customer number")
                }
                route.append(customer)
            }
            routes.append(route)
        }
        return VRPTWSolution(routes: routes)
    }
}

/// A broken rule of a VRPTW solution.
public enum VRPTWViolation: Sendable, Hashable, CustomStringConvertible {
    case customerMissing(Int)
    case customerServedTwice(Int)
    case unknownCustomer(Int)
    case capacityExceeded(route: Int, load: Int)
    case lateArrival(route: Int, customer: Int, arrival: Double, latest: Double)
    case lateReturn(route: Int, arrival: Double, horizon: Double)
    case tooManyRoutes(used: Int, allowed: Int)

    public var description: String {
        switch self {
        case .customerMissing(let customer): "customer \(customer) is not served"
        case .customerServedTwice(let customer): "customer \(customer) is served more than once"
        case .unknownCustomer(let customer): "customer \(customer) does not exist"
        case .capacityExceeded(let route, let load): "route \(route + 1) carries \(load), above the capacity"
        case .lateArrival(let route, let customer, let arrival, let latest):
            "route \(route + 1) reaches customer \(customer) at \(arrival), after its window closes at \(latest)"
        case .lateReturn(let route, let arrival, let horizon):
            "route \(route + 1) returns to the depot at \(arrival), after the horizon \(horizon)"
        case .tooManyRoutes(let used, let allowed): "\(used) routes used, at most \(allowed) allowed"
        }
    }
}
