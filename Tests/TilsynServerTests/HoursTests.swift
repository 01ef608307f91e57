import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct HoursTests {
        @Test func allocatedHoursFollowDecisionPeriodsDayByDay() throws {
            let recipient = UUID()
            let monday = LocalDate(year: 2026, month: 11, day: 16)!
            let decisions = [
                // In force all week: 7 h.
                Decision(
                    recipientID: recipient, serviceType: .homeNursing, hoursPerWeek: 7,
                    validFrom: monday.adding(days: -30), validTo: nil),
                // Ends on Wednesday: 3 of 7 days of 14 h = 6 h.
                Decision(
                    recipientID: recipient, serviceType: .practicalAssistance, hoursPerWeek: 14,
                    validFrom: monday.adding(days: -30), validTo: monday.adding(days: 2)),
                // Starts next week: nothing this week.
                Decision(
                    recipientID: recipient, serviceType: .respiteCare, hoursPerWeek: 10,
                    validFrom: monday.adding(days: 7), validTo: nil),
            ]
            let thisWeek = AllocatedHours.allocated(decisions, weekOf: monday)
            #expect(abs((thisWeek[recipient]?.hours ?? 0) - 13) < 1e-9)
            #expect(thisWeek[recipient]?.services.count == 2)
            let nextWeek = AllocatedHours.allocated(decisions, weekOf: monday.adding(days: 7))
            #expect(abs((nextWeek[recipient]?.hours ?? 0) - 17) < 1e-9, "7 h, and the new 10 h; the ended one gone")

            let visit = { (minutes: Int, staff: Int) in
                Visit(
                    id: UUID(), date: monday, recipientID: recipient, measureID: UUID(), windowIndex: 0, title: "Stell",
                    window: TimeWindow(start: MinuteOfDay(minutes: 480)!, end: MinuteOfDay(minutes: 540)!),
                    durationMinutes: minutes, requiredCompetences: [], staffCount: staff)
            }
            let planned = AllocatedHours.planned([visit(30, 1), visit(45, 2), visit(45, 1)])
            #expect(abs((planned[recipient] ?? 0) - 2) < 1e-9, "the recipient's time, a two-person visit once")
            let row = try #require(AllocatedHours.rows(allocated: thisWeek, planned: planned).first)
            #expect(abs(row.difference - (2 - 13)) < 1e-9)
            #expect(HoursController.far(row) == -1, "far below the allocation")
        }

        @Test func theZonePageAndTheExportForTheAllocationOffice() async throws {
            try await withTilsyn(demoRecipients: 10, signedInAs: .allocationOfficer) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let page = try await app.send(.GET, "/hours?zone=\(zone.id!)")
                #expect(page.status == .ok)
                #expect(page.text.contains("Vedtakstimer og planlagte timer"))
                let recipient = try #require(
                    try await RecipientModel.query(on: app.db).filter(\.$zone.$id == zone.id!).first())
                #expect(page.text.contains("\(recipient.familyName), \(recipient.givenName)"))
                let csv = try await app.send(.GET, "/hours/export.csv?zone=\(zone.id!)")
                #expect(csv.text.contains("vedtakstimer;planlagte_timer"))
                #expect(csv.text.split(separator: "\r\n").count > 1)
                let bad = try await app.send(.GET, "/hours?week=neste", headers: ["Accept": "application/json"])
                #expect(bad.status == .unprocessableEntity)
            }
        }
    }
}
