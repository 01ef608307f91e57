import Fluent
import Foundation
import TilsynCore

extension DemoLoader {
    /// Eight weeks of synthetic absence, so the sick-leave pages show something: short
    /// self-certified spells for about one in four, a doctor-certified week or two for a few,
    /// and some holiday. Deterministic for a seed.
    func loadAbsences(_ demo: DemoMunicipality, seed: UInt64, today: LocalDate) async throws -> Int {
        var random = DemoRandom(seed: seed &+ 0x5EED)
        func below(_ bound: Int) -> Int { random.below(bound) }
        var absences: [AbsenceModel] = []
        for member in demo.staff where DefaultRoster.plannedRoles.contains(member.role) {
            if below(4) == 0 {
                let first = today.adding(days: -(1 + below(55)))
                absences.append(
                    AbsenceModel(
                        staffID: member.id, kind: .selfCertified, first: first, last: first.adding(days: below(3)),
                        fromMinute: nil, by: nil))
            }
            if below(12) == 0 {
                let first = today.adding(days: -(7 + below(45)))
                absences.append(
                    AbsenceModel(
                        staffID: member.id, kind: .doctorCertified, first: first,
                        last: first.adding(days: 5 + below(10)),
                        fromMinute: nil, by: nil))
            }
            if below(10) == 0 {
                let first = today.adding(days: 3 + below(20))
                absences.append(
                    AbsenceModel(
                        staffID: member.id, kind: .holiday, first: first, last: first.adding(days: 4), fromMinute: nil,
                        by: nil))
            }
        }
        let made = absences
        try await database.writeTransaction { database in
            for chunk in made.chunked(100) { try await chunk.create(on: database) }
        }
        return made.count
    }
}
