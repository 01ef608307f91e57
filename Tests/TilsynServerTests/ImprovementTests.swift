import Fluent
import Foundation
import Testing
import TilsynCore
import Vapor
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct ImprovementTests {
        func ideaID(_ response: TestingHTTPResponse) throws -> String {
            let location = try #require(response.headers.first(name: .location))
            return String(try #require(location.split(separator: "/").last))
        }

        @Test func ideaGoesFromSubmissionThroughTrialToAnEvaluationOthersCanFind() async throws {
            try await withTilsyn(demoRecipients: 6, signedInAs: .departmentLeader) { app in
                let zone = try await app.anyZone()
                let worker = try await app.makeUser(role: .careWorker, zoneID: zone.id)
                let idea: [String: Any] = [
                    "title": "Nøkkeltavle i hver sone",
                    "problem": "Vi bruker lang tid på å lete etter nøkler om morgenen",
                    "proposal": "En fast nøkkeltavle med kvittering", "category": "toolsAndMethods",
                    "zoneId": zone.id!.uuidString, "values": ["trust"],
                ]
                let submitted = try await app.send(.POST, "/ideas", json: idea, as: worker)
                #expect(submitted.status == .seeOther)
                let id = try ideaID(submitted)
                #expect(try await app.send(.GET, "/ideas/\(id)", as: worker).text.contains("Venter på svar"))
                _ = try await app.send(.POST, "/ideas/\(id)/support", as: worker)
                _ = try await app.send(.POST, "/ideas/\(id)/support", as: worker)
                #expect(try await IdeaSupportModel.query(on: app.db).count() == 1, "supporting twice counts once")

                let workerAnswers = try await app.send(
                    .POST, "/ideas/\(id)/answer", json: ["kind": "tryIt"], as: worker)
                #expect(workerAnswers.status == .forbidden)
                let noReason = try await app.send(.POST, "/ideas/\(id)/answer", json: ["kind": "notNow"])
                #expect(noReason.status == .unprocessableEntity)
                #expect(try await app.send(.POST, "/ideas/\(id)/answer", json: ["kind": "tryIt"]).status == .seeOther)
                #expect(
                    try await app.send(.POST, "/ideas/\(id)/answer", json: ["kind": "no", "reason": "x"]).status
                        == .conflict)

                var trial: [String: Any] = [
                    "ownerId": worker.staffID.uuidString, "startDate": "2026-09-01", "endDate": "2026-12-31",
                    "costHoursPerWeek": 1, "indicatorName": "", "indicatorUnit": "min/dag", "baseline": 40,
                    "target": 10,
                ]
                let noIndicator = try await app.send(
                    .POST, "/ideas/\(id)/trial", json: trial, headers: ["Accept": "application/json"])
                #expect(noIndicator.status == .unprocessableEntity)
                #expect(noIndicator.object["field"] as? String == "indicators")
                trial["indicatorName"] = "Minutter brukt på å finne nøkler"
                #expect(try await app.send(.POST, "/ideas/\(id)/trial", json: trial).status == .seeOther)
                #expect(try await app.send(.POST, "/ideas/\(id)/trial", json: trial).status == .conflict)

                let stored = try #require(try await TrialModel.query(on: app.db).first())
                let indicator = try #require(stored.indicators.first?.id)
                let outsider = try await app.makeUser(role: .nurse, zoneID: zone.id)
                let notOwner = try await app.send(
                    .POST, "/trials/\(stored.id!)/measurements",
                    json: ["indicatorId": indicator.uuidString, "date": "2026-10-01", "value": 22], as: outsider)
                #expect(notOwner.status == .forbidden)
                let measured = try await app.send(
                    .POST, "/trials/\(stored.id!)/measurements",
                    json: ["indicatorId": indicator.uuidString, "date": "2026-10-01", "value": 22], as: worker)
                #expect(measured.status == .seeOther)
                let second = try await app.send(
                    .POST, "/trials/\(stored.id!)/indicators",
                    json: [
                        "indicatorName": "Forsinkede morgenbesøk", "indicatorUnit": "per uke", "baseline": 12,
                        "target": 4,
                    ],
                    as: worker)
                #expect(second.status == .seeOther)
                #expect(try await TrialModel.find(stored.id, on: app.db)?.indicators.count == 2)

                let halfEvaluation: [String: Any] = [
                    "done": "Tavle i alle biler", "learned": "", "next": "x", "decision": "adopt",
                ]
                let refused = try await app.send(
                    .POST, "/trials/\(stored.id!)/evaluation", json: halfEvaluation,
                    headers: ["Accept": "application/json"], as: worker)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.object["field"] as? String == "learned")
                let evaluation: [String: Any] = [
                    "done": "Nøkkeltavle med kvittering i hver sone",
                    "learned": "Mindre leting etter nøkler, roligere morgen",
                    "next": "Innfør i alle soner, én ansvarlig per tavle", "decision": "adopt",
                ]
                #expect(
                    try await app.send(.POST, "/trials/\(stored.id!)/evaluation", json: evaluation, as: worker).status
                        == .seeOther)
                let closed = try await app.send(
                    .POST, "/trials/\(stored.id!)/measurements",
                    json: ["indicatorId": indicator.uuidString, "date": "2026-10-08", "value": 12], as: worker)
                #expect(closed.status == .conflict, "an evaluated trial is closed")

                // A third person finds the evaluation by search, and a similar new idea links to it.
                let third = try await app.makeUser(role: .assistant, zoneID: zone.id)
                let byValue = try await app.send(.GET, "/ideas?value=trust&stage=adopted", as: third)
                #expect(byValue.text.contains("Nøkkeltavle i hver sone"))
                let otherValue = try await app.send(.GET, "/ideas?value=courage", as: third)
                #expect(!otherValue.text.contains("Nøkkeltavle i hver sone"))
                let search = try await app.send(.GET, "/ideas?q=n%C3%B8kler", as: third)
                #expect(search.text.contains("Mindre leting etter nøkler"))
                #expect(try await app.send(.GET, "/ideas/\(id)", as: third).text.contains("Innført"))
                let similar = try await app.send(
                    .POST, "/ideas",
                    json: [
                        "title": "Nøkler om morgenen", "problem": "Vi leter etter nøkler hver morgen",
                        "proposal": "Kan vi få en tavle for nøkler?", "category": "process",
                    ], as: third)
                let page = try await app.send(.GET, "/ideas/\(try ideaID(similar))", as: third)
                #expect(page.text.contains("Dette er prøvd før"))
                #expect(page.text.contains("/ideas/\(id)"))
            }
        }

        @Test func textThatLooksLikeHealthDataNeedsConfirmation() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let recipient = try #require(try await RecipientModel.query(on: app.db).first())
                let idea: [String: Any] = [
                    "title": "Bedre rutiner", "problem": "\(recipient.givenName) \(recipient.familyName) venter ofte",
                    "proposal": "Ring når vi er forsinket", "category": "process",
                ]
                let warned = try await app.send(.POST, "/ideas", json: idea, headers: ["Accept": "application/json"])
                #expect(warned.status == .unprocessableEntity)
                #expect((warned.object["reason"] as? String)?.contains("tjenestemottaker ved navn") == true)
                #expect(try await IdeaModel.query(on: app.db).count() == 0)
                var confirmed = idea
                confirmed["confirmNoHealthData"] = "on"
                #expect(try await app.send(.POST, "/ideas", json: confirmed).status == .seeOther)
            }
        }

        @Test func ideasWaitingTooLongAreVisibleToEveryone() async throws {
            try await withTilsyn(demoRecipients: 2, signedInAs: .assistant) { app in
                let unit = try #require(try await CareUnitModel.query(on: app.db).first())
                let author = try #require(try await StaffMemberModel.query(on: app.db).first())
                let old = Idea(
                    title: "Gammelt forslag", problem: "p", proposal: "q", category: .leadership, unitID: unit.id!,
                    authorID: author.id!, submittedAt: Date().addingTimeInterval(-20 * 86400))
                try await IdeaModel(old).create(on: app.db)
                let list = try await app.send(.GET, "/ideas")
                #expect(list.text.contains("Gammelt forslag"))
                #expect(list.text.contains("Venter for lenge på svar"))
            }
        }
    }
}
