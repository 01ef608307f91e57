import Foundation
import Testing

@testable import TilsynCore

@Suite struct DemoMunicipalityTests {
    static let options = DemoMunicipality.Options(seed: 7, referenceDate: LocalDate("2026-11-23")!)
    let demo = DemoMunicipality.generate(options)

    @Test func hasSixZonesOfAtMostTwentyStaffAboutAThirdNurses() {
        #expect(demo.zones.count == 6)
        for zone in demo.zones {
            let staff = demo.staff.filter { $0.zoneID == zone.id }
            #expect(staff.count <= Zone.recommendedMaximumStaff)
            #expect(staff.count >= 16)
            let nurses = staff.filter { $0.role.isRegisteredNurse }.count
            #expect(Double(nurses) / Double(staff.count) > 0.25 && Double(nurses) / Double(staff.count) < 0.45)
        }
    }

    @Test func everyoneIsValidAndSynthetic() throws {
        #expect(demo.recipients.count == 280)
        for recipient in demo.recipients {
            try recipient.validate()
            #expect(recipient.nationalID.isSynthetic)
        }
        #expect(Set(demo.recipients.map(\.nationalID)).count == demo.recipients.count)
        for member in demo.staff { try member.validate() }
        for measure in demo.measures { try measure.validate() }
        for decision in demo.decisions { try decision.validate() }
    }

    @Test func yieldsTwoToThreeVisitsPerRecipientPerDay() {
        let decisions = Dictionary(uniqueKeysWithValues: demo.decisions.map { ($0.id, $0) })
        for offset in 0..<7 {
            let date = Self.options.referenceDate.adding(days: offset)
            let visits = VisitGenerator().visits(on: date, measures: demo.measures, decisions: decisions).visits
            let perRecipient = Double(visits.count) / Double(demo.recipients.count)
            #expect(perRecipient >= 2 && perRecipient <= 3, "\(date): \(perRecipient) visits per recipient")
        }
    }

    @Test func nurseTasksAndTwoPersonVisitsArePresent() {
        #expect(demo.measures.contains { $0.requiredCompetences.contains(.medication) })
        #expect(demo.measures.contains { $0.requiredCompetences.contains(.woundCare) })
        #expect(demo.measures.contains { $0.isTwoPerson })
        #expect(demo.measures.contains { $0.windows.contains { $0.start.minutes >= 22 * 60 } }, "night visits")
    }

    @Test func someDecisionsHaveExpiredOrEndSoon() {
        let today = Self.options.referenceDate
        #expect(demo.decisions.contains { $0.hasExpired(on: today) })
        #expect(demo.decisions.contains { (1..<14).contains($0.daysLeft(on: today) ?? 99) })
    }

    @Test func sameSeedGivesSameMunicipalityOtherSeedDoesNot() {
        let again = DemoMunicipality.generate(Self.options)
        #expect(again.recipients == demo.recipients)
        #expect(again.measures == demo.measures)
        let other = DemoMunicipality.generate(.init(seed: 8, referenceDate: Self.options.referenceDate))
        #expect(other.recipients != demo.recipients)
    }

    @Test func recipientsLieInTromso() {
        for recipient in demo.recipients {
            #expect((69.55...69.75).contains(recipient.address.coordinate.latitude))
            #expect((18.6...19.2).contains(recipient.address.coordinate.longitude))
        }
    }
}

@Suite struct DemoImprovementHistoryTests {
    @Test func historyHasIdeasTrialsMeasurementsEvaluationsAndAStalledTrial() throws {
        let options = DemoMunicipality.Options(seed: 2026, referenceDate: LocalDate("2026-11-23")!)
        let demo = DemoMunicipality.generate(options)
        let history = DemoImprovementHistory.generate(
            seed: 2026, referenceDate: options.referenceDate, unitID: demo.unit.id, zones: demo.zones,
            staff: demo.staff,
            timeZone: TimeZone(identifier: "Europe/Oslo")!)
        #expect(history.ideas.count >= 30)
        #expect(Set(history.ideas.map(\.category)) == Set(IdeaCategory.allCases))
        #expect(Set(history.ideas.compactMap(\.zoneID)).count == 6)
        #expect(history.ideas.contains { $0.answer == nil }, "some ideas still wait for an answer")
        for idea in history.ideas { try idea.validate() }
        for answer in history.ideas.compactMap(\.answer) { try answer.validate() }
        #expect(history.trials.count >= 3)
        for trial in history.trials { try trial.validate() }
        #expect(history.trials.filter { !$0.indicators[0].values.isEmpty }.count >= 3)
        #expect(history.trials.filter { $0.evaluation != nil }.count >= 2)
        #expect(history.trials.contains { $0.stalledReason(on: options.referenceDate) != nil })
    }
}
