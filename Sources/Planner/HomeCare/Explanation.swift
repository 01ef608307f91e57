/// Why a visit went to whom, or why nobody could take it, in words a leader understands.
public struct VisitExplanation: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        case primaryContact, otherPreferredStaff, primaryContactUnavailable, noPreference
        case unknownVisit, noCompetence, noStaffAllowed, outsideShifts, fullyBooked, lowerPriority
    }

    public var visitID: String
    public var reason: Reason
    public var english: String
    public var norwegian: String
}

extension HomeCarePlanner {
    /// Explains one visit of a plan.
    public static func explain(_ problem: HomeCareProblem, _ plan: HomeCarePlan, visitID: String) -> VisitExplanation {
        func say(_ reason: VisitExplanation.Reason, _ english: String, _ norwegian: String) -> VisitExplanation {
            VisitExplanation(visitID: visitID, reason: reason, english: english, norwegian: norwegian)
        }
        guard let index = problem.visits.firstIndex(where: { $0.id == visitID }) else {
            return say(
                .unknownVisit, "There is no visit \(visitID) today.", "Det finnes ikke noe besøk \(visitID) i dag.")
        }
        let visit = problem.visits[index]
        let names = Dictionary(problem.staff.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ id: String) -> String { names[id] ?? id }

        if let made = plan.assignments[visitID] {
            let who = made.staffIDs.map(name).joined(separator: " og ")
            let whoEnglish = made.staffIDs.map(name).joined(separator: " and ")
            let time = clock(made.start)
            guard let primary = visit.preferredStaffIDs.first else {
                return say(
                    .noPreference, "\(whoEnglish) at \(time): the shortest day for the team; no preferred staff.",
                    "\(who) kl. \(time): gir teamet kortest dag; ingen foretrukne ansatte.")
            }
            if made.staffIDs.contains(primary) {
                return say(
                    .primaryContact, "\(whoEnglish) at \(time): \(name(primary)) is the primary contact.",
                    "\(who) kl. \(time): \(name(primary)) er primærkontakt.")
            }
            if made.staffIDs.contains(where: visit.preferredStaffIDs.contains) {
                return say(
                    .otherPreferredStaff, "\(whoEnglish) at \(time): among the recipient's preferred staff.",
                    "\(who) kl. \(time): blant brukerens foretrukne ansatte.")
            }
            let why = primaryUnavailable(problem, visit: visit, primary: primary)
            return say(
                .primaryContactUnavailable,
                "\(whoEnglish) at \(time): the primary contact \(name(primary)) \(why.english).",
                "\(who) kl. \(time): primærkontakten \(name(primary)) \(why.norwegian).")
        }

        // Not planned: find the first thing that rules everyone out.
        let data = HomeCareSearchData(problem)
        let allowed = (0..<data.staffCount).filter { data.eligible[index * data.staffCount + $0] }
        let missing = visit.requiredCompetences.subtracting(
            problem.staff.reduce(into: Set<String>()) {
                $0.formUnion($1.competences)
            })
        if !missing.isEmpty || (visit.staffCount == 1 && allowed.isEmpty && !visit.requiredCompetences.isEmpty) {
            let needed = visit.requiredCompetences.sorted().joined(separator: ", ")
            return say(
                .noCompetence, "Nobody on shift has the competence it needs (\(needed)).",
                "Ingen på vakt har kompetansen besøket krever (\(needed)).")
        }
        if allowed.count < visit.staffCount {
            return say(
                .noStaffAllowed,
                "Too few staff may take it (zone, lending, exclusions or locks leave \(allowed.count)).",
                "For få ansatte kan ta besøket (sone, utlån, reservasjoner eller låsing gir \(allowed.count)).")
        }
        let fitsAlone = HomeCareSearchState.staffWhoseEmptyDayFits(index, HomeCareSearchState(data), data)
        if fitsAlone.count < visit.staffCount {
            let windows = visit.windows.map { "\(clock(Double($0.start)))–\(clock(Double($0.end)))" }
                .joined(separator: ", ")
            return say(
                .outsideShifts, "Its time window (\(windows)) does not fit the shifts of those who may take it.",
                "Tidsvinduet (\(windows)) passer ikke med vaktene til dem som kan ta besøket.")
        }
        if !visit.mandatory {
            return say(
                .lowerPriority, "Optional, and the time went to mandatory visits.",
                "Valgfritt besøk; tiden gikk til besøk som må gjøres.")
        }
        let together = visit.staffCount == 2 ? " at the same time" : ""
        let samtidig = visit.staffCount == 2 ? " samtidig" : ""
        return say(
            .fullyBooked, "Everyone who may take it is fully booked in its time window\(together).",
            "Alle som kan ta besøket, er fullt opptatt i tidsvinduet\(samtidig).")
    }

    private static func primaryUnavailable(
        _ problem: HomeCareProblem, visit: CareVisit, primary: String
    )
        -> (english: String, norwegian: String)
    {
        guard let shift = problem.staff.first(where: { $0.id == primary }) else {
            return ("is not on shift", "er ikke på vakt")
        }
        if visit.staffCount == 1, !shift.competences.isSuperset(of: visit.requiredCompetences) {
            return ("lacks a competence it needs", "mangler kompetanse besøket krever")
        }
        if visit.excludedStaffIDs.contains(primary) { return ("is excluded from it", "er reservert mot besøket") }
        return ("has no room in the time window", "har ikke plass i tidsvinduet")
    }
}
