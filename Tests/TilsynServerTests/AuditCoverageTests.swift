import Fluent
import Foundation
import SCAIP
import Testing
import TilsynCore
import Vapor
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    /// Every route declares what it does with health data, and every route that touches a
    /// recipient's record leaves an audit event when called. A new route without a classification,
    /// or without a sample request here, fails this test.
    @Suite struct AuditCoverageTests {
        @Test func everyRouteIsClassified() async throws {
            try await withTilsyn { app in
                let unclassified = app.routes.all.filter { $0.dataClassification == nil }.map {
                    "\($0.method.rawValue) \(AuditLog.pattern($0))"
                }
                #expect(unclassified.isEmpty, "routes without a data classification: \(unclassified)")
            }
        }

        @Test func everyHealthDataRouteWritesAnAuditEvent() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let decision = try #require(
                    try await DecisionModel.query(on: app.db).filter(\.$serviceType == "homeNursing").first())
                let recipientID = decision.$recipient.id
                let measure = try #require(
                    try await MeasureModel.query(on: app.db).filter(\.$recipient.$id == recipientID).first())
                let recipient = try await app.send(.GET, "/api/v1/recipients/\(recipientID)").object
                // Something for every list to show: today's visits, and an emergency access to review.
                _ = try await app.send(.POST, "/api/v1/visits/generate", json: ["date": app.today.description])
                let home = try #require(try await RecipientModel.find(recipientID, on: app.db)).$zone.id
                let elsewhere = try await ZoneModel.query(on: app.db).all().compactMap(\.id).first { $0 != home }
                let nurse = try await app.makeUser(role: .nurse, zoneID: elsewhere)
                _ = try await app.send(
                    .POST, "/api/v1/recipients/\(recipientID)/emergency-access",
                    json: ["reason": "Akutt alarm, ingen i sonen ledig"], as: nurse)
                // An alarm from a device in the recipient's home, for the alarm console's routes.
                let device = AlarmDeviceModel()
                device.controllerID = "4711"
                device.$recipient.id = recipientID
                device.description = "Trygghetsalarm"
                device.requiresAuthentication = true
                device.createdAt = Date()
                try await device.save(on: app.db)
                _ = try await AlarmIntake(database: app.db, settings: AlarmSettings()).receive(
                    SCAIPRequest(reference: "A1", controllerID: "4711", deviceType: 3), body: "",
                    from: .init(device: device, authenticated: true, path: "sip-udp"))
                let alarm = try #require(try await AlarmEventModel.query(on: app.db).first())
                // A second alarm to send someone to (the first is closed by then).
                _ = try await AlarmIntake(database: app.db, settings: AlarmSettings()).receive(
                    SCAIPRequest(reference: "A2", controllerID: "4711", deviceType: 3), body: "",
                    from: .init(device: device, authenticated: true, path: "sip-udp"))
                let second = try #require(
                    try await AlarmEventModel.query(on: app.db).filter(\.$reference == "A2").first())
                let me = try #require(app.testCredentials?.staffID)
                // A deviation about the recipient, for the deviation routes.
                let deviation = try await app.fileDeviation(
                    zone: nil, recipient: recipientID, by: me, what: "Dosett manglet", category: "medication",
                    severity: "high", followUpInDays: 1)
                // Two of the recipient's visits today on the test user's list, for the check-off routes.
                let mine = try await VisitModel.query(on: app.db).filter(\.$date == app.today.description)
                    .filter(\.$recipient.$id == recipientID).all()
                let myVisits = mine.isEmpty ? [] : [mine[0], mine.count > 1 ? mine[1] : mine[0]]
                for visit in myVisits {
                    visit.assignedStaffIDs = [me]
                    try await visit.save(on: app.db)
                }
                // A report with a photo and a task about the recipient, for the report and task routes.
                let report = VisitReportModel()
                report.clientID = "audit-report"
                report.$visit.id = try #require(myVisits.first?.id)
                report.$recipient.id = recipientID
                report.authorID = me
                report.writtenAt = Date()
                report.receivedAt = Date()
                report.measuresDone = []
                report.observation = "Alt vel"
                report.needsFollowUp = false
                try await report.save(on: app.db)
                let photo = ReportPhotoModel()
                photo.$report.id = report.id!
                photo.contentType = "image/png"
                photo.bytes = Data([0x89, 0x50])
                photo.size = 2
                try await photo.save(on: app.db)
                let task = CareTaskModel()
                task.clientID = "audit-task"
                task.$zone.id = home
                task.$recipient.id = recipientID
                task.kind = "bookDoctor"
                task.text = ""
                task.ownerID = me
                task.dueAt = Date()
                task.createdBy = me
                task.createdAt = Date()
                try await task.save(on: app.db)
                var equipment: [EquipmentItemModel] = []
                for name in ["Hansker", "Sårskift-sett"] {
                    let item = EquipmentItemModel()
                    item.$recipient.id = recipientID
                    item.name = name
                    item.note = ""
                    item.addedBy = me
                    item.addedAt = Date()
                    try await item.save(on: app.db)
                    equipment.append(item)
                }
                // An intake assessment sent in by the test user (a unit leader), for the intake routes.
                let intake = IntakeAssessmentModel()
                intake.clientID = "audit-intake"
                intake.$zone.id = home
                intake.assessorID = me
                intake.status = IntakeStatus.submitted.rawValue
                intake.answers = try IntakeAnswers().json()
                intake.savedAt = Date()
                intake.lastChangeID = "audit-intake"
                intake.createdAt = Date()
                intake.submittedAt = Date()
                try await intake.save(on: app.db)
                var recipientUpdate = recipient
                recipientUpdate["reason"] = "Ny adresse etter flytting"
                recipientUpdate.removeValue(forKey: "version")
                let decisionBody: [String: Any] = [
                    "serviceType": "homeNursing", "hoursPerWeek": 6, "validFrom": "2026-01-01", "reason": "Revurdert",
                ]
                let measureBody: [String: Any] = [
                    "title": "Tilsyn", "decisionId": decision.id!.uuidString, "weekdays": ["monday"],
                    "windows": [["start": "12:00", "end": "13:00"]], "durationMinutes": 20, "reason": "Endret behov",
                ]
                let samples: [String: Any] = [
                    "PUT /api/v1/recipients/:recipientID": recipientUpdate,
                    "POST /api/v1/recipients/:recipientID/decisions": decisionBody,
                    "PUT /api/v1/recipients/:recipientID/care-plan": [
                        "goal": "Bo hjemme", "reason": "Samtale med bruker",
                    ],
                    "POST /api/v1/recipients/:recipientID/care-plan/measures": measureBody,
                    "PUT /api/v1/decisions/:decisionID": decisionBody,
                    "PUT /api/v1/measures/:measureID": measureBody,
                    "POST /api/v1/measures/:measureID/end": ["reason": "Ikke lenger behov"],
                    "POST /alarms/:alarmID/take": [:] as [String: Any],
                    "POST /alarms/:alarmID/note": ["note": "Ringte tilbake, alt vel"],
                    "POST /alarms/:alarmID/escalate": ["to": "relatives"],
                    "POST /alarms/:alarmID/close": ["cause": "helped"],
                    "POST /alarms/:alarmID/send": ["staff": me.uuidString],
                    "POST /deviations": [
                        "what": "Fall på badet", "recipient": recipientID.uuidString, "category": "fall",
                        "severity": "medium",
                    ],
                    "POST /deviations/:deviationID/assess": ["assessment": "Glatt gulv", "action": "Sklimatte"],
                    "POST /deviations/:deviationID/close": ["learned": "Sjekk baderom ved oppstart"],
                    "POST /my-day/:visitID/start": [:] as [String: Any],
                    "POST /my-day/:visitID/done": [:] as [String: Any],
                    "POST /my-day/:visitID/not-done": ["reason": "notHome"],
                    "POST /my-day/:visitID/report": ["observation": "Spiste godt"],
                    "POST /tasks/:taskID/done": [:] as [String: Any],
                    "POST /recipients/:recipientID/equipment": ["name": "Glidelaken"],
                    "POST /equipment/:equipmentID/remove": [:] as [String: Any],
                    "POST /my-day/:visitID/equipment/:equipmentID/missing": [:] as [String: Any],
                    "POST /tasks": [
                        "kind": "callRelatives", "recipient": recipientID.uuidString, "due": "2026-01-06T10:00",
                    ],
                    "POST /api/v1/tablet/changes": [
                        "changes": [
                            [
                                "id": "audit-change", "type": "report", "visitId": myVisits.first?.id?.uuidString ?? "",
                                "at": "2026-01-05T08:00:00Z", "report": ["observation": "Fin dag"],
                            ] as [String: Any]
                        ]
                    ],
                    "POST /intakes": [
                        "clientID": "audit-intake-2", "zone": home.uuidString, "action": "draft", "givenName": "Kari",
                    ],
                    "POST /intakes/:intakeID/processed": ["note": "Vedtak om hjemmesykepleie"],
                    "POST /recipients/:recipientID/alarm-devices": [
                        "controllerID": "4712", "description": "Falldetektor", "password": "hemmelig-1",
                        "heartbeatMinutes": "60",
                    ],
                ]
                var checked = 0
                for route in app.routes.all {
                    let key = "\(route.method.rawValue) \(AuditLog.pattern(route))"
                    let path = AuditLog.pattern(route)
                        .replacingOccurrences(of: ":recipientID", with: recipientID.uuidString)
                        .replacingOccurrences(of: ":decisionID", with: decision.id!.uuidString)
                        .replacingOccurrences(of: ":measureID", with: measure.id!.uuidString)
                        .replacingOccurrences(
                            of: ":alarmID", with: (key.hasSuffix("/send") ? second : alarm).id!.uuidString
                        )
                        .replacingOccurrences(of: ":deviationID", with: deviation.id!.uuidString)
                        .replacingOccurrences(of: ":reportID", with: report.id!.uuidString)
                        .replacingOccurrences(of: ":photoID", with: photo.id!.uuidString)
                        .replacingOccurrences(of: ":taskID", with: task.id!.uuidString)
                        .replacingOccurrences(of: ":intakeID", with: intake.id!.uuidString)
                        .replacingOccurrences(
                            of: ":equipmentID", with: equipment[key.hasSuffix("/remove") ? 1 : 0].id!.uuidString
                        )
                        .replacingOccurrences(
                            of: ":visitID",
                            with: (key.hasSuffix("/not-done") ? myVisits.last : myVisits.first)?.id?.uuidString
                                ?? "none")
                    switch route.dataClassification {
                    case .recipientData:
                        let body = samples[key]
                        if route.method != .GET && body == nil {
                            Issue.record("no sample request for \(key): add one to this test")
                            continue
                        }
                        let before = try await AuditEventModel.query(on: app.db).filter(\.$recipientID == recipientID)
                            .count()
                        let response = try await app.send(route.method, path, json: body)
                        #expect(response.status.code < 400, "\(key) answered \(response.status)")
                        let events = try await AuditEventModel.query(on: app.db)
                            .filter(\.$recipientID == recipientID).sort(\.$at).all()
                        #expect(events.count > before, "\(key) wrote no audit event")
                        #expect(events.last?.resource == key)
                        checked += 1
                    case .recipientList:
                        let before = try await AuditEventModel.query(on: app.db).filter(\.$action == "list").count()
                        let response = try await app.send(route.method, path, json: samples[key])
                        #expect(response.status.code < 400, "\(key) answered \(response.status)")
                        let after = try await AuditEventModel.query(on: app.db).filter(\.$action == "list").count()
                        #expect(after > before, "\(key) listed recipients without logging them")
                        checked += 1
                    case .recipientsInBody:
                        guard let body = samples[key] else {
                            Issue.record("no sample request for \(key): add one to this test")
                            continue
                        }
                        let response = try await app.send(route.method, path, json: body)
                        #expect(response.status.code < 400, "\(key) answered \(response.status)")
                        let after = try await AuditEventModel.query(on: app.db).filter(\.$recipientID == recipientID)
                            .filter(\.$resource == key).count()
                        #expect(after > 0, "\(key) changed a record without logging it")
                        checked += 1
                    case .intakes:
                        if route.method != .GET && samples[key] == nil {
                            Issue.record("no sample request for \(key): add one to this test")
                            continue
                        }
                        let response = try await app.send(route.method, path, json: samples[key])
                        #expect(response.status.code < 400, "\(key) answered \(response.status)")
                        let logged = try await AuditEventModel.query(on: app.db).filter(\.$intakeID != nil)
                            .filter(\.$resource == key).count()
                        #expect(logged > 0, "\(key) touched an intake assessment without logging it")
                        checked += 1
                    default:
                        continue
                    }
                }
                #expect(checked >= 20)

                // Every refusal leaves an event: each route again, as a care worker of another zone
                // who names the recipient's zone where a route takes one.
                let outsider = try await app.makeUser(role: .careWorker, zoneID: elsewhere)
                var refused = 0
                for route in app.routes.all where route.dataClassification != nil {
                    let key = "\(route.method.rawValue) \(AuditLog.pattern(route))"
                    var path = AuditLog.pattern(route)
                        .replacingOccurrences(of: ":recipientID", with: recipientID.uuidString)
                        .replacingOccurrences(of: ":decisionID", with: decision.id!.uuidString)
                        .replacingOccurrences(of: ":measureID", with: measure.id!.uuidString)
                        .replacingOccurrences(of: ":alarmID", with: second.id!.uuidString)
                        .replacingOccurrences(of: ":deviationID", with: deviation.id!.uuidString)
                        .replacingOccurrences(of: ":reportID", with: report.id!.uuidString)
                        .replacingOccurrences(of: ":photoID", with: photo.id!.uuidString)
                        .replacingOccurrences(of: ":taskID", with: task.id!.uuidString)
                        .replacingOccurrences(of: ":intakeID", with: intake.id!.uuidString)
                        .replacingOccurrences(of: ":equipmentID", with: equipment[0].id!.uuidString)
                        .replacingOccurrences(of: ":visitID", with: myVisits.first?.id?.uuidString ?? "none")
                        .replacingOccurrences(of: ":staffID", with: me.uuidString)
                    // Routes that would end or lock the outsider's own session are left out.
                    guard !path.contains(":"), !path.contains("*"), !path.contains("logout"), !path.contains("lock"),
                        !path.hasPrefix("/api/v1/session")
                    else { continue }
                    if route.method == .GET { path += "?zone=\(home.uuidString)" }
                    let before = try await AuditEventModel.query(on: app.db).filter(\.$action == "denied").count()
                    let response = try await app.send(route.method, path, json: samples[key], as: outsider)
                    guard response.status == .forbidden else { continue }
                    refused += 1
                    let after = try await AuditEventModel.query(on: app.db).filter(\.$action == "denied").count()
                    #expect(after > before, "\(key) refused a care worker of another zone without an audit event")
                }
                #expect(refused >= 15, "the outsider was refused \(refused) times")
            }
        }

        @Test func creatingARecipientIsLogged() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zone = try await app.anyZone()
                let created = try await app.send(
                    .POST, "/api/v1/recipients", json: recipientBody(nationalId: freshNationalID(), zoneId: zone.id!))
                let id = try #require(UUID(uuidString: created.object["id"] as? String ?? ""))
                let events = try await AuditEventModel.query(on: app.db).filter(\.$recipientID == id).all()
                #expect(events.map(\.action) == ["change"])
            }
        }
    }
}
