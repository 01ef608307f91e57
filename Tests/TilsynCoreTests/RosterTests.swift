import Foundation
import Testing
import TilsynCore

@Suite struct RosterTests {
    let staff = (0..<6).map { number in
        StaffMember(
            employeeNumber: "E\(number)", givenName: "A", familyName: "\(number)", role: .careWorker,
            competences: [.personalCare], zoneID: UUID(), employmentPercent: 100)
    }
    let date = LocalDate(year: 2026, month: 11, day: 23)!

    @Test func withoutChangesTheRosterIsTheRotation() {
        #expect(Roster.rotation.shifts(of: staff, on: date) == DefaultRoster.shifts(of: staff, on: date))
        #expect(!Roster.rotation.shifts(of: staff, on: date).isEmpty)
    }

    @Test func aChangeOverridesTheRotationOnItsDateOnly() throws {
        let rotation = DefaultRoster.shifts(of: staff, on: date)
        let working = try #require(staff.first { rotation[$0.id] != nil })
        let other = try #require(staff.first { $0.id != working.id })
        let changed: [UUID: ShiftKind?] = [working.id: nil, other.id: .evening]
        let roster = Roster(changes: [date: changed])
        let shifts = roster.shifts(of: staff, on: date)
        #expect(shifts[working.id] == nil, "a day off")
        #expect(shifts[other.id] == ShiftKind.evening)
        for member in staff where member.id != working.id && member.id != other.id {
            #expect(shifts[member.id] == rotation[member.id], "the others as the rotation has them")
        }
        let tomorrow = date.adding(days: 1)
        #expect(roster.shifts(of: staff, on: tomorrow) == DefaultRoster.shifts(of: staff, on: tomorrow))
    }
}
