import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    /// Intake assessments (R17): drafted offline and sent in through the tablet's outbox once,
    /// readable by their author and then by those who decide, processed, and the web form.
    @Suite struct IntakeTests {
        static func complete(_ name: String = "Ragnhild") -> [String: Any] {
            [
                "givenName": name, "familyName": "Testesen", "birthDate": "1938-04-02",
                "address": "Storgata 1, 9008 Tromsø", "reason": "Trenger hjelp med medisiner og dusj",
                "living": "alone", "referredBy": "hospital",
                "functions": Dictionary(uniqueKeysWithValues: IntakeArea.allCases.map { ($0.rawValue, 3) }),
                "risks": ["stairs"], "services": ["homeNursing", "safetyAlarm"], "consent": true,
            ]
        }

        static func change(
            _ id: String, intake: String, zone: UUID, answers: [String: Any], submit: Bool, at: String
        ) -> [String: Any] {
            [
                "changes": [
                    [
                        "id": id, "type": "intake", "at": at,
                        "intake": [
                            "id": intake, "zone": zone.uuidString, "answers": answers, "submit": submit,
                        ] as [String: Any],
                    ] as [String: Any]
                ]
            ]
        }

        static func results(_ response: TestingHTTPResponse) -> [(String, String)] {
            (response.object["results"] as? [[String: Any]] ?? []).map {
                ($0["status"] as? String ?? "", $0["message"] as? String ?? "")
            }
        }

        @Test func aDraftMadeOfflineIsSentInExactlyOnce() async throws {
            try await withTilsyn(demoRecipients: 4) { app in
                let zone = try await app.anyZone().id!
                let nurse = try await app.makeUser(role: .nurse, zoneID: zone)
                let path = "/api/v1/tablet/changes"
                func send(_ body: [String: Any]) async throws -> [(String, String)] {
                    let response = try await app.send(.POST, path, json: body, as: nurse)
                    #expect(response.status == .ok)
                    return Self.results(response)
                }
                var draft = Self.complete()
                draft["consent"] = false
                draft["notes"] = "Andre utkast"
                let newer = Self.change(
                    "c2", intake: "i1", zone: zone, answers: draft, submit: false, at: "2026-01-05T10:10:00Z")
                #expect(try await send(newer).map(\.0) == ["applied"])
                #expect(try await send(newer).map(\.0) == ["duplicate"], "a replay is recognised")
                // An older save arriving late never overwrites the newer one.
                let older = Self.change(
                    "c1", intake: "i1", zone: zone, answers: ["givenName": "Eldre"], submit: false,
                    at: "2026-01-05T10:00:00Z")
                #expect(try await send(older).map(\.0) == ["duplicate"])
                let stored = try #require(
                    try await IntakeAssessmentModel.query(on: app.db).filter(\.$clientID == "i1").first())
                #expect(stored.decodedAnswers().notes == "Andre utkast")
                #expect(stored.state == .draft)
                // The day offers the draft to go on with, on another tablet too.
                let day = try await app.send(.GET, "/api/v1/tablet/day", as: nurse)
                #expect((day.object["intakeDrafts"] as? [[String: Any]])?.map { $0["id"] as? String } == ["i1"])
                #expect(day.object["intake"] != nil)
                // Sending in without consent is refused and changes nothing.
                let noConsent = try await send(
                    Self.change(
                        "c3", intake: "i1", zone: zone, answers: draft, submit: true, at: "2026-01-05T10:20:00Z"))
                #expect(noConsent.map(\.0) == ["rejected"])
                #expect(noConsent.first?.1.contains("samtykke") == true)
                try await stored.requireReload(app)
                #expect(stored.state == .draft)
                let submit = Self.change(
                    "c4", intake: "i1", zone: zone, answers: Self.complete(), submit: true, at: "2026-01-05T10:30:00Z")
                #expect(try await send(submit).map(\.0) == ["applied"])
                #expect(try await send(submit).map(\.0) == ["duplicate"])
                let after = try await IntakeAssessmentModel.query(on: app.db).filter(\.$clientID == "i1").all()
                #expect(after.count == 1)
                #expect(after.first?.state == .submitted)
                #expect(after.first?.decodedAnswers().consent == true)
                // Once sent in it is fixed.
                let late = try await send(
                    Self.change(
                        "c5", intake: "i1", zone: zone, answers: draft, submit: false, at: "2026-01-05T11:00:00Z"))
                #expect(late.map(\.0) == ["rejected"])
                let dayAfter = try await app.send(.GET, "/api/v1/tablet/day", as: nurse)
                #expect((dayAfter.object["intakeDrafts"] as? [Any])?.isEmpty == true)
                // Those who make no assessments cannot start one, and see no form.
                let worker = try await app.makeUser(role: .careWorker, zoneID: zone)
                let refused = Self.results(
                    try await app.send(
                        .POST, path,
                        json: Self.change(
                            "w1", intake: "w1", zone: zone, answers: [:], submit: false, at: "2026-01-05T10:00:00Z"),
                        as: worker))
                #expect(refused.map(\.0) == ["rejected"])
                #expect(try await IntakeAssessmentModel.query(on: app.db).filter(\.$clientID == "w1").count() == 0)
                let workerDay = try await app.send(.GET, "/api/v1/tablet/day", as: worker)
                #expect(workerDay.object["intake"] == nil)
            }
        }

        @Test func aDraftIsTheAuthorsAloneAndWhatWasSentInGoesToThoseWhoDecide() async throws {
            try await withTilsyn(demoRecipients: 4) { app in
                let zones = try await ZoneModel.query(on: app.db).sort(\.$name).all()
                try #require(zones.count >= 2)
                let zone = zones[0].id!
                let nurse = try await app.makeUser(role: .nurse, zoneID: zone)
                let colleague = try await app.makeUser(role: .nurse, zoneID: zone)
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zone)
                let otherLeader = try await app.makeUser(role: .departmentLeader, zoneID: zones[1].id)
                let office = try await app.makeUser(role: .allocationOfficer, zoneID: nil)
                let worker = try await app.makeUser(role: .careWorker, zoneID: zone)
                let admin = try await app.makeUser(role: .admin, zoneID: nil)
                _ = try await app.send(
                    .POST, "/api/v1/tablet/changes",
                    json: Self.change(
                        "d1", intake: "x1", zone: zone, answers: Self.complete("Solveig"), submit: false,
                        at: "2026-01-05T10:00:00Z"),
                    as: nurse)
                let intake = try #require(try await IntakeAssessmentModel.query(on: app.db).first())
                let path = "/intakes/\(intake.id!.uuidString)"
                #expect(try await app.send(.GET, path, as: nurse).status == .ok)
                for other in [colleague, leader, office, worker, admin] {
                    #expect(try await app.send(.GET, path, as: other).status == .forbidden)
                }
                let list = try await app.send(.GET, "/intakes", as: leader)
                #expect(!list.text.contains("Solveig"), "a draft is not listed to the leader")
                _ = try await app.send(
                    .POST, "/api/v1/tablet/changes",
                    json: Self.change(
                        "d2", intake: "x1", zone: zone, answers: Self.complete("Solveig"), submit: true,
                        at: "2026-01-05T10:05:00Z"),
                    as: nurse)
                for reader in [nurse, leader, office] {
                    let page = try await app.send(.GET, path, as: reader)
                    #expect(page.status == .ok)
                    #expect(page.text.contains("Solveig Testesen"))
                }
                for other in [colleague, otherLeader, worker, admin] {
                    #expect(try await app.send(.GET, path, as: other).status == .forbidden)
                }
                #expect(try await app.send(.GET, "/intakes", as: office).text.contains("Solveig"))
                #expect(!(try await app.send(.GET, "/intakes", as: otherLeader).text.contains("Solveig")))
                // Every read is in the audit log, by the intake's id.
                let reads = try await AuditEventModel.query(on: app.db).filter(\.$intakeID == intake.id!)
                    .filter(\.$action == "read").all()
                #expect(Set(reads.compactMap(\.staffID)) == [nurse.staffID, leader.staffID, office.staffID])
                // The author cannot process it; the office does, once.
                let note = ["note": "Vedtak: hjemmesykepleie 3 t/uke"]
                #expect(try await app.send(.POST, path + "/processed", json: note, as: nurse).status == .forbidden)
                #expect(try await app.send(.POST, path + "/processed", json: note, as: office).status == .seeOther)
                #expect(try await app.send(.POST, path + "/processed", json: note, as: leader).status == .conflict)
                try await intake.requireReload(app)
                #expect(intake.state == .processed)
                #expect(intake.processedBy == office.staffID)
            }
        }

        @Test func theWebFormKeepsADraftAndSendsItIn() async throws {
            try await withTilsyn(demoRecipients: 4) { app in
                let zone = try await app.anyZone().id!
                let nurse = try await app.makeUser(role: .nurse, zoneID: zone)
                #expect(try await app.send(.GET, "/intakes/new", as: nurse).status == .ok)
                let worker = try await app.makeUser(role: .careWorker, zoneID: zone)
                #expect(try await app.send(.GET, "/intakes/new", as: worker).status == .forbidden)
                func post(_ body: String) async throws -> TestingHTTPResponse {
                    var headers = HTTPHeaders()
                    headers.contentType = .urlEncodedForm
                    return try await app.send(.POST, "/intakes", headers: headers, body: body, as: nurse)
                }
                let fields =
                    "clientID=web-1&zone=\(zone.uuidString)&givenName=Odd&familyName=Testesen"
                    + "&address=Fjellveien%202&reason=Dusj&functions%5Bmobility%5D=2&functions%5Bmemory%5D="
                    + "&risks%5B%5D=stairs&risks%5B%5D=poorLighting"
                let saved = try await post(fields + "&action=draft")
                #expect(saved.status == .seeOther)
                let intake = try #require(
                    try await IntakeAssessmentModel.query(on: app.db).filter(\.$clientID == "web-1").first())
                let answers = intake.decodedAnswers()
                #expect(answers.functions == ["mobility": 2])
                #expect(answers.risks == ["stairs", "poorLighting"])
                #expect(intake.state == .draft)
                let form = try await app.send(.GET, "/intakes/\(intake.id!.uuidString)", as: nurse)
                #expect(form.text.contains("value=\"Odd\""), "the draft opens in the form to go on with")
                // Incomplete: refused with what is missing, and still a draft.
                let incomplete = try await post(fields + "&action=submit")
                #expect(incomplete.status == .unprocessableEntity)
                try await intake.requireReload(app)
                #expect(intake.state == .draft)
                let everything =
                    IntakeArea.allCases.map { "functions%5B\($0.rawValue)%5D=4" }.joined(separator: "&")
                let sent = try await post(
                    "clientID=web-1&zone=\(zone.uuidString)&givenName=Odd&familyName=Testesen&address=Fjellveien%202"
                        + "&reason=Dusj&consent=on&\(everything)&action=submit")
                #expect(sent.status == .seeOther)
                #expect(sent.headers.first(name: .location) == "/intakes?saved=submitted")
                try await intake.requireReload(app)
                #expect(intake.state == .submitted)
                #expect(intake.decodedAnswers().functions.count == IntakeArea.allCases.count)
            }
        }
    }
}

extension IntakeAssessmentModel {
    func requireReload(_ app: Application) async throws {
        let fresh = try #require(try await IntakeAssessmentModel.find(id, on: app.db))
        status = fresh.status
        answers = fresh.answers
        processedBy = fresh.processedBy
    }
}
