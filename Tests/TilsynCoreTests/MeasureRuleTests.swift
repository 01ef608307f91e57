import Foundation
import Testing

@testable import TilsynCore

@Suite struct MeasureRuleTests {
    func measure(windows: [String], duration: Int = 30, staff: Int = 1, days: Set<Weekday> = .everyDay) -> Measure {
        Measure(
            recipientID: UUID(), decisionID: UUID(), title: "Morgenstell", weekdays: days,
            windows: windows.map { TimeWindow($0)! }, durationMinutes: duration, requiredCompetences: [.personalCare],
            staffCount: staff)
    }

    func codes(_ measure: Measure) -> [String] {
        do {
            try measure.validate()
            return []
        } catch let failure as ValidationFailure {
            return failure.violations.map(\.code)
        } catch {
            return ["unexpected"]
        }
    }

    @Test func validMeasurePasses() {
        #expect(codes(measure(windows: ["07:30-10:00", "19:00-21:00"])) == [])
    }

    @Test func windowEndingBeforeItStartsIsRejected() {
        #expect(codes(measure(windows: ["10:00-08:00"])) == ["window.endBeforeStart"])
    }

    @Test func windowShorterThanTheVisitIsRejected() {
        #expect(codes(measure(windows: ["08:00-08:20"], duration: 30)) == ["window.tooShort"])
    }

    @Test func overlappingWindowsAreRejected() {
        #expect(codes(measure(windows: ["08:00-10:00", "09:30-11:00"])) == ["measure.overlappingWindows"])
    }

    @Test func threeStaffIsRejectedTwoIsAccepted() {
        #expect(codes(measure(windows: ["08:00-10:00"], staff: 3)) == ["measure.staffCount"])
        #expect(codes(measure(windows: ["08:00-10:00"], staff: 2)) == [])
    }

    @Test func noWeekdaysIsRejected() {
        #expect(codes(measure(windows: ["08:00-10:00"], days: [])) == ["measure.noWeekdays"])
    }

    @Test func twoPersonVisitWithOneStaffIsAViolation() throws {
        let nurse = StaffMember(
            employeeNumber: "1", givenName: "A", familyName: "B", role: .nurse, competences: Set(Competence.allCases),
            zoneID: UUID(), employmentPercent: 100)
        let worker = StaffMember(
            employeeNumber: "2", givenName: "C", familyName: "D", role: .careWorker, competences: [.personalCare],
            zoneID: UUID(), employmentPercent: 100)
        let base = measure(windows: ["08:00-10:00"], staff: 2)
        let date = LocalDate("2026-11-23")!
        var visit = VisitGenerator().visits(on: date, measures: [base], decisions: [:]).visits[0]
        visit.assignedStaffIDs = [nurse.id]
        #expect(visit.assignmentViolations(staff: [nurse, worker]).map(\.code) == ["visit.needsTwoStaff"])
        visit.assignedStaffIDs = [nurse.id, worker.id]
        #expect(visit.assignmentViolations(staff: [nurse, worker]).isEmpty)
    }

    @Test func visitNeedingANurseTaskAssignedToCareWorkerIsAViolation() {
        let worker = StaffMember(
            employeeNumber: "2", givenName: "C", familyName: "D", role: .careWorker, competences: [.personalCare],
            zoneID: UUID(), employmentPercent: 100)
        var medication = measure(windows: ["08:00-10:00"])
        medication.requiredCompetences = [.medication]
        var visit = VisitGenerator().visits(on: LocalDate("2026-11-23")!, measures: [medication], decisions: [:])
            .visits[0]
        visit.assignedStaffIDs = [worker.id]
        #expect(visit.assignmentViolations(staff: [worker]).map(\.code) == ["visit.missingCompetence"])
    }

    @Test func careWorkerCannotHoldNurseOnlyCompetence() {
        let worker = StaffMember(
            employeeNumber: "2", givenName: "C", familyName: "D", role: .careWorker, competences: [.medication],
            zoneID: UUID(), employmentPercent: 100)
        #expect(throws: ValidationFailure.self) { try worker.validate() }
    }
}
