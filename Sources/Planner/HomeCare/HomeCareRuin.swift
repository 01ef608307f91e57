/// How a ruin step chooses what to take out.
struct RuinSettings {
    var averageRemoved: Double
    var maxStringLength: Int
    /// Share of steps that move a recipient's visits towards people they know.
    var continuityRate: Double
    /// Share of the other steps that take the visits at about the same time from a few routes.
    var concurrentRate: Double
    /// Share of the routes a step touches whose break moves to another place that fits.
    var breakMoveRate = 0.0
}

extension RuinSettings {
    /// The ruin a planning run uses.
    init(_ options: HomeCareSolveOptions) {
        self.init(
            averageRemoved: options.averageRemoved, maxStringLength: options.maxStringLength,
            continuityRate: options.continuityRuinRate, concurrentRate: options.concurrentRuinRate,
            breakMoveRate: options.breakMoveRate)
    }
}

extension HomeCareSearchState {
    /// Takes visits out of the plan, one of three ways around a random visit:
    /// - continuity: all the recipient's visits, and room made for each of them (one string per
    ///   staff member it needs) in the day of someone the recipient knows, at that visit's time;
    /// - concurrent: the visits at about that time in its route and one to three others (half of
    ///   them people the recipient knows), so recreating decides anew who makes which;
    /// - strings (SISR): strings of consecutive visits from routes near it.
    ///
    /// Continuity and who-does-what are choices of person, which strings of nearby visits rarely
    /// change; a two-person visit needs room in two days at once. A two-person visit leaves both
    /// routes; locked visits stay. Touched routes get their break placed anew. Returns the removed
    /// visits.
    mutating func ruin(_ settings: RuinSettings, _ data: HomeCareSearchData, _ random: inout SearchRandom) -> [Int] {
        var scratch = RuinScratch(visitCount: data.visitCount, staffCount: data.staffCount)
        var removed: [Int] = []
        ruin(settings, data, &random, scratch: &scratch, removed: &removed)
        return removed
    }

    /// The ruin step in buffers the search keeps from step to step: the removed visits replace
    /// what `removed` held. (A step runs about 100 000 times a second; this one allocates nothing.)
    mutating func ruin(
        _ settings: RuinSettings, _ data: HomeCareSearchData, _ random: inout SearchRandom,
        scratch: inout RuinScratch, removed: inout [Int]
    ) {
        removed.removeAll(keepingCapacity: true)
        scratch.reset()
        var served = 0
        for staff in routeOfVisit where staff >= 0 { served += 1 }
        guard served > 0 else { return }
        var nonEmpty = 0
        for staff in routes.indices where routes[staff].visitCount > 0 { nonEmpty += 1 }
        let averageCardinality = Double(served) / Double(max(1, nonEmpty))
        let stringLengthLimit = max(1, min(Double(settings.maxStringLength), averageCardinality))

        var seed = 0
        repeat { seed = random.below(data.visitCount) } while routeOfVisit[seed] < 0
        let recipient = data.recipient[seed]
        let acquainted = data.acquainted[recipient]
        let continuity = random.unit() < settings.continuityRate && !acquainted.isEmpty
        if continuity {
            for visit in data.visitsOfRecipient[recipient] where routeOfVisit[visit] >= 0 {
                let (staff, position) = place(of: visit, data)
                if !Self.isLocked(visit, data) { scratch.marks.remove(visit, from: staff) }
                let when = routes[staff].timing[position].begin
                // As many people the recipient knows as the visit needs, different ones if there are.
                let first = random.below(acquainted.count)
                for part in 0..<data.partsNeeded[visit] {
                    let known = acquainted[(first + part) % acquainted.count]
                    let length = Int(random.unit() * min(Double(routes[known].count), stringLengthLimit)) + 1
                    removeString(of: length, around: when, in: known, &scratch.marks, data)
                }
            }
        } else if random.unit() < settings.concurrentRate {
            // Concurrent: no strings besides.
            let (seedStaff, seedPosition) = place(of: seed, data)
            let when = routes[seedStaff].timing[seedPosition].begin
            let reach = 60 * (0.5 + random.unit())
            let routeCount = min(data.staffCount, 2 + random.below(3))
            scratch.chosen.append(seedStaff)
            while scratch.chosen.count < routeCount {
                let pick =
                    !acquainted.isEmpty && random.unit() < 0.5
                    ? acquainted[random.below(acquainted.count)] : random.below(data.staffCount)
                if !scratch.chosen.contains(pick) { scratch.chosen.append(pick) }
            }
            for staff in scratch.chosen {
                // By index: a copied route retains its arrays.
                for index in routes[staff].elements.indices {
                    let element = routes[staff].elements[index]
                    let begin = routes[staff].timing[index].begin
                    if element != CareRoute.breakElement && !Self.isLocked(element, data)
                        && begin + data.duration[element] >= when - reach && begin <= when + reach
                    {
                        scratch.marks.remove(element, from: staff)
                    }
                }
                scratch.marks.touched[staff] = true
            }
            return apply(&scratch.marks, settings, data, &random, removed: &removed)
        }
        // Strings (after a continuity step, as many more as the step's string count allows).
        let stringCountLimit = max(1, 4 * settings.averageRemoved / (1 + stringLengthLimit) - 1)
        let stringCount = Int(random.unit() * stringCountLimit) + 1
        var ruinedCount = scratch.marks.touched.count { $0 }
        let neighbours = data.neighbours[seed]
        // The seed, then its neighbours, nearest first.
        for next in -1..<neighbours.count {
            let visit = next < 0 ? seed : neighbours[next]
            if ruinedCount >= stringCount { break }
            if routeOfVisit[visit] < 0 || Self.isLocked(visit, data) { continue }
            let (staff, position) = place(of: visit, data)
            if scratch.marks.touched[staff] { continue }
            let elements = routes[staff].elements
            let length = Int(random.unit() * min(Double(elements.count), stringLengthLimit)) + 1
            let lowest = max(0, position - length + 1)
            let highest = min(position, elements.count - length)
            let start = lowest + random.below(highest - lowest + 1)
            for element in elements[start..<(start + length)]
            where element != CareRoute.breakElement && !Self.isLocked(element, data) {
                scratch.marks.remove(element, from: staff)
            }
            scratch.marks.touched[staff] = true
            ruinedCount += 1
        }
        apply(&scratch.marks, settings, data, &random, removed: &removed)
    }

    /// The route holding a placed visit and its position there; for a two-person visit, the day of
    /// the higher-numbered of its two staff — the day the ruin chose when it scanned every route,
    /// so a seed plans as before (`routeOfVisit` holds whichever day took the visit last).
    private func place(of visit: Int, _ data: HomeCareSearchData) -> (staff: Int, position: Int) {
        var staff = routeOfVisit[visit]
        if data.partsNeeded[visit] > 1 {
            staff = routes.indices.last { routes[$0].elements.contains(visit) }!
        }
        return (staff, routes[staff].elements.firstIndex(of: visit)!)
    }

    /// Marks a string of `length` elements of a route centred on the element beginning nearest `when`.
    private func removeString(
        of length: Int, around when: Double, in staff: Int, _ marks: inout RuinMarks, _ data: HomeCareSearchData
    ) {
        // By index: a copied route retains its arrays.
        let count = routes[staff].count
        guard count > 0 else { return }
        var nearest = 0
        for index in 1..<count
        where abs(routes[staff].timing[index].begin - when) < abs(routes[staff].timing[nearest].begin - when) {
            nearest = index
        }
        let start = max(0, min(nearest - length / 2, count - length))
        for index in start..<(start + length) {
            let element = routes[staff].elements[index]
            if element != CareRoute.breakElement && !Self.isLocked(element, data) {
                marks.remove(element, from: staff)
            }
        }
        marks.touched[staff] = true
    }

    /// Takes the marked visits out of every route (the other staff member of a two-person visit
    /// loses it too) and frees their chosen starts. Some touched routes have their break moved:
    /// otherwise a break stays where the first plan put it, and at a busy midday, when everyone's
    /// break window is open, a two-person visit can find no two days free at once.
    private mutating func apply(
        _ marks: inout RuinMarks, _ settings: RuinSettings, _ data: HomeCareSearchData,
        _ random: inout SearchRandom, removed: inout [Int]
    ) {
        for visit in 0..<data.visitCount where marks.removed[visit] {
            removed.append(visit)
            fixedStart[visit] = data.pinnedStart[visit]
            // The other staff member of a two-person visit loses it too.
            if data.partsNeeded[visit] > 1 {
                for staff in routes.indices where !marks.touched[staff] && routes[staff].elements.contains(visit) {
                    marks.touched[staff] = true
                }
            }
        }
        for staff in routes.indices where marks.touched[staff] {
            // A feasible day stays feasible as visits leave it (see `CareRoute`), so whether its
            // break moves can be drawn first, and the break taken out with the visits at once.
            let feasibleWithBreak = data.hasBreak[staff] && routes[staff].breakPosition != nil && routes[staff].feasible
            let breakMoves = feasibleWithBreak && settings.breakMoveRate > 0 && random.unit() < settings.breakMoveRate
            removeVisits(from: staff, where: { marks.removed[$0] }, data, withBreak: breakMoves)
            if breakMoves { putBreakAtRandom(staff, data, &random) }
            guard data.hasBreak[staff], !feasibleWithBreak else { continue }
            // A day that had no break, or did not fit with it (a first plan): decided after the removal.
            if routes[staff].breakPosition == nil || !routes[staff].feasible {
                placeBreak(staff, data)
            } else if settings.breakMoveRate > 0, random.unit() < settings.breakMoveRate {
                moveBreak(staff, data, &random)
            }
        }
    }
}

/// The buffers of a ruin step, kept by a search chain from step to step.
struct RuinScratch {
    var marks: RuinMarks
    /// The routes a concurrent step takes visits from.
    var chosen: [Int] = []

    init(visitCount: Int, staffCount: Int) {
        marks = RuinMarks(visitCount: visitCount, staffCount: staffCount)
    }

    mutating func reset() {
        marks.reset()
        chosen.removeAll(keepingCapacity: true)
    }
}

/// What a ruin step has chosen so far: visits to take out, and routes to touch.
struct RuinMarks {
    var removed: [Bool]
    var touched: [Bool]

    init(visitCount: Int, staffCount: Int) {
        removed = [Bool](repeating: false, count: visitCount)
        touched = [Bool](repeating: false, count: staffCount)
    }

    mutating func remove(_ visit: Int, from staff: Int) {
        removed[visit] = true
        touched[staff] = true
    }

    mutating func reset() {
        for index in removed.indices { removed[index] = false }
        for index in touched.indices { touched[index] = false }
    }
}
