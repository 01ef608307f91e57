/// A solution while the search works on it: routes with their timing, and the customers not
/// (yet) placed. Cheap to copy: each route's arrays are copied only when that route changes.
struct VRPTWSearchState {
    var routes: [SearchRoute]
    var unassigned: [Int]

    var distance: Double { routes.reduce(0) { $0 + $1.length } }
    var servedCount: Int { routes.reduce(0) { $0 + $1.count } }

    var solution: VRPTWSolution { VRPTWSolution(routes: routes.map(\.customers)) }

    init(routes: [[Int]], unassigned: [Int] = [], _ data: VRPTWSearchData) {
        self.routes = routes.filter { !$0.isEmpty }.map { SearchRoute($0, data) }
        self.unassigned = unassigned
    }

    /// Places each customer at its cheapest feasible position over all routes, in the given order;
    /// opens a route when none fits and fewer than `maxRoutes` are in use, otherwise leaves it
    /// unassigned. Each position is skipped ("blinks") with probability `blinkRate`, which
    /// diversifies the search at almost no cost (Christiaens & Vanden Berghe, 2020).
    mutating func recreate(
        _ customers: [Int], maxRoutes: Int, blinkRate: Double, _ data: VRPTWSearchData, _ random: inout SearchRandom
    ) {
        for customer in customers {
            var bestRoute = -1
            var bestPosition = 0
            var bestCost = Double.infinity
            let demand = data.demand[customer]
            let latest = data.latest[customer]
            for routeIndex in routes.indices {
                let route = routes[routeIndex]
                if route.load + demand > data.capacity { continue }
                for position in 0...route.count {
                    if route.departure(before: position, data) > latest { break }
                    if blinkRate > 0, random.unit() < blinkRate { continue }
                    if let cost = route.insertionCost(of: customer, at: position, data), cost < bestCost {
                        bestCost = cost
                        bestRoute = routeIndex
                        bestPosition = position
                    }
                }
            }
            // A route of its own is an option like any other while the fleet allows one: with wide
            // windows the cheapest plan may use more routes than the fewest possible.
            let alone = data.distance(0, customer) + data.distance(customer, 0)
            let canOpen = routes.count < maxRoutes && Self.fitsAlone(customer, data)
            if canOpen, bestRoute < 0 || alone < bestCost {
                routes.append(SearchRoute([customer], data))
            } else if bestRoute >= 0 {
                routes[bestRoute].insert(customer, at: bestPosition, data)
            } else {
                unassigned.append(customer)
            }
        }
    }

    /// Whether a route serving only `customer` keeps its window, the horizon and the capacity.
    static func fitsAlone(_ customer: Int, _ data: VRPTWSearchData) -> Bool {
        data.demand[customer] <= data.capacity && SearchRoute([], data).insertionCost(of: customer, at: 0, data) != nil
    }

    /// Slack induction by string removals (SISR): removes a few strings of consecutive customers
    /// from routes near a random seed customer, so that the recreate step can rebuild that
    /// neighbourhood differently. Returns the removed customers; empty routes are dropped.
    mutating func removeStrings(
        averageRemoved: Double, maxStringLength: Int, splitDepth: Double,
        _ data: VRPTWSearchData, _ random: inout SearchRandom
    ) -> [Int] {
        let served = servedCount
        guard served > 0 else { return [] }
        var routeOf = [Int](repeating: -1, count: data.nodeCount)
        var positionOf = [Int](repeating: 0, count: data.nodeCount)
        for (routeIndex, route) in routes.enumerated() {
            for (position, customer) in route.customers.enumerated() {
                routeOf[customer] = routeIndex
                positionOf[customer] = position
            }
        }
        let averageCardinality = Double(served) / Double(routes.count)
        let stringLengthLimit = min(Double(maxStringLength), averageCardinality)
        let stringCountLimit = 4 * averageRemoved / (1 + stringLengthLimit) - 1
        let stringCount = Int(random.unit() * stringCountLimit) + 1

        var seed = 0
        repeat { seed = random.below(data.customerCount) + 1 } while routeOf[seed] < 0
        var ruined: [Int] = []
        var removed: [Int] = []
        var removedMark = [Bool](repeating: false, count: data.nodeCount)
        for customer in CollectionOfOne(seed) + data.neighbours[seed] {
            if ruined.count >= stringCount { break }
            let routeIndex = routeOf[customer]
            if routeIndex < 0 || ruined.contains(routeIndex) { continue }
            let route = routes[routeIndex].customers
            let lengthLimit = min(route.count, Int(stringLengthLimit))
            let length = Int(random.unit() * Double(lengthLimit)) + 1
            let position = positionOf[customer]
            if length == route.count || random.unit() < 0.5 {
                let start = Self.windowStart(containing: position, length: length, in: route.count, &random)
                for index in start..<(start + length) { removedMark[route[index]] = true }
            } else {
                // Split string: a longer window keeps a run of `kept` customers in its middle.
                var kept = 1
                while length + kept < route.count, random.unit() > splitDepth { kept += 1 }
                let span = length + kept
                let start = Self.windowStart(containing: position, length: span, in: route.count, &random)
                let keptStart = start + random.below(length + 1)
                for index in start..<(start + span) where index < keptStart || index >= keptStart + kept {
                    removedMark[route[index]] = true
                }
            }
            for index in route.indices where removedMark[route[index]] { removed.append(route[index]) }
            ruined.append(routeIndex)
        }
        for routeIndex in ruined { routes[routeIndex].remove(where: { removedMark[$0] }, data) }
        routes.removeAll(where: \.isEmpty)
        return removed
    }

    /// A random start for a window of `length` consecutive positions of a route of `count` that
    /// contains `position`.
    private static func windowStart(
        containing position: Int, length: Int, in count: Int, _ random: inout SearchRandom
    ) -> Int {
        let lowest = max(0, position - length + 1)
        let highest = min(position, count - length)
        return lowest + random.below(highest - lowest + 1)
    }
}

/// The order in which removed customers are put back; varying it is part of what makes the
/// recreate step explore.
enum InsertionOrder: CaseIterable {
    case random, largestDemand, farthestFromDepot, closestToDepot, tightestWindow, earliestWindow

    /// Weights from SISR (random 4, demand 4, far 2, close 1), plus two window orders for VRPTW.
    static func pick(_ random: inout SearchRandom) -> InsertionOrder {
        let weighted: [(InsertionOrder, Int)] = [
            (.random, 4), (.largestDemand, 4), (.farthestFromDepot, 2), (.closestToDepot, 1),
            (.tightestWindow, 2), (.earliestWindow, 1),
        ]
        var draw = random.below(weighted.reduce(0) { $0 + $1.1 })
        for (order, weight) in weighted {
            if draw < weight { return order }
            draw -= weight
        }
        return .random
    }

    func sort(_ customers: inout [Int], _ data: VRPTWSearchData, _ random: inout SearchRandom) {
        customers.shuffle(using: &random)
        switch self {
        case .random: return
        case .largestDemand: customers.sort { data.demand[$0] > data.demand[$1] }
        case .farthestFromDepot: customers.sort { data.distance(0, $0) > data.distance(0, $1) }
        case .closestToDepot: customers.sort { data.distance(0, $0) < data.distance(0, $1) }
        case .tightestWindow:
            customers.sort { data.latest[$0] - data.earliest[$0] < data.latest[$1] - data.earliest[$1] }
        case .earliestWindow: customers.sort { data.earliest[$0] < data.earliest[$1] }
        }
    }
}
