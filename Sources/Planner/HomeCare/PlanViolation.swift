/// A hard rule a plan breaks, in words a leader understands (bokmål and English).
public struct PlanViolation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case unknownVisit, unknownStaff, visitNotPlanned, wrongStaffCount, sameStaffTwice
        case outsideWindows, tooEarly, twoPersonNotTogether, pinnedStaff, pinnedTime
        case competence, excluded, otherZone, breakMissing, breakOutsideWindow, breakOverlaps, dayTooLong
    }

    public var kind: Kind
    public var visitID: String?
    public var staffID: String?
    public var english: String
    public var norwegian: String
    public var description: String { english }
}

extension HomeCarePlanner {
    /// Every hard rule the plan breaks; empty when it is feasible. Works on any plan, also one a
    /// leader edited by hand: times are taken as given, not recomputed.
    public static func check(_ problem: HomeCareProblem, _ plan: HomeCarePlan) -> [PlanViolation] {
        var violations: [PlanViolation] = []
        func add(
            _ kind: PlanViolation.Kind, visit: String? = nil, staff: String? = nil, _ english: String,
            _ norwegian: String
        ) {
            violations.append(
                PlanViolation(kind: kind, visitID: visit, staffID: staff, english: english, norwegian: norwegian))
        }
        let visits = Dictionary(problem.visits.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let shifts = Dictionary(problem.staff.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var madeBy: [String: [(staff: String, start: Double)]] = [:]
        let epsilon = 1e-6

        for day in plan.days {
            guard let shift = shifts[day.staffID] else {
                add(
                    .unknownStaff, staff: day.staffID, "\(day.staffID) is not on shift",
                    "\(day.staffID) er ikke på vakt")
                continue
            }
            let who = shift.name
            var time = Double(shift.shiftStart)
            var place = shift.startPlace
            // The break is taken between two places: on arrival at the next one if it begins
            // after the travel there, otherwise before setting off.
            func takeBreak(arrivingAt next: Place) {
                guard let rule = shift.breakRule, let start = day.breakStart else { return }
                let travel = problem.travel.minutes(from: place, to: next, mode: shift.travelMode)
                let travelledFirst = start >= time + travel - epsilon
                place = next
                defer { if !travelledFirst { time += travel } }
                let window = rule.window
                if start < Double(window.start) - epsilon || start > Double(window.end) + epsilon {
                    add(
                        .breakOutsideWindow, staff: shift.id, "\(who)'s break is outside its window",
                        "pausen til \(who) er utenfor tidsvinduet")
                }
                if start < time - epsilon {
                    add(
                        .breakOverlaps, staff: shift.id, "\(who)'s break begins before they can be there",
                        "pausen til \(who) begynner før vedkommende kan være der")
                }
                time = max(time, start) + Double(rule.lengthMinutes)
            }
            if shift.breakRule != nil, day.breakStart == nil || day.breakAfterStops == nil {
                add(.breakMissing, staff: shift.id, "\(who) has no break", "\(who) har ingen pause")
            }
            for (index, stop) in day.stops.enumerated() {
                guard let visit = visits[stop.visitID] else {
                    add(
                        .unknownVisit, visit: stop.visitID, "visit \(stop.visitID) does not exist",
                        "besøket \(stop.visitID) finnes ikke")
                    continue
                }
                if day.breakAfterStops == index { takeBreak(arrivingAt: visit.place) }
                madeBy[visit.id, default: []].append((shift.id, stop.start))
                let arrival = time + problem.travel.minutes(from: place, to: visit.place, mode: shift.travelMode)
                if stop.start < arrival - epsilon {
                    add(
                        .tooEarly, visit: visit.id, staff: shift.id,
                        "\(who) cannot be at \(visit.id) by \(clock(stop.start)); the earliest is \(clock(arrival))",
                        "\(who) rekker ikke \(visit.id) kl. \(clock(stop.start)); tidligst kl. \(clock(arrival))")
                }
                if !visit.windows.contains(where: {
                    stop.start >= Double($0.start) - epsilon && stop.start <= Double($0.end) + epsilon
                }) {
                    add(
                        .outsideWindows, visit: visit.id, staff: shift.id,
                        "\(visit.id) begins at \(clock(stop.start)), outside its time windows",
                        "\(visit.id) begynner kl. \(clock(stop.start)), utenfor tidsvinduene")
                }
                if let pinned = visit.pinnedStart, abs(stop.start - Double(pinned)) > epsilon {
                    add(
                        .pinnedTime, visit: visit.id, staff: shift.id,
                        "\(visit.id) is locked to \(clock(Double(pinned)))",
                        "\(visit.id) er låst til kl. \(clock(Double(pinned)))")
                }
                if visit.excludedStaffIDs.contains(shift.id) {
                    add(
                        .excluded, visit: visit.id, staff: shift.id, "\(who) must not make \(visit.id)",
                        "\(who) skal ikke gå til \(visit.id)")
                }
                if let zone = visit.zoneID, let own = shift.zoneID, zone != own, !shift.lendableZoneIDs.contains(zone) {
                    add(
                        .otherZone, visit: visit.id, staff: shift.id, "\(who) is not lent to the zone of \(visit.id)",
                        "\(who) er ikke lånt ut til sonen til \(visit.id)")
                }
                time = stop.start + Double(visit.durationMinutes)
                place = visit.place
            }
            if day.breakAfterStops == day.stops.count { takeBreak(arrivingAt: shift.endPlace) }
            let back = time + problem.travel.minutes(from: place, to: shift.endPlace, mode: shift.travelMode)
            if back > Double(shift.shiftStart + shift.maxWorkingMinutes) + epsilon {
                add(
                    .dayTooLong, staff: shift.id,
                    "\(who)'s day ends at \(clock(back)), beyond the longest working time",
                    "dagen til \(who) slutter kl. \(clock(back)), over lengste arbeidstid")
            }
        }

        let unassigned = Set(plan.unassignedVisitIDs)
        for visit in problem.visits {
            let made = madeBy[visit.id] ?? []
            if made.isEmpty {
                if !unassigned.contains(visit.id) {
                    add(
                        .visitNotPlanned, visit: visit.id, "\(visit.id) is neither planned nor listed as unassigned",
                        "\(visit.id) er verken planlagt eller ført opp som ikke tildelt")
                }
                continue
            }
            let staffIDs = made.map(\.staff)
            if Set(staffIDs).count < staffIDs.count {
                add(
                    .sameStaffTwice, visit: visit.id, "\(visit.id) is planned twice for the same person",
                    "\(visit.id) er planlagt to ganger for samme person")
            }
            if made.count != visit.staffCount {
                add(
                    .wrongStaffCount, visit: visit.id, "\(visit.id) needs \(visit.staffCount) staff, has \(made.count)",
                    "\(visit.id) trenger \(visit.staffCount) ansatte, har \(made.count)")
            }
            if let first = made.first, made.contains(where: { abs($0.start - first.start) > epsilon }) {
                add(
                    .twoPersonNotTogether, visit: visit.id, "the two staff at \(visit.id) do not begin together",
                    "de to ansatte hos \(visit.id) begynner ikke samtidig")
            }
            let held = staffIDs.reduce(into: Set<String>()) { $0.formUnion(shifts[$1]?.competences ?? []) }
            let missing = visit.requiredCompetences.subtracting(held)
            if !missing.isEmpty {
                add(
                    .competence, visit: visit.id,
                    "\(visit.id) needs \(visit.requiredCompetences.sorted().joined(separator: ", "))",
                    "\(visit.id) krever \(visit.requiredCompetences.sorted().joined(separator: ", "))")
            }
            for pinned in visit.pinnedStaffIDs where !staffIDs.contains(pinned) {
                add(
                    .pinnedStaff, visit: visit.id, staff: pinned, "\(visit.id) is locked to \(pinned)",
                    "\(visit.id) er låst til \(pinned)")
            }
        }
        return violations
    }

    /// "07:05" for minutes after midnight.
    public static func clock(_ minutes: Double) -> String {
        let whole = Int(minutes.rounded(.down))
        let hours = whole / 60
        let rest = whole % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}
