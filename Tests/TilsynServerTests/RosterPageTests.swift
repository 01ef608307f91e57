import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    /// A leader changes the roster for a week; planning, the need for substitutes and the page
    /// follow it; a wrong form changes nothing.
    @Suite struct RosterPageTests {
        @Test func aLeaderChangesTheRosterAndPlanningFollowsIt() async throws {
            try await withTilsyn(demoRecipients: 20, signedInAs: .unitLeader) { app in
                // A zone with visits on today's day shift (which zones have them depends on the weekday).
                _ = try await VisitService(database: app.db, expiryNoticeDays: 14).generate(on: app.today)
                var busy: ZoneModel?
                for zone in try await ZoneModel.query(on: app.db).sort(\.$name).all() where busy == nil {
                    let day = try await PlanningService(database: app.db).day(
                        zoneID: zone.id!, date: app.today, shift: .day)
                    if let day, !day.problem.visits.isEmpty { busy = zone }
                }
                let zone = try #require(busy)
                let members = try await StaffMemberModel.query(on: app.db).filter(\.$zone.$id == zone.id!).all()
                    .map(\.domain).filter { DefaultRoster.plannedRoles.contains($0.role) }
                let date = app.today
                let rotation = DefaultRoster.shifts(of: members, on: date)
                let resting = try #require(members.first { rotation[$0.id] == nil })
                let week = SickLeave.monday(of: date).description
                // Today's day shift is planned before the roster changes.
                let shiftForm = ["zone": zone.id!.uuidString, "date": date.description, "shift": "day"]
                let planned = try await app.send(.POST, "/planning", json: shiftForm)
                #expect(planned.status == .seeOther)
                // Taken off the shift below: someone the plan gives visits.
                let plannedVisits = try await VisitModel.query(on: app.db).filter(\.$date == date.description).all()
                    .filter { $0.plannedStart != nil }
                let working = try #require(
                    members.first { member in
                        rotation[member.id] == .day
                            && plannedVisits.contains { $0.assignedStaffIDs.contains(member.id) }
                    })
                let workingVisits = plannedVisits.filter { $0.assignedStaffIDs.contains(working.id) }.count
                let planningPage = "/planning?zone=\(zone.id!)&date=\(date)&shift=day"
                #expect(try await !app.send(.GET, planningPage).text.contains("id=\"staff-changes\""))
                let before = try await app.send(.GET, "/roster?zone=\(zone.id!)&week=\(week)").text
                #expect(!before.contains("Planlagt før turnusen ble endret"))
                let form: [String: String] = [
                    "zone": zone.id!.uuidString, "week": week,
                    RosterController.field(working.id, date): "off",
                    RosterController.field(resting.id, date): "day",
                ]
                let saved = try await app.send(.POST, "/roster", json: form)
                #expect(saved.status == .seeOther)
                #expect(try await RosterEntryModel.query(on: app.db).count() == 2)

                let day = try #require(
                    try await PlanningService(database: app.db).day(zoneID: zone.id!, date: date, shift: .day))
                #expect(day.staff[working.id] == nil, "off by the roster: not planned")
                #expect(day.staff[resting.id] != nil, "on the day shift by the roster: planned")

                let page = try await app.send(.GET, "/roster?zone=\(zone.id!)&week=\(week)").text
                #expect(page.contains("2 endret fra rotasjonen"))
                #expect(page.contains("Planlagt før turnusen ble endret"), "the planned shift is out of date")
                #expect(page.contains("/planning?zone=\(zone.id!.uuidString)&amp;date=\(date)&amp;shift=day"))
                // The planning page says who the plan and the shift disagree on, until it is planned again.
                let outdated = try await app.send(.GET, planningPage).text
                #expect(outdated.contains("id=\"staff-changes\""))
                #expect(
                    outdated.contains(
                        "\(working.givenName) \(working.familyName) er ikke på vakt, men har \(workingVisits) besøk i planen."
                    ))
                #expect(
                    outdated.contains(
                        "\(resting.givenName) \(resting.familyName) er på vakt, men er ikke med i planen."))
                #expect(try await app.send(.POST, "/planning", json: shiftForm).status == .seeOther)
                #expect(try await !app.send(.GET, planningPage).text.contains("id=\"staff-changes\""))
                let previous = SickLeave.monday(of: date).adding(days: -7)
                #expect(page.contains("week=\(previous)\">← Forrige uke"), "a link to the week before")
                #expect(page.contains("aria-label=\"\(working.givenName) \(working.familyName),"))

                // Away on a day the roster (not the rotation) has them working: a shift to fill. (Before
                // the shift ends this also re-plans it, which is why the page was looked at first.)
                let away = try await app.send(
                    .POST, "/absences",
                    json: [
                        "zone": zone.id!.uuidString, "staff": resting.id.uuidString, "kind": "holiday",
                        "first": date.description,
                    ])
                #expect(away.status == .seeOther)
                let needs = try await app.send(.GET, "/absences?zone=\(zone.id!)").text
                #expect(needs.contains("(\(resting.givenName) \(resting.familyName))"))

                // Back to the rotation: the change is removed, not stored as the rotation's shift.
                var back = form
                back[RosterController.field(working.id, date)] = "day"
                back[RosterController.field(resting.id, date)] = "off"
                #expect(try await app.send(.POST, "/roster", json: back).status == .seeOther)
                #expect(try await RosterEntryModel.query(on: app.db).count() == 0)
            }
        }

        @Test func aWrongFormIsRefusedAndChangesNothing() async throws {
            try await withTilsyn(demoRecipients: 6, signedInAs: .unitLeader) { app in
                let zones = try await ZoneModel.query(on: app.db).sort(\.$name).all()
                let zone = try #require(zones.first)
                let member = try #require(
                    try await StaffMemberModel.query(on: app.db).filter(\.$zone.$id == zone.id!).all()
                        .first { DefaultRoster.plannedRoles.contains($0.domain.role) })
                let outsider = try #require(
                    try await StaffMemberModel.query(on: app.db).filter(\.$zone.$id == zones[1].id!).first())
                let week = SickLeave.monday(of: app.today)
                let good = RosterController.field(member.id!, week)
                // Each with a good cell beside the bad one: the good one is not stored either.
                let wrong: [(field: String, value: String, reason: String)] = [
                    (RosterController.field(member.id!, week.adding(days: 1)), "night", "Ukjent vakt «night»"),
                    (RosterController.field(member.id!, week.adding(days: 7)), "day", "dagene i uken som vises"),
                    (RosterController.field(outsider.id!, week), "day", "ansatte i sonen"),
                ]
                for (field, value, reason) in wrong {
                    let refused = try await app.send(
                        .POST, "/roster",
                        json: ["zone": zone.id!.uuidString, "week": week.description, good: "off", field: value],
                        headers: ["Accept": "application/json"])
                    #expect(refused.status == .unprocessableEntity)
                    #expect((refused.object["reason"] as? String)?.contains(reason) == true, "\(reason)")
                    #expect(refused.object["field"] as? String == field)
                }
                #expect(try await RosterEntryModel.query(on: app.db).count() == 0, "refused weeks store nothing")
            }
        }

        @Test func staffCannotChangeTheRoster() async throws {
            try await withTilsyn(demoRecipients: 6, signedInAs: .careWorker) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let response = try await app.send(
                    .POST, "/roster", json: ["zone": zone.id!.uuidString], headers: ["Accept": "application/json"])
                #expect(response.status == .forbidden)
                #expect(try await app.send(.GET, "/roster").status == .forbidden)
            }
        }
    }
}

extension ServerTests.RosterPageTests {
    /// A roster exported from the municipality's rostering system comes in as CSV, all or nothing.
    @Test func aRosterFileIsImportedAllOrNothing() async throws {
        try await withTilsyn(demoRecipients: 6, signedInAs: .unitLeader) { app in
            let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
            let members = try await StaffMemberModel.query(on: app.db).filter(\.$zone.$id == zone.id!).all()
                .map(\.domain).filter { DefaultRoster.plannedRoles.contains($0.role) }
            let date = app.today.adding(days: 2)
            let rotation = DefaultRoster.shifts(of: members, on: date)
            let working = try #require(members.first { rotation[$0.id] == .day })
            let resting = try #require(members.first { rotation[$0.id] == nil })
            let bad = """
                employee_number;date;shift
                \(working.employeeNumber);\(date);fri
                \(resting.employeeNumber);\(date);natt
                X999;\(date);dag
                """
            do {
                _ = try await TilsynOperations.importCSV(app, kind: .roster, text: bad, author: "test")
                Issue.record("the import should have failed")
            } catch let error as ImportError {
                #expect(error.problems.map(\.line) == [3, 4])
                #expect(error.problems.map(\.column) == ["shift", "employee_number"])
            }
            #expect(try await RosterEntryModel.query(on: app.db).count() == 0, "nothing from a bad file")

            let good = """
                employee_number;date;shift
                \(working.employeeNumber);\(date);fri
                \(resting.employeeNumber);\(date);kveld
                """
            let summary = try await TilsynOperations.importCSV(app, kind: .roster, text: good, author: "test")
            #expect(summary.imported == 2)
            let roster = try await RosterStore(database: app.db).roster(of: members.map(\.id), on: date)
            let shifts = roster.shifts(of: members, on: date)
            #expect(shifts[working.id] == nil && shifts[resting.id] == .evening)
        }
    }
}
