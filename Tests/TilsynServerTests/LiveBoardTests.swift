import Fluent
import Foundation
import SCAIP
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct LiveBoardTests {
        /// A planned zone's day shift and its leader (the board is for today's shift).
        static func plannedZone(_ app: Application) async throws -> (ZoneModel, PlanningService.Day, TestCredentials) {
            _ = try await VisitService(database: app.db, expiryNoticeDays: 14).generate(on: app.today)
            let service = PlanningService(database: app.db)
            for zone in try await ZoneModel.query(on: app.db).sort(\.$name).all() {
                guard let day = try await service.day(zoneID: zone.id!, date: app.today, shift: .day),
                    day.problem.visits.count >= 3, day.problem.staff.count >= 2
                else { continue }
                _ = try await service.plan(day, seconds: 0.3, by: nil)
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zone.id)
                let planned = try #require(try await service.day(zoneID: zone.id!, date: app.today, shift: .day))
                return (zone, planned, leader)
            }
            throw PlanningTests.TestFailure("no zone with visits and staff on the day shift")
        }

        @Test func theBoardShowsEveryoneOnShiftAndAMoveIsCheckedAndAnnounced() async throws {
            try await withTilsyn(demoRecipients: 40) { app in
                let (zone, day, leader) = try await Self.plannedZone(app)
                let page = try await app.send(.GET, "/board?zone=\(zone.id!)&shift=day", as: leader)
                #expect(page.status == .ok)
                for member in day.staff.values {
                    #expect(page.text.contains("\(member.givenName) \(member.familyName)"))
                }
                #expect(page.text.contains("board-visit"))
                // A care worker does not get the board.
                let worker = try await app.makeUser(role: .careWorker, zoneID: zone.id)
                #expect(try await app.send(.GET, "/board", as: worker).status == .forbidden)

                // Move a single-person visit to someone else on the shift who may take it.
                try await app.waitUntilLive()
                let stream = await app.live.listen(["zone:\(zone.id!.uuidString)"])
                var moved = false
                var reasons: [String] = []
                var visit = try #require(day.visits.values.first)
                var from = UUID()
                search: for candidate in day.visits.values.sorted(by: { $0.title < $1.title })
                where candidate.staffCount == 1 && !candidate.assignedStaffIDs.isEmpty {
                    for member in day.staff.values where member.id != candidate.assignedStaffIDs[0] {
                        let answer = try await app.send(
                            .POST, "/board/move",
                            json: [
                                "zone": zone.id!.uuidString, "shift": "day", "visit": candidate.id!.uuidString,
                                "staff": member.id.uuidString,
                            ], headers: ["Accept": "application/json"], as: leader)
                        if answer.status == .ok {
                            #expect(answer.object["moved"] as? Bool == true)
                            #expect(
                                try await VisitModel.find(candidate.id, on: app.db)?.assignedStaffIDs == [member.id])
                            (visit, from, moved) = (candidate, candidate.assignedStaffIDs[0], true)
                            break search
                        }
                        // Refused moves say why, and change nothing.
                        reasons.append(answer.text)
                        #expect(answer.status.code >= 400 && !(answer.object["reason"] as? String ?? "").isEmpty)
                        #expect(
                            try await VisitModel.find(candidate.id, on: app.db)?.assignedStaffIDs
                                == candidate.assignedStaffIDs)
                    }
                }
                #expect(moved, "someone on the shift could take a visit: \(reasons.prefix(3))")
                guard moved else { return }
                #expect(
                    await Self.first(of: stream, within: .seconds(10)) == "zone:\(zone.id!.uuidString)",
                    "the zone's boards hear of it")

                // A visit already started cannot be moved away from the person doing it.
                let started = try #require(try await VisitModel.find(visit.id, on: app.db))
                started.startedAt = Date()
                try await started.save(on: app.db)
                let refused = try await app.send(
                    .POST, "/board/move",
                    json: [
                        "zone": zone.id!.uuidString, "shift": "day", "visit": visit.id!.uuidString,
                        "staff": from.uuidString,
                    ], headers: ["Accept": "application/json"], as: leader)
                #expect(refused.status == .conflict)
            }
        }

        @Test func alarmsAndReportBoardsAreAnnouncedToTheirScreens() async throws {
            try await withTilsyn(demoRecipients: 5) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zone.id)
                let reportTopic = "report:\(zone.id!.uuidString)"
                try await app.waitUntilLive()
                let stream = await app.live.listen(["alarms", reportTopic])
                let heard = Locked<Set<String>>([])
                let listener = Task {
                    for await topic in stream { _ = heard.withValue { $0.insert(topic) } }
                }
                // The relay's LISTEN connection opens in the background: act until both are heard.
                for attempt in 0..<40 where heard.withValue({ $0.count }) < 2 {
                    _ = try await AlarmIntake(database: app.db, settings: AlarmSettings()).receive(
                        SCAIPRequest(reference: "L\(attempt)", controllerID: "77", deviceType: 3), body: "",
                        from: .init(device: nil, authenticated: false, path: "http"))
                    _ = try await app.send(
                        .POST, "/report/actions",
                        json: [
                            "zone": zone.id!.uuidString, "text": "Sjekk dosett \(attempt)",
                            "owner": leader.staffID.uuidString, "due": "2026-12-01T10:00",
                        ], as: leader)
                    try await Task.sleep(for: .milliseconds(250))
                }
                listener.cancel()
                #expect(heard.withValue { $0 } == ["alarms", reportTopic])
                // Only alarm staff may listen to the queue.
                let worker = try await app.makeUser(role: .careWorker, zoneID: zone.id)
                let refused = try await app.send(
                    .GET, "/api/v1/live?alarms=1", headers: ["Accept": "application/json"], as: worker)
                #expect(refused.status == .forbidden)
            }
        }

        @Test func thePaperListsHoldEveryVisitButNoKeySafe() async throws {
            try await withTilsyn(demoRecipients: 40) { app in
                let (zone, day, leader) = try await Self.plannedZone(app)
                let recipient = try #require(day.recipients.values.first { !$0.keySafeNote.isEmpty })
                let paper = try await app.send(.GET, "/board/print?zone=\(zone.id!)&shift=day", as: leader).text
                #expect(paper.contains(recipient.street))
                #expect(!paper.contains(recipient.keySafeNote), "a lost sheet must not open a door")
                let rows = paper.components(separatedBy: "class=\"tick-box\"").count - 1
                let assignments = day.visits.values.reduce(0) { $0 + max(1, $1.assignedStaffIDs.count) }
                #expect(rows == assignments, "one line per person per visit, and the unassigned ones")
            }
        }

        @Test func theLeaderSetsWhoCarriesTheAlarmPhone() async throws {
            try await withTilsyn(demoRecipients: 40) { app in
                let (zone, day, leader) = try await Self.plannedZone(app)
                let member = try #require(day.staff.values.first)
                _ = try await app.send(
                    .POST, "/board/alarm-phone",
                    json: ["zone": zone.id!.uuidString, "shift": "day", "staff": member.id.uuidString], as: leader)
                let carrier = try #require(try await AlarmPhoneCarrierModel.query(on: app.db).first())
                #expect(carrier.staffID == member.id && carrier.date == app.today.description)
                let page = try await app.send(.GET, "/board?zone=\(zone.id!)&shift=day", as: leader).text
                #expect(page.contains("☎ Alarmtelefon"))
            }
        }

        /// The first topic heard, or nil when nothing came in time (a test must not hang).
        static func first(of stream: AsyncStream<String>, within limit: Duration) async -> String? {
            await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    for await topic in stream { return topic }
                    return nil
                }
                group.addTask {
                    try? await Task.sleep(for: limit)
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
        }
    }
}

extension Application {
    /// Boots the application (starting the PostgreSQL relay when the tests run on PostgreSQL) and
    /// waits until its LISTEN connection is open, so announcements reach this process.
    func waitUntilLive() async throws {
        try await asyncBoot()
        guard case .postgres = TestDatabase.config else { return }
        for _ in 0..<100 where await !live.relayListening {
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
