import Foundation

/// The care plans of the demo: daily patterns (morning, midday, evening, night) whose nurse tasks
/// need a nurse, some two-person visits, wound care and weekly practical help, and the decisions
/// that grant them (some ending soon, a few already expired, to show the warnings).
extension DemoBuilder {
    struct GeneratedPlan {
        var goal: String
        var decisions: [Decision]
        var measures: [Measure]
    }

    private static func window(_ text: String) -> TimeWindow { TimeWindow(text)! }

    mutating func makeCarePlan(for recipient: Recipient) -> GeneratedPlan {
        let reference = options.referenceDate
        let nursing = Decision(
            id: nextID("decision"), recipientID: recipient.id, serviceType: .homeNursing, hoursPerWeek: 0,
            validFrom: reference.adding(days: -Int.random(in: 30...700, using: &random)), validTo: decisionEnd())
        var measures: [Measure] = []
        func add(
            _ title: String, _ windows: [String], minutes: Int, needs: Set<Competence>, days: Set<Weekday> = .everyDay,
            staff: Int = 1, instructions: String = "", decision: UUID? = nil
        ) -> Measure {
            Measure(
                id: nextID("measure"), recipientID: recipient.id, decisionID: decision ?? nursing.id, title: title,
                weekdays: days, windows: windows.map(Self.window), durationMinutes: minutes, requiredCompetences: needs,
                staffCount: staff, instructions: instructions)
        }
        let pattern = Double.random(in: 0..<1, using: &random)
        // About one in three gets morning medicines from a nurse; the others take theirs from
        // multidose packs themselves. Decided by the id (not the random stream), so the rest of the
        // demo stays as it was.
        let morningCare = recipient.id.uuid.0 % 3 == 0
        let goal: String
        if pattern < 0.30 {
            goal = "Bo trygt hjemme og få riktige medisiner til riktig tid."
            measures.append(
                add(
                    "Medisiner morgen og kveld", ["08:00-09:30", "20:00-21:30"], minutes: 15, needs: [.medication],
                    instructions: "Gi medisiner fra dosett. Kontroller at forrige dose er tatt."))
        } else if pattern < 0.60 {
            goal = "Klare morgen- og kveldsrutiner med støtte."
            measures.append(
                morningCare
                    ? add(
                        "Morgenstell og medisiner", ["07:30-10:00"], minutes: 45, needs: [.personalCare, .medication],
                        instructions: "Hjelp med dusj og påkledning. Gi morgenmedisiner.")
                    : add(
                        "Morgenstell", ["07:30-10:00"], minutes: 45, needs: [.personalCare],
                        instructions: "Hjelp med dusj og påkledning. Medisinene tar brukeren selv fra multidose."))
            measures.append(
                add(
                    "Kveldsstell", ["19:00-21:30"], minutes: 30, needs: [.personalCare],
                    instructions: "Hjelp med kveldsstell og legging."))
        } else {
            let twoPerson = random.chance(0.2)
            goal = "Trygghet og godt stell gjennom hele dagen."
            measures.append(
                add(
                    morningCare ? "Morgenstell og medisiner" : "Morgenstell", ["07:30-10:00"], minutes: 60,
                    needs: morningCare ? [.personalCare, .medication] : [.personalCare], staff: twoPerson ? 2 : 1,
                    instructions: twoPerson
                        ? "Forflytning med takheis: alltid to ansatte." : "Hjelp med stell og påkledning."))
            measures.append(
                add(
                    "Middag og tilsyn", ["11:30-13:30"], minutes: 30, needs: [.personalCare],
                    instructions: "Varm opp middag, sørg for drikke. Se etter endringer i allmenntilstand."))
            measures.append(
                add(
                    "Kveldsstell", ["18:00-21:00"], minutes: 45, needs: [.personalCare], staff: twoPerson ? 2 : 1,
                    instructions: twoPerson ? "Forflytning med takheis: alltid to ansatte." : "Hjelp med kveldsstell."))
            if pattern >= 0.85 {
                measures.append(
                    add(
                        "Nattilsyn", ["22:30-23:59"], minutes: 20, needs: [.personalCare],
                        instructions: "Tilsyn og snuing i seng. Ikke vekk hvis bruker sover godt."))
            }
        }
        if random.chance(0.10) {
            measures.append(
                add(
                    "Sårstell, legg", ["10:00-14:00"], minutes: 30, needs: [.woundCare],
                    days: [.monday, .wednesday, .friday],
                    instructions: "Skift bandasje etter prosedyre. Ta bilde ved endring."))
        }
        if random.chance(0.08) {
            measures.append(
                add(
                    "Insulin", ["07:30-08:30"], minutes: 10, needs: [.injection],
                    instructions: "Mål blodsukker før injeksjon. Dose etter skjema."))
        }
        let nursingMinutes = measures.reduce(0) {
            $0 + $1.weekdays.count * $1.windows.count * $1.durationMinutes * $1.staffCount
        }
        var finalNursing = nursing
        // Allocated hours do not match reality (R6): scale the planned time by 0.85–1.2.
        finalNursing.hoursPerWeek = roundToHalf(
            Double(nursingMinutes) / 60 * Double.random(in: 0.85...1.2, using: &random))
        var decisions = [finalNursing]
        if random.chance(0.35) {
            let practical = Decision(
                id: nextID("decision"), recipientID: recipient.id, serviceType: .practicalAssistance,
                hoursPerWeek: 1.5, validFrom: nursing.validFrom, validTo: nil)
            decisions.append(practical)
            measures.append(
                add(
                    "Rengjøring", ["10:00-15:00"], minutes: 90, needs: [.practicalHelp],
                    days: [random.pick([.monday, .tuesday, .wednesday, .thursday, .friday])],
                    instructions: "Støvsuging, gulvvask, bad og kjøkken.", decision: practical.id))
        }
        if random.chance(0.4) {
            decisions.append(
                Decision(
                    id: nextID("decision"), recipientID: recipient.id, serviceType: .safetyAlarm, hoursPerWeek: 0,
                    validFrom: nursing.validFrom, validTo: nil))
        }
        return GeneratedPlan(goal: goal, decisions: decisions, measures: measures)
    }

    /// Most decisions run until further notice; some end within a year, some within two weeks, and a
    /// few ended a few days ago.
    mutating func decisionEnd() -> LocalDate? {
        let reference = options.referenceDate
        let draw = Double.random(in: 0..<1, using: &random)
        switch draw {
        case ..<0.03: return reference.adding(days: -Int.random(in: 1...10, using: &random))
        case ..<0.13: return reference.adding(days: Int.random(in: 1...13, using: &random))
        case ..<0.40: return reference.adding(days: Int.random(in: 30...365, using: &random))
        default: return nil
        }
    }

    private func roundToHalf(_ value: Double) -> Double { (value * 2).rounded() / 2 }
}
