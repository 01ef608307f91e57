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
        var routeOf = [Int](repeating: -1, count: data.visitCount)
        var positionOf = [Int](repeating: 0, count: data.visitCount)
        var served = 0
        var nonEmpty = 0
        // By index, not `for route in routes`: a copied route retains its six arrays.
        for staff in routes.indices {
            if routes[staff].visitCount > 0 { nonEmpty += 1 }
            for position in routes[staff].elements.indices {
                let visit = routes[staff].elements[position]
                if visit == CareRoute.breakElement { continue }
                if routeOf[visit] < 0 { served += 1 }
                routeOf[visit] = staff
                positionOf[visit] = position
            }
        }
        guard served > 0 else { return [] }
        let averageCardinality = Double(served) / Double(max(1, nonEmpty))
        let stringLengthLimit = max(1, min(Double(settings.maxStringLength), averageCardinality))

        var seed = 0
        repeat { seed = random.below(data.visitCount) } while routeOf[seed] < 0
        var marks = RuinMarks(data)
        let recipient = data.recipient[seed]
        let acquainted = data.acquainted[recipient]
        let continuity = random.unit() < settings.continuityRate && !acquainted.isEmpty
        if continuity {
            for visit in data.visitsOfRecipient[recipient] where routeOf[visit] >= 0 {
                if !Self.isLocked(visit, data) { marks.remove(visit, from: routeOf[visit]) }
                let when = routes[routeOf[visit]].begin[positionOf[visit]]
                // As many people the recipient knows as the visit needs, different ones if there are.
                let first = random.below(acquainted.count)
                for part in 0..<data.partsNeeded[visit] {
                    let known = acquainted[(first + part) % acquainted.count]
                    let length = Int(random.unit() * min(Double(routes[known].count), stringLengthLimit)) + 1
                    removeString(of: length, around: when, in: known, &marks, data)
                }
            }
        } else if random.unit() < settings.concurrentRate {
            // Concurrent: no strings besides.
            let when = routes[routeOf[seed]].begin[positionOf[seed]]
            let reach = 60 * (0.5 + random.unit())
            let routeCount = min(data.staffCount, 2 + random.below(3))
            var chosen = [routeOf[seed]]
            while chosen.count < routeCount {
                let pick =
                    !acquainted.isEmpty && random.unit() < 0.5
                    ? acquainted[random.below(acquainted.count)] : random.below(data.staffCount)
                if !chosen.contains(pick) { chosen.append(pick) }
            }
            for staff in chosen {
                let route = routes[staff]
                for (index, element) in route.elements.enumerated()
                where element != CareRoute.breakElement && !Self.isLocked(element, data)
                    && route.begin[index] + data.duration[element] >= when - reach
                    && route.begin[index] <= when + reach
                {
                    marks.remove(element, from: staff)
                }
                marks.touched[staff] = true
            }
            return apply(marks, settings, data, &random)
        }
        // Strings (after a continuity step, as many more as the step's string count allows).
        let stringCountLimit = max(1, 4 * settings.averageRemoved / (1 + stringLengthLimit) - 1)
        let stringCount = Int(random.unit() * stringCountLimit) + 1
        var ruinedCount = marks.touched.count { $0 }
        for visit in CollectionOfOne(seed) + data.neighbours[seed] {
            if ruinedCount >= stringCount { break }
            let staff = routeOf[visit]
            if staff < 0 || marks.touched[staff] || Self.isLocked(visit, data) { continue }
            let elements = routes[staff].elements
            let length = Int(random.unit() * min(Double(elements.count), stringLengthLimit)) + 1
            let position = positionOf[visit]
            let lowest = max(0, position - length + 1)
            let highest = min(position, elements.count - length)
            let start = lowest + random.below(highest - lowest + 1)
            for element in elements[start..<(start + length)]
            where element != CareRoute.breakElement && !Self.isLocked(element, data) {
                marks.remove(element, from: staff)
            }
            marks.touched[staff] = true
            ruinedCount += 1
        }
        return apply(marks, settings, data, &random)
    }

    /// Marks a string of `length` elements of a route centred on the element beginning nearest `when`.
    private func removeString(
        of length: Int, around when: Double, in staff: Int, _ marks: inout RuinMarks, _ data: HomeCareSearchData
    ) {
        let route = routes[staff]
        guard route.count > 0 else { return }
        let nearest = route.begin.indices.min { abs(route.begin[$0] - when) < abs(route.begin[$1] - when) }!
        let start = max(0, min(nearest - length / 2, route.count - length))
        for element in route.elements[start..<(start + length)]
        where element != CareRoute.breakElement && !Self.isLocked(element, data) {
            marks.remove(element, from: staff)
        }
        marks.touched[staff] = true
    }

    /// Takes the marked visits out of every route (the other staff member of a two-person visit
    /// loses it too) and frees their chosen starts. Some touched routes have their break moved:
    /// otherwise a break stays where the first plan put it, and at a busy midday, when everyone's
    /// break window is open, a two-person visit can find no two days free at once.
    private mutating func apply(
        _ marks: RuinMarks, _ settings: RuinSettings, _ data: HomeCareSearchData, _ random: inout SearchRandom
    ) -> [Int] {
        var touched = marks.touched
        for staff in routes.indices where !touched[staff] {
            if routes[staff].elements.contains(where: { $0 != CareRoute.breakElement && marks.removed[$0] }) {
                touched[staff] = true
            }
        }
        var removed: [Int] = []
        for visit in 0..<data.visitCount where marks.removed[visit] {
            removed.append(visit)
            fixedStart[visit] = data.pinnedStart[visit]
        }
        for staff in routes.indices where touched[staff] {
            removeVisits(from: staff, where: { marks.removed[$0] }, data)
            guard data.hasBreak[staff] else { continue }
            if routes[staff].breakPosition == nil || !routes[staff].feasible {
                placeBreak(staff, data)
            } else if settings.breakMoveRate > 0, random.unit() < settings.breakMoveRate {
                moveBreak(staff, data, &random)
            }
        }
        return removed
    }
}

/// What a ruin step has chosen so far: visits to take out, and routes to touch.
struct RuinMarks {
    var removed: [Bool]
    var touched: [Bool]

    init(_ data: HomeCareSearchData) {
        removed = [Bool](repeating: false, count: data.visitCount)
        touched = [Bool](repeating: false, count: data.staffCount)
    }

    mutating func remove(_ visit: Int, from staff: Int) {
        removed[visit] = true
        touched[staff] = true
    }
}
