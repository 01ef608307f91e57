/// Something wrong with a problem itself, found before planning: the planner refuses it with the
/// reason rather than plan around bad data.
public struct ProblemError: Error, Sendable, Hashable, CustomStringConvertible {
    public var subject: String
    public var english: String
    public var norwegian: String
    public var description: String { "\(subject): \(english)" }
}

extension HomeCareProblem {
    /// Every inconsistency in the problem; empty when it can be planned.
    public func problems() -> [ProblemError] {
        var errors: [ProblemError] = []
        func fail(_ subject: String, _ english: String, _ norwegian: String) {
            errors.append(ProblemError(subject: subject, english: english, norwegian: norwegian))
        }
        var visitIDs = Set<String>()
        let staffIDs = Set(staff.map(\.id))
        for visit in visits {
            let subject = "visit \(visit.id)"
            if !visitIDs.insert(visit.id).inserted { fail(subject, "the id is used twice", "id-en er brukt to ganger") }
            if visit.durationMinutes <= 0 {
                fail(subject, "the duration must be positive", "varigheten må være positiv")
            }
            if visit.windows.isEmpty { fail(subject, "needs at least one time window", "trenger minst ett tidsvindu") }
            for window in visit.windows where window.start > window.end {
                fail(subject, "a time window ends before it starts", "et tidsvindu slutter før det begynner")
            }
            if !(1...2).contains(visit.staffCount) {
                fail(subject, "needs one or two staff", "trenger én eller to ansatte")
            }
            if visit.pinnedStaffIDs.count > visit.staffCount
                || Set(visit.pinnedStaffIDs).count < visit.pinnedStaffIDs.count
            {
                fail(subject, "is locked to more staff than it needs", "er låst til flere ansatte enn besøket trenger")
            }
            for id in visit.pinnedStaffIDs where !staffIDs.contains(id) {
                fail(subject, "is locked to \(id), who is not on shift", "er låst til \(id), som ikke er på vakt")
            }
        }
        var seenStaff = Set<String>()
        for shift in staff {
            let subject = "staff \(shift.id)"
            if !seenStaff.insert(shift.id).inserted {
                fail(subject, "the id is used twice", "id-en er brukt to ganger")
            }
            if shift.shiftEnd <= shift.shiftStart {
                fail(subject, "the shift ends before it starts", "vakten slutter før den begynner")
            }
            if shift.maxWorkingMinutes <= 0 {
                fail(subject, "the maximum working time must be positive", "lengste arbeidstid må være positiv")
            }
            if let rule = shift.breakRule, rule.window.start > rule.window.end || rule.lengthMinutes <= 0 {
                fail(subject, "the break needs a length and a window", "pausen trenger en lengde og et tidsvindu")
            }
        }
        let competences = Set(visits.flatMap(\.requiredCompetences) + staff.flatMap(\.competences))
        if competences.count > 64 {
            fail("problem", "more than 64 different competences", "mer enn 64 ulike kompetanser")
        }
        return errors
    }
}
