/// An instance laid out for the search's hot loops: contiguous arrays of plain numbers, a flat
/// distance matrix, and each customer's neighbours by distance (for string removal).
struct VRPTWSearchData {
    let nodeCount: Int
    let distances: [Double]
    let earliest: [Double]
    let latest: [Double]
    let service: [Double]
    let demand: [Int]
    let capacity: Int
    let horizon: Double
    /// For each customer, every other customer by increasing distance; empty for the depot.
    let neighbours: [[Int]]

    init(_ instance: VRPTWInstance) {
        let count = instance.nodes.count
        nodeCount = count
        var matrix = [Double](repeating: 0, count: count * count)
        for a in 0..<count {
            for b in 0..<count { matrix[a * count + b] = instance.distance(a, b) }
        }
        distances = matrix
        earliest = instance.nodes.map(\.earliest)
        latest = instance.nodes.map(\.latest)
        service = instance.nodes.map(\.serviceTime)
        demand = instance.nodes.map(\.demand)
        capacity = instance.capacity
        horizon = instance.nodes[0].latest
        neighbours = (0..<count).map { customer in
            customer == 0
                ? []
                : (1..<count).filter { $0 != customer }
                    .sorted { (matrix[customer * count + $0], $0) < (matrix[customer * count + $1], $1) }
        }
    }

    @inline(__always) func distance(_ a: Int, _ b: Int) -> Double {
        distances[a &* nodeCount &+ b]
    }

    var customerCount: Int { nodeCount - 1 }
}

/// One route during the search, with the timing that makes an insertion check constant-time:
/// when service begins at each customer (forward), and the latest it may begin there without
/// making any later customer or the return to the depot late (backward).
struct SearchRoute {
    private(set) var customers: [Int] = []
    private(set) var begin: [Double] = []
    private(set) var latestBegin: [Double] = []
    private(set) var load = 0
    private(set) var length = 0.0

    init(_ customers: [Int], _ data: VRPTWSearchData) {
        self.customers = customers
        refresh(data)
    }

    var isEmpty: Bool { customers.isEmpty }
    var count: Int { customers.count }

    mutating func insert(_ customer: Int, at position: Int, _ data: VRPTWSearchData) {
        customers.insert(customer, at: position)
        refresh(data)
    }

    /// Removes the customers for which `remove` is true; the rest keep their order.
    mutating func remove(where remove: (Int) -> Bool, _ data: VRPTWSearchData) {
        customers.removeAll(where: remove)
        refresh(data)
    }

    /// Recomputes timing, load and length after a change.
    mutating func refresh(_ data: VRPTWSearchData) {
        let count = customers.count
        // Resized in place: after the first change in an iteration the buffers are this route's own.
        if begin.count != count {
            begin = [Double](repeating: 0, count: count)
            latestBegin = [Double](repeating: 0, count: count)
        }
        var time = 0.0
        var previous = 0
        var total = 0.0
        var carried = 0
        for index in 0..<count {
            let customer = customers[index]
            let leg = data.distance(previous, customer)
            total += leg
            time = max(time + leg, data.earliest[customer])
            begin[index] = time
            time += data.service[customer]
            carried += data.demand[customer]
            previous = customer
        }
        length = total + data.distance(previous, 0)
        load = carried
        var latestNext = data.horizon
        var next = 0
        for index in stride(from: count - 1, through: 0, by: -1) {
            let customer = customers[index]
            latestNext = min(
                data.latest[customer], latestNext - data.distance(customer, next) - data.service[customer])
            latestBegin[index] = latestNext
            next = customer
        }
    }

    /// The extra distance of serving `customer` before position `position` (at the end when
    /// `position == count`), or nil when that breaks a window or the horizon. Constant time.
    @inline(__always) func insertionCost(of customer: Int, at position: Int, _ data: VRPTWSearchData) -> Double? {
        let previous = position == 0 ? 0 : customers[position - 1]
        let departure = position == 0 ? 0 : begin[position - 1] + data.service[previous]
        let arrival = departure + data.distance(previous, customer)
        if arrival > data.latest[customer] + VRPTWChecker.epsilon { return nil }
        let next = position == customers.count ? 0 : customers[position]
        let nextLatest = position == customers.count ? data.horizon : latestBegin[position]
        let leave = max(arrival, data.earliest[customer]) + data.service[customer]
        if leave + data.distance(customer, next) > nextLatest + VRPTWChecker.epsilon { return nil }
        return data.distance(previous, customer) + data.distance(customer, next) - data.distance(previous, next)
    }

    /// When the vehicle leaves the customer at `position - 1` (the depot at 0): a lower bound on
    /// arriving anywhere from this position on, since service begins later along a route.
    @inline(__always) func departure(before position: Int, _ data: VRPTWSearchData) -> Double {
        position == 0 ? 0 : begin[position - 1] + data.service[customers[position - 1]]
    }
}
