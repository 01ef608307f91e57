import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct AbsenceTests {
        @Test func sickLeaveRatesCountRosteredDaysAndOnlySickness() throws {
            let monday = LocalDate(year: 2026, month: 11, day: 2)!
            let staff = (0..<5).map { number in
                StaffMember(
                    employeeNumber: "E\(number)", givenName: "A", familyName: "\(number)", role: .careWorker,
                    competences: [.personalCare], zoneID: UUID(), employmentPercent: 100)
            }
            let absences: [(staffID: UUID, kind: AbsenceKind, first: LocalDate, last: LocalDate)] = [
                (staff[0].id, .selfCertified, monday, monday.adding(days: 6)),
                (staff[1].id, .doctorCertified, monday.adding(days: 7), monday.adding(days: 13)),
                (staff[2].id, .holiday, monday, monday.adding(days: 13)),
            ]
            let weeks = SickLeave.weeks(staff: staff, absences: absences, from: monday, to: monday.adding(days: 13))
            #expect(weeks.count == 2)
            var rostered: [[UUID]] = [[], []]
            for offset in 0..<14 {
                let roster = DefaultRoster.shifts(of: staff, on: monday.adding(days: offset))
                rostered[offset / 7] += staff.filter { roster[$0.id] != nil }.map(\.id)
            }
            // Five days in seven on the default roster; holidays are not sickness.
            #expect(weeks[0].rosteredDays == rostered[0].count && weeks[1].rosteredDays == rostered[1].count)
            #expect(weeks[0].sickDays == rostered[0].filter { $0 == staff[0].id }.count)
            #expect(weeks[0].selfCertifiedDays == weeks[0].sickDays)
            #expect(weeks[1].sickDays == rostered[1].filter { $0 == staff[1].id }.count)
            #expect(weeks[1].selfCertifiedDays == 0)
            #expect(abs(weeks[0].rate - Double(weeks[0].sickDays) / Double(weeks[0].rosteredDays)) < 1e-12)
        }

        @Test func aLeaderRegistersAbsenceAndSeesTheNeedForSubstitutes() async throws {
            try await withTilsyn(demoRecipients: 10, signedInAs: .unitLeader) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let members = try await StaffMemberModel.query(on: app.db).filter(\.$zone.$id == zone.id!).all()
                    .map(\.domain).filter { DefaultRoster.plannedRoles.contains($0.role) }
                let tomorrow = app.today.adding(days: 1)
                let roster = DefaultRoster.shifts(of: members, on: tomorrow)
                let away = try #require(members.first { roster[$0.id] != nil })
                let posted = try await app.send(
                    .POST, "/absences",
                    json: [
                        "zone": zone.id!.uuidString, "staff": away.id.uuidString, "kind": "doctorCertified",
                        "first": tomorrow.description, "last": tomorrow.adding(days: 2).description,
                    ])
                #expect(posted.status == .seeOther)
                let stored = try #require(try await AbsenceModel.query(on: app.db).first())
                #expect(stored.kind == "doctorCertified" && stored.firstDate == tomorrow.description)
                let page = try await app.send(.GET, "/absences?zone=\(zone.id!)").text
                #expect(page.contains("Behov for vikar"))
                #expect(page.contains("\(away.givenName) \(away.familyName)"))
                #expect(page.contains(tomorrow.description))
                #expect(page.contains("<svg"))

                let backwards = try await app.send(
                    .POST, "/absences",
                    json: [
                        "zone": zone.id!.uuidString, "staff": away.id.uuidString, "kind": "holiday",
                        "first": tomorrow.description, "last": app.today.description,
                    ], headers: ["Accept": "application/json"])
                #expect(backwards.status == .unprocessableEntity && backwards.object["field"] as? String == "last")
                let other = try await ZoneModel.query(on: app.db).all().first { $0.id != zone.id }
                let outsider = try #require(
                    try await StaffMemberModel.query(on: app.db).filter(\.$zone.$id == other!.id!).first())
                let wrongZone = try await app.send(
                    .POST, "/absences",
                    json: [
                        "zone": zone.id!.uuidString, "staff": outsider.id!.uuidString, "kind": "holiday",
                        "first": tomorrow.description,
                    ], headers: ["Accept": "application/json"])
                #expect(wrongZone.status == .unprocessableEntity)
                #expect(try await AbsenceModel.query(on: app.db).count() == 1, "refused absences store nothing")
            }
        }
    }
}

extension ServerTests {
    @Suite struct FollowUpConversationTests {
        @Test func fourWeeksOfSickLeaveWithoutAConversationIsDue() {
            let today = LocalDate(year: 2026, month: 11, day: 23)!
            let (a, b, c) = (UUID(), UUID(), UUID())
            let absences: [(staffID: UUID, kind: AbsenceKind, first: LocalDate, last: LocalDate)] = [
                (a, .doctorCertified, today.adding(days: -30), today.adding(days: 10)),
                (b, .doctorCertified, today.adding(days: -30), today.adding(days: 10)),
                (c, .doctorCertified, today.adding(days: -20), today.adding(days: 10)),
            ]
            let due = FollowUpDue.due(absences: absences, conversations: [b: [today.adding(days: -3)]], today: today)
            #expect(due.map(\.staffID) == [a], "b has talked since; c is not yet at four weeks")
        }

        @Test func aConversationIsRegisteredByDateOnly() async throws {
            try await withTilsyn(demoRecipients: 5, signedInAs: .unitLeader) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let member = try #require(
                    try await StaffMemberModel.query(on: app.db).filter(\.$zone.$id == zone.id!).all()
                        .first { DefaultRoster.plannedRoles.contains($0.domain.role) })
                let form: [String: Any] = [
                    "zone": zone.id!.uuidString, "staff": member.id!.uuidString, "date": app.today.description,
                ]
                #expect(try await app.send(.POST, "/absences/conversations", json: form).status == .seeOther)
                var ahead = form
                ahead["date"] = app.today.adding(days: 1).description
                let refused = try await app.send(
                    .POST, "/absences/conversations", json: ahead, headers: ["Accept": "application/json"])
                #expect(refused.status == .unprocessableEntity)
                #expect(try await FollowUpConversationModel.query(on: app.db).count() == 1)
                #expect(
                    try await app.send(.GET, "/absences?zone=\(zone.id!)").text.contains(
                        "\(app.today): \(member.givenName)"))
            }
        }
    }
}
