import Fluent
import Foundation
import SCAIP
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct DashboardTests {
        /// A critical deviation filed three days ago, past its follow-up time.
        static func overdueDeviation(in zone: ZoneModel, by reporter: UUID, _ app: Application) async throws {
            try await app.fileDeviation(
                zone: zone.id, by: reporter, what: "Nøkkel borte", category: "routine", severity: "critical",
                daysAgo: 3, followUpInDays: -2)
        }

        @Test func indicatorsAgainstTargetsTheLeaderSets() async throws {
            try await withTilsyn(demoRecipients: 10, signedInAs: .unitLeader) { app in
                let zone = try #require(try await ZoneModel.query(on: app.db).sort(\.$name).first())
                let recipient = try #require(
                    try await RecipientModel.query(on: app.db).filter(\.$zone.$id == zone.id!).first())
                let me = try #require(app.testCredentials?.staffID)
                // An overdue deviation, and an alarm taken after one minute.
                try await Self.overdueDeviation(in: zone, by: me, app)
                _ = try await AlarmIntake(database: app.db, settings: AlarmSettings()).receive(
                    SCAIPRequest(reference: "D1", controllerID: "1", deviceType: 3), body: "",
                    from: .init(device: nil, authenticated: false, path: "http"))
                let alarm = try #require(try await AlarmEventModel.query(on: app.db).first())
                alarm.$recipient.id = recipient.id
                alarm.takenAt = alarm.receivedAt.addingTimeInterval(60)
                try await alarm.save(on: app.db)

                let values = try await DashboardIndicators(database: app.db, today: app.today, expiryNoticeDays: 14)
                    .measure(zone)
                #expect(values[.overdueDeviations] == 1)
                #expect(values[.minutesToTaken].map { abs($0 - 1) < 1e-6 } == true)
                #expect(values[.minutesToOnSite] == nil, "nothing to measure yet")
                #expect(values[.doneVisits] == nil, "no check-offs yet")
                #expect(values[.sickLeave] != nil && values[.hoursAgainstAllocation] != nil)

                let page = try await app.send(.GET, "/dashboard?zone=\(zone.id!)").text
                #expect(page.contains("<td>Avvik på overtid</td><td>1</td><td>≤ 0</td><td>Utenfor målet</td>"))
                #expect(
                    page.contains(
                        "<td>Minutter fra alarm til tatt (median, 30 dager)</td><td>1</td><td>≤ 2</td><td>Innenfor målet</td>"
                    ))
                #expect(page.contains("Ingen data ennå"))
                #expect(page.contains("<svg"))

                let set = try await app.send(
                    .POST, "/dashboard/targets",
                    json: ["zone": zone.id!.uuidString, "indicator": "overdueDeviations", "target": "1"])
                #expect(set.status == .seeOther)
                #expect(
                    try await app.send(.GET, "/dashboard?zone=\(zone.id!)").text.contains(
                        "<td>Avvik på overtid</td><td>1</td><td>≤ 1</td><td>Innenfor målet</td>"))
                let bad = try await app.send(
                    .POST, "/dashboard/targets",
                    json: ["zone": zone.id!.uuidString, "indicator": "overdueDeviations", "target": "mange"],
                    headers: ["Accept": "application/json"])
                #expect(bad.status == .unprocessableEntity)
                #expect(try await DashboardTargetModel.query(on: app.db).count() == 1)
            }
        }

        @Test func aUnitsDashboardPoolsItsZonesAndHasItsOwnTargets() async throws {
            try await withTilsyn(demoRecipients: 10, signedInAs: .unitLeader) { app in
                let unit = try #require(try await CareUnitModel.query(on: app.db).first())
                let zones = try await ZoneModel.query(on: app.db).filter(\.$unit.$id == unit.id!).sort(\.$name).all()
                try #require(zones.count >= 2)
                let me = try #require(app.testCredentials?.staffID)
                // One overdue deviation in each of two zones.
                for zone in zones.prefix(2) { try await Self.overdueDeviation(in: zone, by: me, app) }
                let indicators = DashboardIndicators(database: app.db, today: app.today, expiryNoticeDays: 14)
                let pooled = try await indicators.measure(zoneIDs: zones.compactMap(\.id))
                #expect(pooled[.overdueDeviations] == 2)
                let path = "/dashboard?zone=unit:\(unit.id!)"
                let page = try await app.send(.GET, path).text
                #expect(page.contains("<td>Avvik på overtid</td><td>2</td><td>≤ 0</td><td>Utenfor målet</td>"))
                // Each zone beside the whole, against its own target.
                #expect(page.contains("<th scope=\"col\">\(zones[0].name)</th>"))
                #expect(
                    page.contains(
                        "<td class=\"off-target\">1<span class=\"visually-hidden\"> (Utenfor målet)</span></td>"))

                let set = try await app.send(
                    .POST, "/dashboard/targets",
                    json: ["zone": "unit:\(unit.id!)", "indicator": "overdueDeviations", "target": "2"])
                #expect(set.status == .seeOther)
                #expect(
                    try await app.send(.GET, path).text.contains(
                        "<td>Avvik på overtid</td><td>2</td><td>≤ 2</td><td>Innenfor målet</td>"))
                #expect(try await DashboardUnitTargetModel.query(on: app.db).count() == 1)
                #expect(try await DashboardTargetModel.query(on: app.db).count() == 0, "the zones keep their own")

                // A department leader sees their unit's page but does not set its targets.
                let leader = try await app.makeUser(role: .departmentLeader, zoneID: zones[0].id)
                #expect(try await app.send(.GET, path, as: leader).status == .ok)
                let refused = try await app.send(
                    .POST, "/dashboard/targets",
                    json: ["zone": "unit:\(unit.id!)", "indicator": "overdueDeviations", "target": "5"],
                    headers: ["Accept": "application/json"], as: leader)
                #expect(refused.status == .forbidden)
                let elsewhere = try await app.send(
                    .GET, "/dashboard?zone=unit:\(UUID())", headers: ["Accept": "application/json"], as: leader)
                #expect(elsewhere.status.code >= 400)
            }
        }
    }
}
