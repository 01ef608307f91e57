import Fluent
import Foundation
import Planner
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct PlanningTests {
        /// A zone with visits and staff on the day shift today.
        func busyZone(_ app: Application) async throws -> (zone: ZoneModel, day: PlanningService.Day) {
            _ = try await VisitService(database: app.db, expiryNoticeDays: 14).generate(on: app.today)
            let service = PlanningService(database: app.db)
            for zone in try await ZoneModel.query(on: app.db).sort(\.$name).all() {
                if let day = try await service.day(zoneID: zone.id!, date: app.today, shift: .day),
                    !day.problem.visits.isEmpty, day.problem.staff.count >= 2
                {
                    return (zone, day)
                }
            }
            throw TestFailure("no zone with visits and staff on the day shift")
        }

        /// A busy zone's day shift, planned from the page; the form that names the shift.
        /// Moves by hand, widest windows first, each visit to each colleague with the competence, until
        /// one is made (a busy day may leave a given visit nowhere to go); `refused` sees the others.
        func firstMove(
            _ app: Application, _ visits: [VisitModel], _ day: PlanningService.Day, _ form: [String: Any],
            refused: (TestingHTTPResponse) -> Void
        ) async throws -> (visit: UUID, to: UUID)? {
            let candidates = visits.sorted { $0.windowEnd - $0.windowStart > $1.windowEnd - $1.windowStart }.prefix(15)
            for candidate in candidates {
                let holder = candidate.assignedStaffIDs.first
                let competences = Set(candidate.requiredCompetences.compactMap(Competence.init(rawValue:)))
                for other in day.staff.values where other.id != holder && other.competences.isSuperset(of: competences)
                {
                    var move = form
                    move["visit"] = candidate.id!.uuidString
                    move["staff"] = other.id.uuidString
                    let response = try await app.send(
                        .POST, "/planning/move", json: move, headers: ["Accept": "application/json"])
                    if response.status == .seeOther { return (candidate.id!, other.id) }
                    refused(response)
                }
            }
            return nil
        }

        func plannedZone(_ app: Application) async throws -> (ZoneModel, PlanningService.Day, [String: Any]) {
            let (zone, day) = try await busyZone(app)
            let form: [String: Any] = ["zone": zone.id!.uuidString, "date": app.today.description, "shift": "day"]
            _ = try await app.send(.POST, "/planning", json: form)
            return (zone, day, form)
        }

        struct TestFailure: Error, CustomStringConvertible {
            var description: String
            init(_ description: String) { self.description = description }
        }

        @Test func theProblemIsBuiltFromTheZonesVisitsAndStaffOnShift() async throws {
            try await withTilsyn(demoRecipients: 40) { app in
                let (zone, day) = try await busyZone(app)
                #expect(day.problem.problems().isEmpty)
                for visit in day.visits.values {
                    #expect(ShiftKind.of(windowStart: visit.windowStart) == .day)
                    #expect(day.recipients[visit.$recipient.id]?.$zone.id == zone.id)
                }
                let zoneStaff = try await StaffMemberModel.query(on: app.db).filter(\.$zone.$id == zone.id!).all()
                let roster = DefaultRoster.shifts(of: zoneStaff.map(\.domain), on: app.today)
                for member in day.staff.values {
                    #expect(member.zoneID == zone.id)
                    #expect(roster[member.id] == .day)
                }
                #expect(day.staff.values.contains { $0.role == .nurse }, "every shift has a nurse")
            }
        }

        @Test func planningStoresStaffAndTimesThatPassTheCheck() async throws {
            try await withTilsyn(demoRecipients: 40) { app in
                let (_, day) = try await busyZone(app)
                let run = try await PlanningService(database: app.db).plan(day, seconds: 0.3, by: nil)
                let stored = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                #expect(run.breaks.count == day.staff.count, "everyone on shift has a break")
                let breaks = Dictionary(run.breaks.map { ($0.staffID, $0.start) }, uniquingKeysWith: { a, _ in a })
                let plan = HomeCarePlan(
                    days: day.staff.keys.map { staffID in
                        let stops = stored.filter { $0.assignedStaffIDs.contains(staffID) && $0.plannedStart != nil }
                            .sorted { $0.plannedStart! < $1.plannedStart! }
                            .map { PlannedStop(visitID: $0.id!.uuidString, start: $0.plannedStart!) }
                        let pause = breaks[staffID]
                        return StaffDay(
                            staffID: staffID.uuidString, stops: stops,
                            breakAfterStops: pause.map { start in stops.filter { $0.start < start }.count },
                            breakStart: pause)
                    },
                    unassignedVisitIDs: stored.filter { $0.plannedStart == nil }.map { $0.id!.uuidString })
                // What was stored passes the planner's own check, breaks included.
                let broken = HomeCarePlanner.check(day.problem, plan)
                #expect(broken.isEmpty, "\(broken.prefix(3))")
                #expect(run.unassigned.count == plan.unassignedVisitIDs.count)
                for visit in stored where visit.plannedStart != nil {
                    #expect(visit.assignedStaffIDs.count == visit.staffCount)
                }
            }
        }

        @Test func theLeaderPlansFromThePageAndSeesTheWorkLists() async throws {
            try await withTilsyn(demoRecipients: 40) { app in
                app.tilsyn.planningSeconds = 0.3
                let (zone, day) = try await busyZone(app)
                let before = try await app.send(.GET, "/planning?zone=\(zone.id!)&date=\(app.today)&shift=day")
                #expect(before.status == .ok)
                #expect(before.text.contains("Vakten er ikke planlagt ennå."))
                let posted = try await app.send(
                    .POST, "/planning",
                    json: ["zone": zone.id!.uuidString, "date": app.today.description, "shift": "day"])
                #expect(posted.status == .seeOther)
                let after = try await app.send(.GET, "/planning?zone=\(zone.id!)&date=\(app.today)&shift=day")
                #expect(after.text.contains("Planlegg på nytt"))
                let someone = try #require(day.staff.values.first)
                #expect(after.text.contains("\(someone.givenName) \(someone.familyName)"))
                #expect(after.text.contains("class=\"timeline-visit"))
                #expect(after.text.contains("class=\"timeline-break"))
            }
        }

        @Test func aSickCallRePlansTheRestOfTheShift() async throws {
            try await withTilsyn(demoRecipients: 60) { app in
                app.tilsyn.planningSeconds = 0.3
                let (zone, day, form) = try await plannedZone(app)
                // The person with the most visits after 10:00 calls in sick at 10:00.
                let planned = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                let absent = try #require(
                    day.staff.keys.max { a, b in
                        planned.filter { $0.assignedStaffIDs.contains(a) && ($0.plannedStart ?? 0) >= 600 }.count
                            < planned.filter { $0.assignedStaffIDs.contains(b) && ($0.plannedStart ?? 0) >= 600 }.count
                    })
                var sick = form
                sick["staff"] = absent.uuidString
                sick["from"] = "10:00"
                let response = try await app.send(.POST, "/planning/absence", json: sick)
                #expect(response.status == .seeOther)
                let after = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                #expect(!after.contains { $0.assignedStaffIDs.contains(absent) && ($0.plannedStart ?? 0) >= 600 })
                let begun = planned.filter { ($0.plannedStart ?? 9999) < 600 }
                for visit in begun {
                    let now = after.first { $0.id == visit.id }
                    #expect(now?.plannedStart == visit.plannedStart, "begun visits stay as they were")
                }
                // Everyone who got one of the absent person's visits is told, and so are they.
                let notices = try await StaffNoticeModel.query(on: app.db).all()
                let moved = after.filter { visit in
                    planned.first { $0.id == visit.id }?.assignedStaffIDs.contains(absent) == true
                        && (visit.plannedStart ?? 0) >= 600
                }
                for visit in moved {
                    for staffID in visit.assignedStaffIDs {
                        #expect(notices.contains { $0.$staff.id == staffID && $0.norwegian.hasPrefix("Du har fått") })
                    }
                }
                #expect(notices.contains { $0.$staff.id == absent && $0.norwegian.contains("tatt av listen din") })
                let page = try await app.send(.GET, "/planning?zone=\(zone.id!)&date=\(app.today)&shift=day")
                #expect(page.text.contains("Fravær (egenmelding): "))
                #expect(page.text.contains("borte fra kl. 10:00"))
                let absences = try await AbsenceModel.query(on: app.db).all()
                #expect(absences.count == 1)
                #expect(absences.first?.$staff.id == absent && absences.first?.fromMinute == 600)
                #expect(absences.first?.kind == AbsenceKind.selfCertified.rawValue)
                // Planning the whole shift again keeps them out after 10:00.
                _ = try await app.send(.POST, "/planning", json: form)
                let again = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                for visit in again where visit.assignedStaffIDs.contains(absent) {
                    #expect((visit.plannedStart ?? 0) + Double(visit.durationMinutes) <= 600)
                }
                // Tomorrow too, when the absence runs through tomorrow.
                let service = PlanningService(database: app.db)
                let tomorrowBefore = try #require(
                    try await service.day(zoneID: zone.id!, date: app.today.adding(days: 1), shift: .day))
                let away = try #require(day.staff.keys.first { $0 != absent && tomorrowBefore.staff[$0] != nil })
                var longer = sick
                longer["staff"] = away.uuidString
                longer["kind"] = "doctorCertified"
                longer["until"] = app.today.adding(days: 1).description
                _ = try await app.send(.POST, "/planning/absence", json: longer)
                let tomorrow = try await service.day(zoneID: zone.id!, date: app.today.adding(days: 1), shift: .day)
                #expect(tomorrow?.staff[away] == nil, "away all of tomorrow")
                var bad = sick
                bad["from"] = "ti over ti"
                let refused = try await app.send(
                    .POST, "/planning/absence", json: bad, headers: ["Accept": "application/json"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.object["field"] as? String == "from")
                var badKind = sick
                badKind["kind"] = "influensa"
                let refusedKind = try await app.send(
                    .POST, "/planning/absence", json: badKind, headers: ["Accept": "application/json"])
                #expect(refusedKind.object["field"] as? String == "kind")
                #expect(try await AbsenceModel.query(on: app.db).count() == 2, "refused absences store nothing")
            }
        }

        @Test func aSickCallOnTheAbsencePageRePlansTodaysShift() async throws {
            try await withTilsyn(demoRecipients: 60) { app in
                app.tilsyn.planningSeconds = 0.3
                let (zone, day, _) = try await plannedZone(app)
                let sick = try #require(day.staff.keys.first)
                let posted = try await app.send(
                    .POST, "/absences",
                    json: [
                        "zone": zone.id!.uuidString, "staff": sick.uuidString, "kind": "selfCertified",
                        "first": app.today.description, "from": "10:00",
                    ])
                #expect(posted.status == .seeOther)
                let run = try #require(try await PlanningService(database: app.db).latestRun(day).run)
                #expect(run.eventNorwegian?.hasPrefix("Fravær (egenmelding)") == true, "re-planned at once")
                let visits = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                #expect(!visits.contains { $0.assignedStaffIDs.contains(sick) && ($0.plannedStart ?? 0) >= 600 })
                #expect(try await AbsenceModel.query(on: app.db).count() == 1, "stored once, with the plan")
            }
        }

        @Test func anAlarmTakesTheResponderAwayAndTheRestIsPlannedAround() async throws {
            try await withTilsyn(demoRecipients: 60) { app in
                app.tilsyn.planningSeconds = 0.3
                let (_, day, form) = try await plannedZone(app)
                let planned = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                // The busiest person goes to an alarm at 10:00 for an hour.
                let responder = try #require(
                    day.staff.keys.max { a, b in
                        planned.filter { $0.assignedStaffIDs.contains(a) }.count
                            < planned.filter { $0.assignedStaffIDs.contains(b) }.count
                    })
                let recipient = try #require(day.recipients.keys.first)
                var alarm = form
                alarm["staff"] = responder.uuidString
                alarm["recipient"] = recipient.uuidString
                alarm["from"] = "10:00"
                alarm["minutes"] = "60"
                let response = try await app.send(.POST, "/planning/alarm", json: alarm)
                #expect(response.status == .seeOther)
                let after = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                for visit in after where visit.assignedStaffIDs.contains(responder) {
                    let start = try #require(visit.plannedStart)
                    #expect(start < 600 || start >= 660, "nothing for the responder during the alarm")
                }
                let run = try #require(try await PlanningService(database: app.db).latestRun(day).run)
                #expect(run.eventNorwegian?.hasPrefix("Alarm: ") == true)
                var bad = alarm
                bad["minutes"] = "0"
                let refused = try await app.send(
                    .POST, "/planning/alarm", json: bad, headers: ["Accept": "application/json"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.object["field"] as? String == "minutes")
                let runs = try await PlanRunModel.query(on: app.db).count()
                #expect(runs == 2, "a refused alarm stores nothing")
            }
        }

        @Test func anUrgentVisitIsStoredAndPlannedBeforeItsDeadline() async throws {
            try await withTilsyn(demoRecipients: 60) { app in
                app.tilsyn.planningSeconds = 0.3
                let (zone, day, form) = try await plannedZone(app)
                let measure = try #require(
                    try await MeasureModel.query(on: app.db).filter(\.$isActive == true)
                        .filter(\.$recipient.$id ~~ Array(day.recipients.keys)).filter(\.$staffCount == 1).first())
                var urgent = form
                urgent["measure"] = measure.id!.uuidString
                urgent["from"] = "11:00"
                urgent["by"] = "12:30"
                let response = try await app.send(.POST, "/planning/urgent", json: urgent)
                #expect(response.status == .seeOther)
                let extra = try await VisitModel.query(on: app.db).filter(\.$measure.$id == measure.id!)
                    .filter(\.$date == app.today.description).filter(\.$windowIndex >= 100).all()
                #expect(extra.count == 1)
                let visit = try #require(extra.first)
                #expect(visit.windowStart == 660 && visit.windowEnd == 750)
                let start = try #require(visit.plannedStart, "the urgent visit is planned")
                #expect(start >= 660 && start <= 750)
                #expect(visit.assignedStaffIDs.count == 1)
                let page = try await app.send(.GET, "/planning?zone=\(zone.id!)&date=\(app.today)&shift=day")
                #expect(page.text.contains("Hastebesøk: \(measure.title)"))

                var late = urgent
                late["by"] = "10:30"
                let refused = try await app.send(
                    .POST, "/planning/urgent", json: late, headers: ["Accept": "application/json"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.object["field"] as? String == "by")
                let count = try await VisitModel.query(on: app.db).filter(\.$measure.$id == measure.id!)
                    .filter(\.$date == app.today.description).filter(\.$windowIndex >= 100).count()
                #expect(count == 1, "a refused urgent visit stores nothing")
            }
        }

        @Test func aUnitIsPlannedTogetherAndLendsStaffToAZoneWithoutTheCompetence() async throws {
            try await withTilsyn(demoRecipients: 60) { app in
                app.tilsyn.planningSeconds = 0.5
                _ = try await VisitService(database: app.db, expiryNoticeDays: 14).generate(on: app.today)
                let service = PlanningService(database: app.db)
                let unit = try #require(try await CareUnitModel.query(on: app.db).first())
                let zones = try await ZoneModel.query(on: app.db).filter(\.$unit.$id == unit.id!).sort(\.$name).all()
                try #require(zones.count >= 2)
                // Zone A's day-shift medicines, and nobody left in zone A who may give them.
                let a = try #require(
                    try await zones.asyncFirst { (zone: ZoneModel) async throws -> Bool in
                        let day = try await service.day(zoneID: zone.id!, date: app.today, shift: .day)
                        return day?.visits.values.contains { $0.requiredCompetences.contains("medication") } == true
                    })
                let b = try #require(zones.first { $0.id != a.id })
                for member in try await StaffMemberModel.query(on: app.db).filter(\.$zone.$id == a.id!).all()
                where member.competences.contains("medication") {
                    member.$zone.id = b.id!
                    try await member.save(on: app.db)
                }
                let zoneForm: [String: Any] = ["zone": a.id!.uuidString, "date": app.today.description, "shift": "day"]
                _ = try await app.send(.POST, "/planning", json: zoneForm)
                let alone = try await service.latestRun(
                    #require(try await service.day(.zone(a.id!), date: app.today, shift: .day)))
                #expect(alone.run?.unassigned.isEmpty == false, "zone A alone cannot give its medicines")

                let unitScope = PlanningScope.unit(unit.id!).parameter
                let unitForm: [String: Any] = ["zone": unitScope, "date": app.today.description, "shift": "day"]
                #expect(try await app.send(.POST, "/planning", json: unitForm).status == .seeOther)
                let unitDay = try #require(try await service.day(.unit(unit.id!), date: app.today, shift: .day))
                let (unitRun, conflict) = try await service.latestRun(unitDay)
                #expect(conflict == nil)
                let run = try #require(unitRun)
                #expect(run.$unit.id == unit.id)
                #expect(run.objective.visitsByLentStaff > 0, "staff of zone B were lent to zone A")
                let medicines = unitDay.visits.values.filter {
                    $0.requiredCompetences.contains("medication")
                        && unitDay.recipients[$0.$recipient.id]?.$zone.id == a.id
                }
                #expect(medicines.contains { !$0.assignedStaffIDs.isEmpty }, "the medicines are given")
                for visit in medicines {
                    #expect(
                        visit.assignedStaffIDs.allSatisfy { unitDay.staff[$0]?.zoneID != a.id },
                        "by staff lent from another zone")
                }
                let page = try await app.send(.GET, "/planning?zone=\(unitScope)&date=\(app.today)&shift=day")
                #expect(page.text.contains("Besøk av utlånte ansatte"))
                #expect(page.text.contains("(utlånt: \(a.name))"))

                // The zone's page now points to the unit's plan, and refuses to plan the zone alone.
                let zonePage = try await app.send(.GET, "/planning?zone=\(a.id!)&date=\(app.today)&shift=day")
                #expect(zonePage.text.contains("Vakten er planlagt for hele enheten"))
                #expect(!zonePage.text.contains("action=\"/planning/absence\""))
                let refused = try await app.send(
                    .POST, "/planning", json: zoneForm, headers: ["Accept": "application/json"])
                #expect(refused.status == .conflict)
                #expect(try await PlanRunModel.query(on: app.db).count() == 2, "a refused plan stores nothing")
            }
        }

        @Test func aRuleTheDayAlreadyBreaksDoesNotBlockAChangeByHand() async throws {
            try await withTilsyn(demoRecipients: 60) { app in
                app.tilsyn.planningSeconds = 0.3
                let (_, day, form) = try await plannedZone(app)
                let planned = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                    .filter { $0.staffCount == 1 && $0.plannedStart != nil }
                // The day went differently: one visit now begins after its window has closed.
                let late = try #require(planned.first)
                late.plannedStart = Double(late.windowEnd + 30)
                try await late.save(on: app.db)
                let moved = try await firstMove(app, Array(planned.dropFirst()), day, form) { refused in
                    // Refused only for what the move itself would break.
                    #expect(!refused.text.contains(late.id!.uuidString), "\(refused.text)")
                }
                #expect(moved != nil, "a move that breaks nothing new is made")
            }
        }

        @Test func aChangeByHandIsCheckedRefusedWithReasonsOrStored() async throws {
            try await withTilsyn(demoRecipients: 60) { app in
                app.tilsyn.planningSeconds = 0.3
                let (zone, day, form) = try await plannedZone(app)
                let planned = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                let visit = try #require(
                    planned.filter { $0.staffCount == 1 && $0.plannedStart != nil }
                        .max { $0.windowEnd - $0.windowStart < $1.windowEnd - $1.windowStart })
                let owner = try #require(visit.assignedStaffIDs.first)
                let needed = Set(visit.requiredCompetences.compactMap(Competence.init(rawValue:)))
                let others = day.staff.values.filter { $0.id != owner && $0.competences.isSuperset(of: needed) }
                    .map(\.id).sorted { $0.uuidString < $1.uuidString }
                try #require(!others.isEmpty, "a colleague with the competence is on shift")

                // At 22:00 the window is long closed: refused, with the reason, and nothing changes.
                var late = form
                late["visit"] = visit.id!.uuidString
                late["staff"] = others[0].uuidString
                late["at"] = "22:00"
                let refused = try await app.send(
                    .POST, "/planning/move", json: late, headers: ["Accept": "application/json"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.object["code"] as? String == "planBreaksRules")
                #expect((refused.object["reason"] as? String ?? "").contains("utenfor tidsvinduene"))
                let unchanged = try await VisitModel.find(visit.id, on: app.db)
                #expect(unchanged?.assignedStaffIDs == [owner])

                // Where it fits best: some visit can go to some colleague (a busy day may leave a
                // given visit nowhere to go, so try the widest windows first).
                let moved = try await firstMove(
                    app, planned.filter { $0.staffCount == 1 && $0.plannedStart != nil }, day, form
                ) { refused in
                    #expect(refused.status == .unprocessableEntity, "\(refused.text)")
                }
                let change = try #require(moved, "no visit could go to any colleague")
                let after = try await VisitModel.find(change.visit, on: app.db)
                #expect(after?.assignedStaffIDs == [change.to])
                #expect(after?.plannedStart != nil)
                let page = try await app.send(.GET, "/planning?zone=\(zone.id!)&date=\(app.today)&shift=day")
                #expect(page.text.contains("Endret for hånd: "))
            }
        }

        @Test func onlyLeadersPlanAndADepartmentLeaderOnlyTheirZone() async throws {
            try await withTilsyn(demoRecipients: 40) { app in
                let zones = try await ZoneModel.query(on: app.db).sort(\.$name).all()
                let worker = try await app.makeUser(role: .careWorker, zoneID: zones[0].id)
                let forbidden = try await app.send(
                    .POST, "/planning",
                    json: ["zone": zones[0].id!.uuidString, "date": app.today.description, "shift": "day"],
                    as: worker)
                #expect(forbidden.status == .forbidden)
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zones[0].id)
                let other = try await app.send(
                    .GET, "/planning?zone=\(zones[1].id!)", headers: ["Accept": "application/json"], as: leader)
                #expect(other.status == .forbidden)
                #expect(other.object["code"] as? String == "zoneNotAllowed")
                let badShift = try await app.send(
                    .GET, "/planning?shift=night", headers: ["Accept": "application/json"], as: leader)
                #expect(badShift.status == .unprocessableEntity)
            }
        }
    }
}

extension Sequence {
    /// The first element for which an asynchronous test holds.
    fileprivate func asyncFirst(where test: (Element) async throws -> Bool) async rethrows -> Element? {
        for element in self where try await test(element) { return element }
        return nil
    }
}
