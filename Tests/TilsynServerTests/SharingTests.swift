import Fluent
import Foundation
import Testing
import TilsynCore
import Vapor
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct SharingTests {
        func trial(_ app: Application, decision: TrialDecision, title: String) async throws -> UUID {
            let unit = try #require(try await CareUnitModel.query(on: app.db).first())
            let author = try #require(try await StaffMemberModel.query(on: app.db).filter(\.$role == "nurse").first())
            let idea = Idea(
                title: title, problem: "p", proposal: "q", category: .process, unitID: unit.id!, authorID: author.id!,
                answer: IdeaAnswer(kind: .tryIt), answeredAt: Date())
            try await IdeaModel(idea).create(on: app.db)
            var indicator = TrialIndicator(name: "Glemte varer", unit: "per uke", baseline: 6, target: 1)
            indicator.values = [IndicatorValue(date: LocalDate("2026-10-01")!, value: 1)]
            let trial = Trial(
                ideaID: idea.id, ownerID: author.id!, startDate: LocalDate("2026-09-01")!,
                endDate: LocalDate("2026-10-31")!, costHoursPerWeek: 1, indicators: [indicator],
                evaluation: Evaluation(done: "a", learned: "Lister virker", next: "Bruk overalt", decision: decision))
            try await TrialModel(trial).create(on: app.db)
            return trial.id
        }

        @Test func adoptedTrialsArePublishedAndCopiedByOtherUnitsOnly() async throws {
            try await withTilsyn(demoRecipients: 2, signedInAs: .departmentLeader) { app in
                let stopped = try await trial(app, decision: .stop, title: "Stoppet forsøk")
                let adopted = try await trial(app, decision: .adopt, title: "Handlelister")
                #expect(try await app.send(.POST, "/trials/\(stopped)/publish").status == .conflict)
                #expect(try await app.send(.POST, "/trials/\(adopted)/publish").status == .seeOther)
                #expect(try await app.send(.POST, "/trials/\(adopted)/publish").status == .conflict)
                let stories = try await app.send(.GET, "/ideas/stories")
                #expect(stories.text.contains("Handlelister"))
                #expect(stories.text.contains("Glemte varer: 6 → 1 per uke"))
                let story = try #require(try await SuccessStoryModel.query(on: app.db).first())
                #expect(
                    try await app.send(.POST, "/stories/\(story.id!)/copy").status == .conflict, "not to its own unit")

                // A leader in another unit copies it as a fresh trial of their own.
                let municipality = try #require(try await MunicipalityModel.query(on: app.db).first())
                let otherUnit = CareUnit(municipalityID: municipality.id!, name: "Hjemmetjenesten Fastlandet")
                try await CareUnitModel(otherUnit).create(on: app.db)
                let otherZone = Zone(unitID: otherUnit.id, name: "Fastlandet")
                try await ZoneModel(otherZone).create(on: app.db)
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: otherZone.id)
                let copied = try await app.send(.POST, "/stories/\(story.id!)/copy", as: leader)
                #expect(copied.status == .seeOther)
                let newIdea = try #require(
                    try await IdeaModel.query(on: app.db).filter(\.$unitID == otherUnit.id).first())
                let newTrial = try #require(
                    try await TrialModel.query(on: app.db).filter(\.$idea.$id == newIdea.id!).first())
                #expect(newTrial.ownerID == leader.staffID)
                #expect(newTrial.indicators.map(\.name) == ["Glemte varer"])
                #expect(newTrial.indicators[0].values.isEmpty, "the copy starts measuring from scratch")
                #expect(newTrial.evaluationDecision == nil)
                #expect(try await app.send(.POST, "/stories/\(story.id!)/copy", as: leader).status == .conflict)
            }
        }
    }
}
