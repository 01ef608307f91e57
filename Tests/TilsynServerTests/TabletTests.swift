import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    /// The offline tablet's server side: the day it keeps, the outbox applied once per id, the
    /// conflict rules, reports with photos and who may see them, tasks, and live updates.
    @Suite struct TabletTests {
        /// A 1×1 PNG.
        static let png = Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")!

        struct Setup {
            var worker: TestCredentials
            var colleague: TestCredentials
            var visits: [VisitModel]
            var zoneID: UUID
        }

        /// Three single-person visits of one zone today on a care worker's list (the first zone that
        /// has three today: which zone does depends on the weekday).
        static func setUp(_ app: Application) async throws -> Setup {
            _ = try await VisitService(database: app.db, expiryNoticeDays: 14).generate(on: app.today)
            let todays = try await VisitModel.query(on: app.db).filter(\.$date == app.today.description).all()
                .filter { $0.staffCount == 1 }
            var chosen: (zone: ZoneModel, visits: [VisitModel])?
            for zone in try await ZoneModel.query(on: app.db).sort(\.$name).all() where chosen == nil {
                let recipients = try await RecipientModel.query(on: app.db).filter(\.$zone.$id == zone.id!).all()
                    .compactMap(\.id)
                let visits = todays.filter { recipients.contains($0.$recipient.id) }.prefix(3)
                if visits.count == 3 { chosen = (zone, Array(visits)) }
            }
            let (zone, visits) = try #require(chosen, "a zone with three one-person visits today")
            let worker = try await app.makeUser(role: .careWorker, zoneID: zone.id)
            let colleague = try await app.makeUser(role: .careWorker, zoneID: zone.id)
            for (index, visit) in visits.enumerated() {
                visit.assignedStaffIDs = [worker.staffID]
                visit.plannedStart = Double(480 + index * 60)
                try await visit.save(on: app.db)
            }
            return Setup(worker: worker, colleague: colleague, visits: Array(visits), zoneID: zone.id!)
        }

        static func changes(_ items: [[String: Any]]) -> [String: Any] { ["changes": items] }

        static func statuses(_ response: TestingHTTPResponse) -> [String] {
            (response.object["results"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "" }
        }

        @Test func theDayHoldsVisitsInOrderWithCarePlanAndTheTokenForTheOutbox() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await Self.setUp(app)
                let day = try await app.send(.GET, "/api/v1/tablet/day", as: setup.worker)
                #expect(day.status == .ok)
                #expect(day.headers.first(name: .cacheControl)?.contains("no-store") == true)
                let visits = day.object["visits"] as? [[String: Any]] ?? []
                #expect(visits.map { $0["time"] as? String } == ["08:00", "09:00", "10:00"])
                #expect(visits.allSatisfy { !($0["measures"] as? [Any] ?? []).isEmpty }, "the care plan is kept")
                #expect(day.object["csrf"] as? String == setup.worker.csrf)
                #expect((day.object["texts"] as? [String: String])?["tablet_offline"] == "Frakoblet")
                let other = try await app.send(.GET, "/api/v1/tablet/day", as: setup.colleague)
                #expect((other.object["visits"] as? [Any])?.isEmpty == true)
                // Reading the day is logged for each recipient on it.
                let listed = try await AuditEventModel.query(on: app.db).filter(\.$staffID == setup.worker.staffID)
                    .filter(\.$action == "list").count()
                #expect(listed >= 1)
                let anonymous = try await app.send(
                    .GET, "/api/v1/tablet/day", headers: ["Accept": "application/json"], anonymous: true)
                #expect(anonymous.status == .unauthorized)
            }
        }

        @Test func aReplayedOutboxChangesNothingTheSecondTime() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await Self.setUp(app)
                let first = setup.visits[0]
                let second = setup.visits[1]
                let measure = try #require(
                    try await MeasureModel.query(on: app.db).filter(\.$recipient.$id == first.$recipient.id).first())
                let offlineTime = "2026-01-05T07:45:00Z"
                let batch = Self.changes([
                    [
                        "id": "c-1", "type": "checkOff", "visitId": first.id!.uuidString, "at": offlineTime,
                        "action": "start",
                    ],
                    [
                        "id": "c-2", "type": "checkOff", "visitId": first.id!.uuidString, "at": offlineTime,
                        "action": "done",
                    ],
                    [
                        "id": "c-3", "type": "checkOff", "visitId": second.id!.uuidString, "at": offlineTime,
                        "action": "notDone", "reason": "notHome",
                    ],
                    [
                        "id": "r-1", "type": "report", "visitId": first.id!.uuidString, "at": offlineTime,
                        "report": [
                            "measures": [measure.id!.uuidString], "observation": "Sår på venstre legg, rødt rundt",
                            "condition": "worse", "pain": 4, "followUp": true,
                            "photos": [["contentType": "image/png", "data": Self.png.base64EncodedString()]],
                        ] as [String: Any],
                    ],
                    [
                        "id": "t-1", "type": "task", "visitId": first.id!.uuidString, "at": offlineTime,
                        "task": ["kind": "bookDoctor", "owner": "me", "due": "2026-01-06T10:00"],
                    ],
                ])
                let sent = try await app.send(.POST, "/api/v1/tablet/changes", json: batch, as: setup.worker)
                #expect(sent.status == .ok)
                #expect(Self.statuses(sent) == ["applied", "applied", "applied", "applied", "applied"])
                let replay = try await app.send(.POST, "/api/v1/tablet/changes", json: batch, as: setup.worker)
                #expect(Self.statuses(replay) == Array(repeating: "duplicate", count: 5))
                #expect(try await VisitCheckOffModel.query(on: app.db).count() == 3)
                #expect(try await VisitReportModel.query(on: app.db).count() == 1)
                #expect(try await ReportPhotoModel.query(on: app.db).count() == 1)
                #expect(try await CareTaskModel.query(on: app.db).count() == 1)
                let done = try #require(try await VisitModel.find(first.id, on: app.db))
                // The time it was done on the device, not when it arrived.
                #expect(done.outcome == "done" && done.finishedAt == ISO8601DateFormatter().date(from: offlineTime))
                #expect(try await VisitModel.find(second.id, on: app.db)?.notDoneReason == "notHome")
                // Without the CSRF token nothing is applied.
                var stolen = setup.worker
                stolen.csrf = "wrong"
                let forged = try await app.send(
                    .POST, "/api/v1/tablet/changes", json: Self.changes([]),
                    headers: ["Accept": "application/json"], as: stolen)
                #expect(forged.status == .forbidden)
            }
        }

        @Test func aBadChangeIsRefusedWithItsReasonAndTheRestApplied() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await Self.setUp(app)
                let visit = setup.visits[0]
                let now = "2026-01-05T08:00:00Z"
                let response = try await app.send(
                    .POST, "/api/v1/tablet/changes",
                    json: Self.changes([
                        ["id": "x-1", "type": "report", "visitId": visit.id!.uuidString, "at": now, "report": [:]],
                        [
                            "id": "x-2", "type": "checkOff", "visitId": visit.id!.uuidString, "at": now,
                            "action": "notDone", "reason": "bored",
                        ],
                        [
                            "id": "x-3", "type": "report", "visitId": visit.id!.uuidString, "at": now,
                            "report": ["observation": "OK", "photos": [["contentType": "text/html", "data": "PGI+"]]],
                        ],
                        [
                            "id": "x-4", "type": "checkOff", "visitId": visit.id!.uuidString, "at": now,
                            "action": "done",
                        ],
                    ]), as: setup.worker)
                #expect(Self.statuses(response) == ["rejected", "rejected", "rejected", "applied"])
                let messages = (response.object["results"] as? [[String: Any]] ?? []).compactMap {
                    $0["message"] as? String
                }
                #expect(messages.first?.contains("Rapporten er tom") == true)
                #expect(messages.contains { $0.contains("JPEG, PNG eller WebP") })
                #expect(try await VisitReportModel.query(on: app.db).count() == 0, "refused reports change nothing")
            }
        }

        @Test func aVisitMovedWhileOfflineAndDoneTwiceKeepsBothAndTellsTheLeader() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await Self.setUp(app)
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: setup.zoneID)
                let visit = setup.visits[0]
                // The leader moves it to the colleague while the worker is offline.
                visit.assignedStaffIDs = [setup.colleague.staffID]
                try await visit.save(on: app.db)
                // The colleague does it first…
                let colleague = try await app.send(
                    .POST, "/api/v1/tablet/changes",
                    json: Self.changes([
                        [
                            "id": "k-1", "type": "checkOff", "visitId": visit.id!.uuidString,
                            "at": "2026-01-05T09:00:00Z", "action": "done",
                        ]
                    ]), as: setup.colleague)
                #expect(Self.statuses(colleague) == ["applied"])
                // …and the worker's offline check-off arrives later.
                let late = try await app.send(
                    .POST, "/api/v1/tablet/changes",
                    json: Self.changes([
                        [
                            "id": "w-1", "type": "checkOff", "visitId": visit.id!.uuidString,
                            "at": "2026-01-05T08:30:00Z", "action": "done",
                        ]
                    ]), as: setup.worker)
                #expect(Self.statuses(late) == ["conflict"])
                let stored = try #require(try await VisitModel.find(visit.id, on: app.db))
                #expect(stored.checkedBy == setup.colleague.staffID, "the first check-off stays on the visit")
                let both = try await VisitCheckOffModel.query(on: app.db).filter(\.$visit.$id == visit.id!).all()
                #expect(both.count == 2 && both.contains { $0.conflict != nil })
                let notices = try await StaffNoticeModel.query(on: app.db).filter(\.$staff.$id == leader.staffID)
                    .all()
                #expect(notices.contains { $0.norwegian.contains("Begge er tatt vare på") })

                // Moved, nobody did it yet: the worker's check-off counts, and it is a conflict to hear about.
                let moved = setup.visits[1]
                moved.assignedStaffIDs = [setup.colleague.staffID]
                try await moved.save(on: app.db)
                let counted = try await app.send(
                    .POST, "/api/v1/tablet/changes",
                    json: Self.changes([
                        [
                            "id": "w-2", "type": "checkOff", "visitId": moved.id!.uuidString,
                            "at": "2026-01-05T09:30:00Z", "action": "done",
                        ]
                    ]), as: setup.worker)
                #expect(Self.statuses(counted) == ["conflict"])
                let after = try #require(try await VisitModel.find(moved.id, on: app.db))
                #expect(after.outcome == "done" && after.checkedBy == setup.worker.staffID)
                let colleagueNotices = try await StaffNoticeModel.query(on: app.db)
                    .filter(\.$staff.$id == setup.colleague.staffID).all()
                #expect(colleagueNotices.contains { $0.norwegian.contains("etter at besøket var flyttet") })
            }
        }

        @Test func theDayHoldsTheLatestThreeReportsOfEachRecipientNewestFirst() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await Self.setUp(app)
                let first = setup.visits[0]
                // A visit to someone else today, put on the same list.
                let second = try #require(
                    try await VisitModel.query(on: app.db).filter(\.$date == app.today.description).all()
                        .first { $0.staffCount == 1 && $0.$recipient.id != first.$recipient.id })
                second.assignedStaffIDs = [setup.worker.staffID]
                second.plannedStart = 900
                try await second.save(on: app.db)
                let service = VisitReportService(database: app.db)
                for minute in 0..<5 {
                    var draft = ReportDraft(
                        clientID: "r-\(minute)", observation: "Første \(minute)",
                        writtenAt: Date(timeIntervalSince1970: 1_767_600_000 + Double(minute) * 60))
                    draft.needsFollowUp = false
                    _ = try await service.write(draft, visit: first, author: setup.worker.staffID)
                }
                _ = try await service.write(
                    ReportDraft(
                        clientID: "s-0", observation: "Andre", writtenAt: Date(timeIntervalSince1970: 1_767_600_000)),
                    visit: second, author: setup.worker.staffID)
                let day = try await app.send(.GET, "/api/v1/tablet/day", as: setup.worker)
                let visits = day.object["visits"] as? [[String: Any]] ?? []
                func observations(_ visit: VisitModel) -> [String] {
                    let row = visits.first { $0["id"] as? String == visit.id!.uuidString }
                    return (row?["reports"] as? [[String: Any]] ?? []).map { $0["observation"] as? String ?? "" }
                }
                #expect(observations(first) == ["Første 4", "Første 3", "Første 2"])
                #expect(observations(second) == ["Andre"])
            }
        }

        @Test func reportsWithPhotosAreShownOnlyToThoseWhoMayReadThem() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await Self.setUp(app)
                let visit = setup.visits[0]
                // The page's multipart form, as a browser without the app sends it.
                let boundary = "tilsyn-test-boundary"
                var body = Data()
                func part(_ name: String, _ value: String) {
                    body.append(
                        Data(
                            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8
                        ))
                }
                part("_csrf", setup.worker.csrf)
                part("observation", "Hevelse i ankelen")
                part("condition", "worse")
                body.append(
                    Data(
                        "--\(boundary)\r\nContent-Disposition: form-data; name=\"photos[]\"; filename=\"sar.png\"\r\nContent-Type: image/png\r\n\r\n"
                            .utf8))
                body.append(Self.png)
                body.append(Data("\r\n--\(boundary)--\r\n".utf8))
                let posted = try await app.performTest(
                    request: TestingHTTPRequest(
                        method: .POST, url: URI(string: "/my-day/\(visit.id!)/report"),
                        headers: [
                            "Cookie": "\(SessionCookie.name)=\(setup.worker.token)",
                            "Content-Type": "multipart/form-data; boundary=\(boundary)",
                        ], body: ByteBuffer(data: body)))
                #expect(posted.status == .seeOther || posted.status == .found, "\(posted.status) \(posted.body.string)")
                let report = try #require(try await VisitReportModel.query(on: app.db).first())
                let photo = try #require(try await ReportPhotoModel.query(on: app.db).first())
                #expect(photo.bytes == Self.png && photo.contentType == "image/png")
                let path = "/reports/\(report.id!)/photos/\(photo.id!)"

                // The recipient page shows it to a nurse of the zone, with the photo.
                let nurse = try await app.makeUser(role: .nurse, zoneID: setup.zoneID)
                let page = try await app.send(.GET, "/recipients/\(visit.$recipient.id)", as: nurse).text
                #expect(page.contains("Hevelse i ankelen") && page.contains(path))
                #expect(try await app.send(.GET, path, as: nurse).status == .ok)
                // The allocation office never reads reports; staff of another zone do not either.
                let office = try await app.makeUser(role: .allocationOfficer, zoneID: nil)
                #expect(try await app.send(.GET, path, as: office).status == .forbidden)
                #expect(
                    !(try await app.send(.GET, "/recipients/\(visit.$recipient.id)", as: office).text
                        .contains("Hevelse i ankelen")))
                let elsewhere = try await ZoneModel.query(on: app.db).all().compactMap(\.id).first {
                    $0 != setup.zoneID
                }
                let stranger = try await app.makeUser(role: .careWorker, zoneID: elsewhere)
                #expect(try await app.send(.GET, path, as: stranger).status == .forbidden)
                // The visit page of the next visit to the same recipient shows it as the handover.
                #expect(try await app.send(.GET, "/my-day/\(visit.id!)", as: setup.worker).text.contains("Hevelse"))
            }
        }

        @Test func tasksHaveAnOwnerAndADueTimeAndAreDoneOnce() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await Self.setUp(app)
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: setup.zoneID)
                let visit = setup.visits[0]
                let created = try await app.send(
                    .POST, "/tasks",
                    json: [
                        "kind": "callRelatives", "text": "Datter ba om å bli ringt", "owner": "leader",
                        "due": "2026-01-06T10:00", "recipient": visit.$recipient.id.uuidString,
                        "visit": visit.id!.uuidString,
                    ], as: setup.worker)
                #expect(created.status.code < 400)
                let task = try #require(try await CareTaskModel.query(on: app.db).first())
                let owner = try #require(try await StaffMemberModel.find(task.ownerID, on: app.db))
                #expect(owner.role == StaffRole.departmentLeader.rawValue && owner.$zone.id == setup.zoneID)
                #expect(task.$zone.id == setup.zoneID)
                // The zone's report meeting has it on the agenda, overdue.
                let board = try await app.send(.GET, "/report?zone=\(setup.zoneID)", as: leader).text
                #expect(board.contains("Åpen oppgave: ringe pårørende: Datter ba om å bli ringt (forfalt)"))
                let leaderPage = try await app.send(.GET, "/tasks", as: leader).text
                #expect(leaderPage.contains("Datter ba om å bli ringt") && leaderPage.contains("Forfalt"))
                // Free text is required for "other"; a nonsense due time is refused; nothing stored.
                let noText = try await app.send(
                    .POST, "/tasks", json: ["kind": "other", "text": " ", "due": "2026-01-06T10:00"],
                    headers: ["Accept": "application/json"], as: setup.worker)
                #expect(noText.status == .unprocessableEntity)
                let badDue = try await app.send(
                    .POST, "/tasks", json: ["kind": "bookDoctor", "due": "i morgen"],
                    headers: ["Accept": "application/json"], as: setup.worker)
                #expect(badDue.status == .unprocessableEntity && badDue.text.contains("Fristen"))
                #expect(try await CareTaskModel.query(on: app.db).count() == 1)
                // Done by the owner; a second "done" changes nothing.
                _ = try await app.send(.POST, "/tasks/\(task.id!)/done", json: [:], as: leader)
                let done = try #require(try await CareTaskModel.find(task.id, on: app.db))
                #expect(done.doneBy == leader.staffID)
                let at = done.doneAt
                _ = try await app.send(.POST, "/tasks/\(task.id!)/done", json: [:], as: setup.worker)
                #expect(try await CareTaskModel.find(task.id, on: app.db)?.doneAt == at)
                #expect(!(try await app.send(.GET, "/tasks", as: leader).text.contains("Datter ba om")))
            }
        }

        @Test func equipmentReportedMissingBecomesOneRestockingTaskForTheLeader() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await Self.setUp(app)
                let visit = setup.visits[0]
                let nurse = try await app.makeUser(role: .nurse, zoneID: setup.zoneID)
                // Only nurses and leaders keep the list; a blank name is refused.
                let byWorker = try await app.send(
                    .POST, "/recipients/\(visit.$recipient.id)/equipment", json: ["name": "Hansker"],
                    headers: ["Accept": "application/json"], as: setup.worker)
                #expect(byWorker.status == .forbidden)
                let blank = try await app.send(
                    .POST, "/recipients/\(visit.$recipient.id)/equipment", json: ["name": " "],
                    headers: ["Accept": "application/json"], as: nurse)
                #expect(blank.status == .unprocessableEntity)
                _ = try await app.send(
                    .POST, "/recipients/\(visit.$recipient.id)/equipment",
                    json: ["name": "Sårskift-sett", "note": "I skapet på badet"], as: nurse)
                let item = try #require(try await EquipmentItemModel.query(on: app.db).first())
                let day = try await app.send(.GET, "/api/v1/tablet/day", as: setup.worker)
                let first = (day.object["visits"] as? [[String: Any]])?.first {
                    $0["id"] as? String == visit.id!.uuidString
                }
                #expect((first?["equipment"] as? [[String: Any]])?.first?["name"] as? String == "Sårskift-sett")

                let change: [String: Any] = [
                    "id": "e-1", "type": "equipmentMissing", "visitId": visit.id!.uuidString,
                    "equipmentId": item.id!.uuidString, "at": "2026-01-05T08:00:00Z",
                ]
                let sent = try await app.send(
                    .POST, "/api/v1/tablet/changes", json: Self.changes([change]), as: setup.worker)
                #expect(Self.statuses(sent) == ["applied"])
                let replay = try await app.send(
                    .POST, "/api/v1/tablet/changes", json: Self.changes([change]), as: setup.worker)
                #expect(Self.statuses(replay) == ["duplicate"])
                // Reported again by someone else while the task is open: still one task.
                _ = try await app.send(
                    .POST, "/my-day/\(visit.id!)/equipment/\(item.id!)/missing", json: [:], as: setup.worker)
                let tasks = try await CareTaskModel.query(on: app.db).all()
                #expect(tasks.count == 1)
                let task = try #require(tasks.first)
                #expect(task.kind == "restockEquipment" && task.text == "Mangler: Sårskift-sett")
                let owner = try #require(try await StaffMemberModel.find(task.ownerID, on: app.db))
                #expect(owner.role == StaffRole.departmentLeader.rawValue)
                #expect(try await EquipmentItemModel.find(item.id, on: app.db)?.missingSince != nil)
                // Restocked: the item is no longer missing.
                try await CareTaskService(database: app.db).complete(task, by: owner.id!)
                #expect(try await EquipmentItemModel.find(item.id, on: app.db)?.missingSince == nil)
            }
        }

        @Test func aMovedVisitIsAnnouncedToBothStaffAndTheZone() async throws {
            try await withTilsyn(demoRecipients: 10) { app in
                let setup = try await Self.setUp(app)
                let workerTopic = "staff:\(setup.worker.staffID.uuidString)"
                let colleagueTopic = "staff:\(setup.colleague.staffID.uuidString)"
                let zoneTopic = "zone:\(setup.zoneID.uuidString)"
                try await app.waitUntilLive()
                let stream = await app.live.listen([workerTopic, colleagueTopic, zoneTopic, "staff:nobody"])
                let visit = setup.visits[0]
                let heard = Locked<Set<String>>([])
                let listener = Task {
                    for await topic in stream { _ = heard.withValue { $0.insert(topic) } }
                }
                // The relay's LISTEN connection opens in the background: move the visit until it is heard.
                for attempt in 0..<40 where heard.withValue({ $0.count }) < 3 {
                    visit.assignedStaffIDs = [attempt % 2 == 0 ? setup.colleague.staffID : setup.worker.staffID]
                    try await visit.save(on: app.db)
                    try await Task.sleep(for: .milliseconds(250))
                }
                listener.cancel()
                let topics = heard.withValue { $0 }
                #expect(topics == [workerTopic, colleagueTopic, zoneTopic])
            }
        }
    }
}

/// A value shared between a test and a task it starts.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withValue<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
