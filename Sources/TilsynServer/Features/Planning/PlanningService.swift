import Fluent
import Foundation
import Planner
import TilsynCore

/// Plans a zone's or a unit's shift: builds the planner's problem from the database (the date's
/// visits of the recipients in the shift, the staff on that shift, who met whom in the last 14
/// days; in a unit, staff may be lent between its zones), runs the planner, and stores the result
/// on the visits and as a plan run.
struct PlanningService {
    let database: any Database

    /// What a problem was built from, to map the planner's answer back.
    struct Day {
        var scope: PlanningScope
        /// The zones planned (one, or every zone of the unit), by name.
        var zones: [ZoneModel]
        var unitID: UUID
        var date: LocalDate
        var shift: ShiftKind
        var problem: HomeCareProblem
        var visits: [UUID: VisitModel]
        var staff: [UUID: StaffMember]
        var recipients: [UUID: RecipientModel]
        /// Staff on shift who are away from a minute within it (a sick call during the shift).
        var absentFrom: [UUID: Int] = [:]

        var zoneNames: [UUID: String] { Dictionary(uniqueKeysWithValues: zones.map { ($0.id!, $0.name) }) }
    }

    static let continuityDays = 14

    func day(zoneID: UUID, date: LocalDate, shift: ShiftKind) async throws -> Day? {
        try await day(.zone(zoneID), date: date, shift: shift)
    }

    func day(_ scope: PlanningScope, date: LocalDate, shift: ShiftKind) async throws -> Day? {
        let zones: [ZoneModel]
        let unitID: UUID
        switch scope {
        case .zone(let id):
            guard let zone = try await ZoneModel.find(id, on: database) else { return nil }
            zones = [zone]
            unitID = zone.$unit.id
        case .unit(let id):
            zones = try await ZoneModel.query(on: database).filter(\.$unit.$id == id).sort(\.$name).all()
            guard !zones.isEmpty else { return nil }
            unitID = id
        }
        let zoneIDs = zones.map { $0.id! }
        let recipients = try await RecipientModel.query(on: database).filter(\.$zone.$id ~~ zoneIDs).all()
        let recipientByID = Dictionary(uniqueKeysWithValues: recipients.map { ($0.id!, $0) })
        let visits = try await VisitModel.query(on: database)
            .filter(\.$date == date.description).filter(\.$recipient.$id ~~ Array(recipientByID.keys))
            .sort(\.$windowStart).all()
            .filter { ShiftKind.of(windowStart: $0.windowStart) == shift }
        let zoneStaff = try await StaffMemberModel.query(on: database).filter(\.$zone.$id ~~ zoneIDs).all()
            .map(\.domain)
        // The roster is made zone by zone, so a unit's plan has the same people on shift as its zones'.
        let kept = try await RosterStore(database: database).roster(of: zoneStaff.map(\.id), on: date)
        var roster: [UUID: ShiftKind] = [:]
        for zoneID in zoneIDs {
            roster.merge(kept.shifts(of: zoneStaff.filter { $0.zoneID == zoneID }, on: date)) { a, _ in a }
        }
        let rostered = zoneStaff.filter { roster[$0.id] == shift }
        // Absences: away before the shift begins means off the shift; away during it ends it there.
        var absentFrom: [UUID: Int] = [:]
        for absence in try await AbsenceModel.query(on: database).filter(\.$staff.$id ~~ rostered.map(\.id))
            .filter(\.$firstDate <= date.description).filter(\.$lastDate >= date.description).all()
        {
            guard let from = absence.awayFrom(on: date) else { continue }
            absentFrom[absence.$staff.id] = min(absentFrom[absence.$staff.id] ?? .max, from)
        }
        let staff = rostered.filter { (absentFrom[$0.id] ?? .max) > shift.start }
            .sorted { $0.employeeNumber < $1.employeeNumber }
        absentFrom = absentFrom.filter { $0.value > shift.start && $0.value < shift.end }
        let onShift = Set(staff.map(\.id))

        // Each zone's base: the middle of its recipients' homes.
        var bases: [UUID: Place] = [:]
        for zoneID in zoneIDs {
            let homes = recipients.filter { $0.$zone.id == zoneID }
            let count = Double(max(1, homes.count))
            bases[zoneID] = Place(
                latitude: homes.reduce(0) { $0 + $1.latitude } / count,
                longitude: homes.reduce(0) { $0 + $1.longitude } / count)
        }
        let shifts = staff.compactMap { member -> StaffShift? in
            guard let zoneID = member.zoneID, let base = bases[zoneID] else { return nil }
            let end = min(shift.end, absentFrom[member.id] ?? .max)
            return StaffShift(
                id: member.id.uuidString, name: "\(member.givenName) \(member.familyName)",
                shiftStart: shift.start, shiftEnd: end, startPlace: base,
                competences: Set(member.competences.map(\.rawValue)),
                // A day cut short before the break window closes has no break to plan.
                breakRule: end < shift.breakWindow.end
                    ? nil
                    : BreakRule(
                        window: MinuteWindow(shift.breakWindow.start, shift.breakWindow.end),
                        lengthMinutes: shift.breakMinutes),
                zoneID: zoneID.uuidString,
                lendableZoneIDs: Set(zoneIDs.filter { $0 != zoneID }.map(\.uuidString)))
        }
        let careVisits = visits.compactMap { visit -> CareVisit? in
            guard let recipient = recipientByID[visit.$recipient.id] else { return nil }
            let primary = recipient.$primaryContact.id.flatMap { onShift.contains($0) ? $0.uuidString : nil }
            return CareVisit(
                id: visit.id!.uuidString, recipientID: recipient.id!.uuidString,
                place: Place(latitude: recipient.latitude, longitude: recipient.longitude),
                durationMinutes: visit.durationMinutes, windows: [MinuteWindow(visit.windowStart, visit.windowEnd)],
                requiredCompetences: Set(visit.requiredCompetences), staffCount: visit.staffCount,
                preferredStaffIDs: primary.map { [$0] } ?? [], zoneID: recipient.$zone.id.uuidString)
        }

        // Who met whom in the continuity period before this date.
        var recent: [String: Set<String>] = [:]
        let earlier = try await VisitModel.query(on: database)
            .filter(\.$recipient.$id ~~ Array(recipientByID.keys))
            .filter(\.$date >= date.adding(days: -Self.continuityDays).description)
            .filter(\.$date < date.description).all()
        for visit in earlier {
            for staffID in visit.assignedStaffIDs {
                recent[visit.$recipient.id.uuidString, default: []].insert(staffID.uuidString)
            }
        }
        return Day(
            scope: scope, zones: zones, unitID: unitID, date: date, shift: shift,
            problem: HomeCareProblem(visits: careVisits, staff: shifts, recentCaregivers: recent),
            visits: Dictionary(uniqueKeysWithValues: visits.map { ($0.id!, $0) }),
            staff: Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0) }), recipients: recipientByID,
            absentFrom: absentFrom)
    }

    /// How the server plans: within `seconds`, on two search threads where the machine has two
    /// cores (a leader waits for the plan, so a better plan in the same wait is worth both).
    static func solveOptions(seconds: Double) -> HomeCareSolveOptions {
        var options = HomeCareSolveOptions(budget: .seconds(seconds))
        options.threads = min(2, ProcessInfo.processInfo.activeProcessorCount)
        return options
    }

    /// Plans the day within `seconds` and stores it: staff and start on every visit, the run with
    /// its objective and the reasons for what was left out.
    func plan(_ day: Day, seconds: Double, by staffID: UUID?) async throws -> PlanRunModel {
        let problem = day.problem
        let result = try await Task.detached(priority: .userInitiated) {
            try HomeCarePlanner.solve(problem, options: Self.solveOptions(seconds: seconds))
        }.value
        return try await store(result, day, by: staffID)
    }

    /// The plan as stored: each staff member's visits by planned start, and their break.
    func currentPlan(_ day: Day, run: PlanRunModel?) -> HomeCarePlan {
        let breaks = Dictionary((run?.breaks ?? []).map { ($0.staffID, $0.start) }, uniquingKeysWith: { a, _ in a })
        let days = day.staff.keys.sorted { $0.uuidString < $1.uuidString }.map { staffID in
            let stops = day.visits.values.filter { $0.assignedStaffIDs.contains(staffID) && $0.plannedStart != nil }
                .sorted { $0.plannedStart! < $1.plannedStart! }
                .map { PlannedStop(visitID: $0.id!.uuidString, start: $0.plannedStart!) }
            let pause = breaks[staffID]
            return StaffDay(
                staffID: staffID.uuidString, stops: stops,
                breakAfterStops: pause.map { start in stops.filter { $0.start < start }.count }, breakStart: pause)
        }
        return HomeCarePlan(
            days: days,
            unassignedVisitIDs: day.visits.values.filter { $0.plannedStart == nil }.map { $0.id!.uuidString })
    }

    func store(
        _ result: HomeCareResult, _ day: Day, by staffID: UUID?, note: (PlanRunModel) -> Void = { _ in },
        alongside: @escaping @Sendable (any Database) async throws -> Void = { _ in }
    ) async throws -> PlanRunModel {
        let run = PlanRunModel()
        run.$zone.id = day.zones[0].id!
        if case .unit(let unitID) = day.scope { run.$unit.id = unitID }
        run.date = day.date.description
        run.shift = day.shift.rawValue
        run.createdAt = Date()
        run.$createdBy.id = staffID
        run.seconds = result.seconds
        run.iterations = result.iterations
        run.objective = result.objective
        run.unassigned = result.plan.unassignedVisitIDs.compactMap { id in
            guard let visitID = UUID(uuidString: id) else { return nil }
            let explanation = HomeCarePlanner.explain(day.problem, result.plan, visitID: id)
            return UnassignedVisit(visitID: visitID, norwegian: explanation.norwegian, english: explanation.english)
        }
        run.breaks = result.plan.days.compactMap { day in
            guard let start = day.breakStart, let staffID = UUID(uuidString: day.staffID) else { return nil }
            return StaffBreak(staffID: staffID, start: start)
        }
        note(run)
        let assignments = result.plan.assignments
        try await database.writeTransaction { database in
            for (id, visit) in day.visits {
                let made = assignments[id.uuidString]
                visit.assignedStaffIDs = made?.staffIDs.compactMap(UUID.init(uuidString:)) ?? []
                visit.plannedStart = made?.start
                try await visit.save(on: database)
            }
            try await run.save(on: database)
            try await alongside(database)
        }
        return run
    }

    /// The plan run in force for the day's scope, and whether a plan of the other scope made later
    /// overrides it (see `ScopeConflict`).
    func latestRun(_ day: Day) async throws -> (run: PlanRunModel?, conflict: ScopeConflict?) {
        func newest(_ query: QueryBuilder<PlanRunModel>) async throws -> PlanRunModel? {
            try await query.filter(\.$date == day.date.description).filter(\.$shift == day.shift.rawValue)
                .sort(\.$createdAt, .descending).first()
        }
        let unitRun = try await newest(PlanRunModel.query(on: database).filter(\.$unit.$id == day.unitID))
        let zoneIDs = day.zones.map { $0.id! }
        let zoneRun = try await newest(
            PlanRunModel.query(on: database).filter(\.$zone.$id ~~ zoneIDs).filter(\.$unit.$id == nil))
        switch day.scope {
        case .zone:
            if let unitRun, zoneRun.map({ unitRun.createdAt > $0.createdAt }) ?? true {
                return (unitRun, .plannedForUnit(unitID: day.unitID))
            }
            return (zoneRun, nil)
        case .unit:
            if let zoneRun, unitRun.map({ zoneRun.createdAt > $0.createdAt }) ?? true {
                return (unitRun, .plannedByZone)
            }
            return (unitRun, nil)
        }
    }
}
