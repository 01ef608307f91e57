import Fluent
import Foundation
import Planner
import SCAIP
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct AlarmDispatchTests {
        /// An alarm in a planned zone's recipient's home, and 10:00 today in the municipality.
        func plannedAlarm(_ app: Application) async throws -> (AlarmEventModel, PlanningService.Day, Date) {
            _ = try await VisitService(database: app.db, expiryNoticeDays: 14).generate(on: app.today)
            let service = PlanningService(database: app.db)
            var planned: PlanningService.Day?
            for zone in try await ZoneModel.query(on: app.db).sort(\.$name).all() {
                if let day = try await service.day(zoneID: zone.id!, date: app.today, shift: .day),
                    !day.problem.visits.isEmpty, day.staff.count >= 3
                {
                    _ = try await service.plan(day, seconds: 0.3, by: nil)
                    planned = try await service.day(zoneID: zone.id!, date: app.today, shift: .day)
                    break
                }
            }
            let day = try #require(planned)
            let recipient = try #require(day.recipients.values.first)
            let device = AlarmDeviceModel()
            device.controllerID = "4711"
            device.$recipient.id = recipient.id
            device.description = "Trygghetsalarm"
            device.requiresAuthentication = true
            device.createdAt = Date()
            try await device.save(on: app.db)
            _ = try await AlarmIntake(database: app.db, settings: AlarmSettings()).receive(
                SCAIPRequest(reference: "D1", controllerID: "4711", deviceType: 3, statusCode: 10), body: "",
                from: .init(device: device, authenticated: true, path: "sip-udp"))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = app.tilsyn.timeZone
            let today = app.today
            let ten = try #require(
                calendar.date(from: DateComponents(year: today.year, month: today.month, day: today.day, hour: 10)))
            return (try #require(try await AlarmEventModel.query(on: app.db).first()), day, ten)
        }

        @Test func staffAreAskedNearestFirstAndTheNextWhenNobodyAnswers() async throws {
            try await withTilsyn(demoRecipients: 60) { app in
                let (event, day, ten) = try await plannedAlarm(app)
                let dispatch = AlarmDispatch(database: app.db, answerSeconds: 120)
                let candidates = try await dispatch.candidates(for: event, now: ten, timeZone: app.tilsyn.timeZone)
                #expect(candidates.count >= day.staff.count, "the unit's day shift, not only the zone's")
                #expect(candidates.map(\.etaMinutes) == candidates.map(\.etaMinutes).sorted())
                let first = try #require(candidates.first)
                try await dispatch.send(event, to: first.staff.id, etaMinutes: first.etaMinutes, by: nil, now: ten)
                await #expect(throws: AlarmConsoleError.self) {
                    try await dispatch.send(event, to: candidates[1].staff.id, etaMinutes: 1, by: nil, now: ten)
                }
                #expect(
                    try await dispatch.sweepUnanswered(now: ten.addingTimeInterval(60), timeZone: app.tilsyn.timeZone)
                        == 0)
                #expect(
                    try await dispatch.sweepUnanswered(now: ten.addingTimeInterval(121), timeZone: app.tilsyn.timeZone)
                        == 1)
                let asked = try await AlarmDispatchModel.query(on: app.db).sort(\.$sentAt).all()
                #expect(asked.map(\.state) == ["unanswered", "sent"])
                #expect(asked[1].$staff.id != first.staff.id, "the next one is someone else")

                // The second one accepts: their day is re-planned around the alarm.
                let responder = try #require(try await StaffMemberModel.find(asked[1].$staff.id, on: app.db)).domain
                try await dispatch.answer(
                    asked[1], accepted: true, by: responder, now: ten.addingTimeInterval(130),
                    timeZone: app.tilsyn.timeZone, replanSeconds: 0.3)
                let accepted = try #require(try await AlarmEventModel.find(event.id, on: app.db))
                #expect(accepted.dispatchedAt != nil)
                if day.staff[responder.id] != nil {
                    let run = try #require(try await PlanningService(database: app.db).latestRun(day).run)
                    #expect(run.eventNorwegian?.hasPrefix("Alarm: ") == true)
                    let busyUntil = 600.0 + Double(asked[1].etaMinutes + 30)
                    let visits = try await VisitModel.query(on: app.db).filter(\.$date == app.today.description).all()
                    for visit in visits where visit.assignedStaffIDs.contains(responder.id) {
                        let start = try #require(visit.plannedStart)
                        #expect(start < 600 || start >= busyUntil - 1, "nothing planned for them during the alarm")
                    }
                }
            }
        }

        @Test func theStaffMemberSeesWhereToGoAcceptsAndArrives() async throws {
            try await withTilsyn(demoRecipients: 20) { app in
                let (event, day, _) = try await plannedAlarm(app)
                // A nurse from another zone: the alarm puts the recipient on their work list.
                let home = try #require(day.recipients.values.first { $0.id == event.$recipient.id })
                let other = try await ZoneModel.query(on: app.db).all().first { $0.id != home.$zone.id }
                let nurse = try await app.makeUser(role: .nurse, zoneID: other?.id)
                let before = try await app.send(.GET, "/my-alarms", as: nurse)
                #expect(before.text.contains("Du er ikke spurt om noen alarmer."))
                // Sent now: the page shows what was sent in the last twelve hours (10:00 today is not
                // when the test runs late in the evening).
                try await AlarmDispatch(database: app.db).send(
                    event, to: nurse.staffID, etaMinutes: 12, by: nil, now: Date())
                let page = try await app.send(.GET, "/my-alarms", as: nurse)
                #expect(page.text.contains(home.street), "where to go")
                let dispatch = try #require(try await AlarmDispatchModel.query(on: app.db).first())
                #expect(
                    try await app.send(.POST, "/my-alarms/\(dispatch.id!)/accept", json: [:], as: nurse).status
                        == .seeOther)
                #expect(
                    try await app.send(.POST, "/my-alarms/\(dispatch.id!)/on-site", json: [:], as: nurse).status
                        == .seeOther)
                let arrived = try #require(try await AlarmEventModel.find(event.id, on: app.db))
                #expect(arrived.dispatchedAt != nil && arrived.onSiteAt != nil)
                // Changes to their day from a re-plan are on the same page until read.
                try await StaffNoticeModel(
                    staffID: nurse.staffID, text: .init(nb: "Du har fått tilsyn kl. 11:00.", en: "You got a visit.")
                ).save(on: app.db)
                #expect(
                    try await app.send(.GET, "/my-alarms", as: nurse).text.contains("Du har fått tilsyn kl. 11:00."))
                _ = try await app.send(.POST, "/my-alarms/notices/read", json: [:], as: nurse)
                #expect(!(try await app.send(.GET, "/my-alarms", as: nurse).text.contains("Du har fått tilsyn")))
                let someoneElse = try await app.makeUser(role: .nurse, zoneID: other?.id)
                let notTheirs = try await app.send(
                    .POST, "/my-alarms/\(dispatch.id!)/decline", json: [:], headers: ["Accept": "application/json"],
                    as: someoneElse)
                #expect(notTheirs.status == .notFound, "only the one asked can answer")
            }
        }
    }
}
