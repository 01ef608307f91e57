import Foundation

/// A realistic improvement history for the demo: ideas across categories and zones, answers (some
/// late), trials with weekly measurements, evaluations, and one stalled trial.
public struct DemoImprovementHistory: Sendable {
    public var ideas: [Idea]
    public var trials: [Trial]

    struct Template {
        var title: String
        var problem: String
        var proposal: String
        var category: IdeaCategory
        var values: Set<MunicipalValue>
        var indicator: (name: String, unit: String, baseline: Double, target: Double)
        var evaluation: (done: String, learned: String, next: String)
    }

    static let templates: [Template] = [
        Template(
            title: "Nøkkeltavle med kvittering", problem: "Vi bruker mye tid om morgenen på å lete etter nøkler.",
            proposal: "En fast nøkkeltavle per sone der man kvitterer ut og inn.", category: .toolsAndMethods,
            values: [.trust], indicator: ("Minutter brukt på nøkler per morgen", "min", 35, 10),
            evaluation: (
                "Tavle satt opp i sonen, kvittering på papir.",
                "Nesten ingen leting etter nøkler; kvittering må være enkel.",
                "Innfør i alle soner, én ansvarlig per tavle."
            )),
        Template(
            title: "Kort morgenrapport med fast agenda",
            problem: "Morgenrapporten tar ofte over 45 minutter og blir urolig.",
            proposal: "Fast agenda: nye brukere, endringer, fravær, oppgaver med eier. Stillerapport for resten.",
            category: .process, values: [.respect, .openness], indicator: ("Lengde på morgenrapport", "min", 45, 20),
            evaluation: (
                "Fast agenda på tavla i fire uker.", "Kortere møter, men behov for tid til spørsmål etterpå.",
                "Behold agendaen og avslutt med fem minutter åpne spørsmål."
            )),
        Template(
            title: "Primærkontakt etter kjennskap", problem: "Primærkontakter fordeles tilfeldig.",
            proposal: "Velg primærkontakt etter hvem brukeren kjenner og trives med, og planlegg dem på besøkene.",
            category: .structure, values: [.respect, .recognition],
            indicator: ("Besøk gjort av primærkontakt", "%", 22, 50),
            evaluation: (
                "Primærkontakter valgt på nytt i samtale med brukerne.",
                "Brukerne merker forskjellen; krever at planleggingen prioriterer det.",
                "Gjør det til regel ved nye vedtak."
            )),
        Template(
            title: "Påfyll av utstyr med sjekkliste", problem: "Hansker og bandasjer mangler ofte hjemme hos brukerne.",
            proposal: "En sjekkliste per bruker og en fast dag for påfyll.", category: .toolsAndMethods,
            values: [.trust],
            indicator: ("Besøk der utstyr manglet", "per uke", 14, 3),
            evaluation: (
                "Sjekkliste i mappen og påfyll hver tirsdag.", "Færre avbrudd i besøkene; listen må holdes oppdatert.",
                "Flytt listen inn i nettbrettet."
            )),
        Template(
            title: "Opplæring i nettbrett for nyansatte", problem: "Nyansatte og vikarer lar nettbrettet ligge.",
            proposal: "Én time opplæring med en erfaren kollega første dag.", category: .training, values: [.openness],
            indicator: ("Vikarer som bruker nettbrettet første uke", "%", 30, 80),
            evaluation: (
                "Fadderordning med én time opplæring.", "Vikarene bruker brettet når noen viser dem det i praksis.",
                "Lag en kort video i tillegg."
            )),
        Template(
            title: "Synlig sykefravær på tavla", problem: "Vi snakker lite om fravær, og det kommer overraskende.",
            proposal: "Vis sykefraværet for avdelingen åpent hver uke og følg opp sammen.", category: .leadership,
            values: [.openness, .courage], indicator: ("Sykefravær", "%", 14, 9),
            evaluation: (
                "Ukentlig tavle med fravær og samtaler.",
                "Åpenhet gir færre overraskelser, men tar tid å venne seg til.",
                "Fortsett, og del erfaringene med de andre sonene."
            )),
        Template(
            title: "Faste ruter for kveldsvakten", problem: "Kveldsvakten kjører kryss og tvers i sonen.",
            proposal: "Del sonen i to faste kveldsruter etter geografi.", category: .process, values: [.trust],
            indicator: ("Kjøretid per kveldsvakt", "min", 95, 70),
            evaluation: (
                "To faste ruter i seks uker.", "Mindre kjøring, men sårbart ved fravær.", "Justér rutene månedlig."
            )),
        Template(
            title: "Lederen med på rapporten to ganger om dagen",
            problem: "Vi mangler noen å spørre når det skjer noe.",
            proposal: "Avdelingsleder deltar på morgen- og ettermiddagsrapport.", category: .leadership,
            values: [.recognition, .trust], indicator: ("Saker uten eier etter rapport", "per uke", 9, 2),
            evaluation: (
                "Leder deltok på begge rapporter i åtte uker.", "Raskere avklaringer og færre løse tråder.",
                "Innfør som fast praksis."
            )),
    ]

    /// The history for `zones` and `staff` of the demo, dated before `referenceDate`.
    public static func generate(
        seed: UInt64, referenceDate: LocalDate, unitID: UUID, zones: [Zone], staff: [StaffMember], timeZone: TimeZone
    ) -> DemoImprovementHistory {
        var random = SeededRandom(seed: seed &+ 77)
        var ideas: [Idea] = []
        var trials: [Trial] = []
        var counter = 0
        func id(_ kind: String) -> UUID {
            counter += 1
            return StableUUID.make(from: "demo-improvement:\(seed):\(kind):\(counter)")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let referenceMidnight = calendar.date(
            from: DateComponents(year: referenceDate.year, month: referenceDate.month, day: referenceDate.day))!
        let visiting = staff.filter { $0.role.makesVisits && $0.zoneID != nil }
        for index in 0..<32 {
            let template = templates[index % templates.count]
            let zone = zones[index % zones.count]
            let author = random.pick(visiting.filter { $0.zoneID == zone.id })
            let daysAgo = Int.random(in: 3...200, using: &random)
            let submitted = referenceMidnight.addingTimeInterval(Double(-daysAgo) * 86400 + 9 * 3600)
            var idea = Idea(
                id: id("idea"), title: index < templates.count ? template.title : "\(template.title) (\(zone.name))",
                problem: template.problem, proposal: template.proposal, category: template.category, unitID: unitID,
                zoneID: zone.id, values: template.values, authorID: author.id, submittedAt: submitted)
            // Most ideas are answered, a few late; the newest few are still waiting.
            if daysAgo > 12 || random.chance(0.3) {
                let answerDays = min(daysAgo - 1, Int.random(in: 2...20, using: &random))
                idea.answeredAt = submitted.addingTimeInterval(Double(answerDays) * 86400)
                let draw = Double.random(in: 0..<1, using: &random)
                if draw < 0.5 && daysAgo > 30 {
                    idea.answer = IdeaAnswer(kind: .tryIt, reason: "Godt forslag – vi prøver i to måneder.")
                    let start = referenceDate.adding(days: -daysAgo + answerDays + 3)
                    var indicator = TrialIndicator(
                        id: id("indicator"), name: template.indicator.name, unit: template.indicator.unit,
                        baseline: template.indicator.baseline, target: template.indicator.target)
                    let stalled = trials.count == 2
                    let weeks = stalled ? 2 : min(8, max(1, (daysAgo - answerDays) / 7 - 1))
                    for week in 0..<weeks {
                        let progress = Double(week + 1) / 8 * Double.random(in: 0.8...1.2, using: &random)
                        let value = indicator.baseline + (indicator.target - indicator.baseline) * min(progress, 1.05)
                        indicator.values.append(
                            IndicatorValue(date: start.adding(days: 7 * (week + 1)), value: (value * 10).rounded() / 10)
                        )
                    }
                    let end = start.adding(days: 60)
                    var trial = Trial(
                        id: id("trial"), ideaID: idea.id, ownerID: author.id, startDate: start, endDate: end,
                        costHoursPerWeek: [0.5, 1, 2][index % 3], indicators: [indicator])
                    if !stalled, end < referenceDate {
                        let decision: TrialDecision =
                            indicator.targetReached ? .adopt : (random.chance(0.5) ? .adjustAndContinue : .stop)
                        trial.evaluation = Evaluation(
                            done: template.evaluation.done, learned: template.evaluation.learned,
                            next: template.evaluation.next, decision: decision)
                    }
                    trials.append(trial)
                } else if draw < 0.7 {
                    idea.answer = IdeaAnswer(
                        kind: .notNow, reason: "Vi tar det opp igjen etter sommerferien når bemanningen er bedre.")
                } else if draw < 0.85 {
                    idea.answer = IdeaAnswer(
                        kind: .alreadyDone, reason: "Sonen ved siden av har gjort dette.",
                        link: "Se utprøvingen i \(zones[(index + 1) % zones.count].name)")
                } else {
                    idea.answer = IdeaAnswer(kind: .no, reason: "Det krever utstyr vi ikke har budsjett til i år.")
                }
            }
            ideas.append(idea)
        }
        return DemoImprovementHistory(ideas: ideas, trials: trials)
    }
}
