import Foundation

/// One node of a VRPTW instance: the depot (index 0) or a customer.
public struct VRPTWNode: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var demand: Int
    /// Earliest start of service (arriving earlier means waiting).
    public var earliest: Double
    /// Latest start of service; for the depot, the end of the planning horizon.
    public var latest: Double
    /// Minutes (time units) spent at the node.
    public var serviceTime: Double
}

/// A capacitated vehicle routing problem with time windows, as in the Solomon and Gehring &
/// Homberger benchmarks: travel time equals exact Euclidean distance.
public struct VRPTWInstance: Sendable {
    public var name: String
    /// The fleet limit in the file (`VEHICLES`): the hierarchical convention's minimum fleet.
    public var vehicles: Int
    public var capacity: Int
    /// Node 0 is the depot; 1…n are the customers.
    public var nodes: [VRPTWNode]

    /// Number of customers.
    public var customerCount: Int { nodes.count - 1 }

    /// Drives a route from the depot: calls `arrive` with each customer and the arrival time there
    /// (waiting for the window to open, then serving), and returns the time back at the depot.
    /// The one definition of route timing, used by the checker and the heuristics alike.
    public func walk(_ route: [Int], arrive: (_ customer: Int, _ arrival: Double) -> Void = { _, _ in }) -> Double {
        var time = 0.0
        var previous = 0
        for customer in route {
            let node = nodes[customer]
            let arrival = time + distance(previous, customer)
            arrive(customer, arrival)
            time = max(arrival, node.earliest) + node.serviceTime
            previous = customer
        }
        return time + distance(previous, 0)
    }

    /// Exact Euclidean distance (and travel time) between two nodes.
    @inlinable public func distance(_ a: Int, _ b: Int) -> Double {
        let dx = nodes[a].x - nodes[b].x
        let dy = nodes[a].y - nodes[b].y
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// A malformed instance file, with the line at fault.
public struct VRPTWParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line, or 0 for the file as a whole.
    public var line: Int
    public var reason: String
    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}

extension VRPTWInstance {
    /// Reads the TSPLIB-style format distributed with LKH-3 (`NODE_COORD_SECTION`, `DEMAND_SECTION`,
    /// `TIME_WINDOW_SECTION`, `DEPOT_SECTION`); node ids are 1-based with the depot first.
    public static func parse(_ text: String) throws(VRPTWParseError) -> VRPTWInstance {
        var header: [String: String] = [:]
        var coordinates: [Int: (Double, Double)] = [:]
        var demands: [Int: Int] = [:]
        var windows: [Int: (Double, Double)] = [:]
        var section = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty || content == "EOF" { continue }
            if content.hasSuffix("_SECTION") {
                section = content
                continue
            }
            if section.isEmpty, let colon = content.firstIndex(of: ":") {
                let key = content[..<colon].trimmingCharacters(in: .whitespaces)
                header[key] = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                continue
            }
            let fields = content.split(whereSeparator: \.isWhitespace).map(String.init)
            func number(_ position: Int) throws(VRPTWParseError) -> Double {
                guard position < fields.count, let value = Double(fields[position]) else {
                    throw VRPTWParseError(
                        line: line, reason: "expected a number in field \(position + 1) of '\(content)'")
                }
                return value
            }
            switch section {
            case "NODE_COORD_SECTION":
                coordinates[Int(try number(0))] = (try number(1), try number(2))
            case "DEMAND_SECTION":
                demands[Int(try number(0))] = Int(try number(1))
            case "TIME_WINDOW_SECTION":
                windows[Int(try number(0))] = (try number(1), try number(2))
            case "DEPOT_SECTION":
                continue
            default:
                throw VRPTWParseError(line: line, reason: "unexpected line '\(content)' outside a section")
            }
        }
        guard let dimension = header["DIMENSION"].flatMap(Int.init), dimension >= 2 else {
            throw VRPTWParseError(line: 0, reason: "missing or invalid DIMENSION")
        }
        guard let capacity = header["CAPACITY"].flatMap(Int.init) else {
            throw VRPTWParseError(line: 0, reason: "missing or invalid CAPACITY")
        }
        let service = header["SERVICE_TIME"].flatMap(Double.init) ?? 0
        var nodes: [VRPTWNode] = []
        for id in 1...dimension {
            guard let (x, y) = coordinates[id], let demand = demands[id], let (earliest, latest) = windows[id] else {
                throw VRPTWParseError(line: 0, reason: "node \(id) lacks coordinates, a demand or a time window")
            }
            nodes.append(
                VRPTWNode(
                    x: x, y: y, demand: demand, earliest: earliest, latest: latest, serviceTime: id == 1 ? 0 : service))
        }
        return VRPTWInstance(
            name: header["NAME"] ?? "", vehicles: header["VEHICLES"].flatMap(Int.init) ?? dimension - 1,
            capacity: capacity, nodes: nodes)
    }
}
