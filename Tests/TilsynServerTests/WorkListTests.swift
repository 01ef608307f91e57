import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct WorkListTests {
        @Test func myDayInOrderAndTheCheckOffRecordsWhatHappened() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                _ = try await VisitService(database: app.db, expiryNoticeDays: 14).generate(on: app.today)
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let worker = try await app.makeUser(role: .careWorker, zoneID: zone.id)
                let other = try await app.makeUser(role: .careWorker, zoneID: zone.id)
                let visits = try await VisitModel.query(on: app.db).filter(\.$date == app.today.description).all()
                    .filter { $0.staffCount == 1 }.prefix(3)
                try #require(visits.count == 3)
                // Planned in reverse of their windows, to see the list follow the plan.
                for (index, visit) in visits.enumerated() {
                    visit.assignedStaffIDs = [worker.staffID]
                    visit.plannedStart = Double(900 - index * 60)
                    try await visit.save(on: app.db)
                }
                let page = try await app.send(.GET, "/my-day", as: worker).text
                let times = ["13:00", "14:00", "15:00"].map { page.range(of: "<strong>\($0)</strong>")?.lowerBound }
                #expect(times.allSatisfy { $0 != nil } && times[0]! < times[1]! && times[1]! < times[2]!)
                #expect(try await app.send(.GET, "/my-day", as: other).text.contains("Du har ingen besøk i dag."))

                let first = visits[visits.startIndex]
                let detail = try await app.send(.GET, "/my-day/\(first.id!)", as: worker)
                #expect(detail.status == .ok && detail.text.contains("Start besøket"))
                #expect(try await app.send(.GET, "/my-day/\(first.id!)", as: other).status.code >= 400, "not theirs")

                _ = try await app.send(.POST, "/my-day/\(first.id!)/start", json: [:], as: worker)
                #expect(try await VisitModel.find(first.id, on: app.db)?.startedAt != nil)
                _ = try await app.send(.POST, "/my-day/\(first.id!)/done", json: [:], as: worker)
                let done = try #require(try await VisitModel.find(first.id, on: app.db))
                #expect(done.outcome == "done" && done.finishedAt != nil && done.checkedBy == worker.staffID)
                let twice = try await app.send(
                    .POST, "/my-day/\(first.id!)/done", json: [:], headers: ["Accept": "application/json"], as: worker)
                #expect(twice.status == .conflict)

                let second = visits[visits.startIndex + 1]
                let noReason = try await app.send(
                    .POST, "/my-day/\(second.id!)/not-done", json: ["reason": "lei"],
                    headers: ["Accept": "application/json"],
                    as: worker)
                #expect(noReason.status == .unprocessableEntity)
                #expect(try await VisitModel.find(second.id, on: app.db)?.outcome == nil, "nothing changed")
                _ = try await app.send(
                    .POST, "/my-day/\(second.id!)/not-done", json: ["reason": "hospital"], as: worker)
                let notDone = try #require(try await VisitModel.find(second.id, on: app.db))
                #expect(notDone.outcome == "notDone" && notDone.notDoneReason == "hospital")
                #expect(
                    try await app.send(.GET, "/my-day", as: worker).text.contains("Ikke utført: Innlagt på sykehus"))
                // The report board of the recipient's zone lists the visit not done.
                let notDoneHome = try #require(try await RecipientModel.find(notDone.$recipient.id, on: app.db)).$zone
                    .id
                let boardLeader = try await app.makeUser(role: .departmentLeader, zoneID: notDoneHome)
                let board = try await app.send(.GET, "/report?zone=\(notDoneHome)", as: boardLeader).text
                #expect(board.contains("Besøk ikke utført: \(notDone.title) (innlagt på sykehus)"))
                // The done visit's time counts as actual hours for its recipient this week.
                done.startedAt = done.finishedAt!.addingTimeInterval(-1800)
                try await done.save(on: app.db)
                let home = try #require(try await RecipientModel.find(done.$recipient.id, on: app.db)).$zone.id
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: home)
                let csv = try await app.send(.GET, "/hours/export.csv?zone=\(home)", as: leader).text
                #expect(csv.contains(";0.50\r\n"), "half an hour recorded")
            }
        }
    }
}
