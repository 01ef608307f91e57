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
                for member in day.staff.values {
                    #expect(member.zoneID == zone.id)
                    #expect(DefaultRoster.shift(of: member, on: app.today) == .day)
                }
            }
        }

        @Test func planningStoresStaffAndTimesThatPassTheCheck() async throws {
            try await withTilsyn(demoRecipients: 40) { app in
                let (_, day) = try await busyZone(app)
                let run = try await PlanningService(database: app.db).plan(day, seconds: 0.3, by: nil)
                let stored = try await VisitModel.query(on: app.db).filter(\.$id ~~ Array(day.visits.keys)).all()
                let plan = HomeCarePlan(
                    days: day.staff.keys.map { staffID in
                        StaffDay(
                            staffID: staffID.uuidString,
                            stops: stored.filter { $0.assignedStaffIDs.contains(staffID) && $0.plannedStart != nil }
                                .sorted { $0.plannedStart! < $1.plannedStart! }
                                .map { PlannedStop(visitID: $0.id!.uuidString, start: $0.plannedStart!) })
                    },
                    unassignedVisitIDs: stored.filter { $0.plannedStart == nil }.map { $0.id!.uuidString })
                // Breaks are not stored with the visits; everything else is checked.
                let broken = HomeCarePlanner.check(day.problem, plan).filter { $0.kind != .breakMissing }
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
