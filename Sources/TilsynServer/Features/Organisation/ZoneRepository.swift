import Fluent
import Foundation
import SQLKit
import TilsynCore

/// A zone with the numbers the overview shows.
struct ZoneSummary: Sendable, Codable {
    var id: UUID
    var name: String
    var unitName: String
    var staffCount: Int
    var nurseCount: Int
    var recipientCount: Int
    var visitsToday: Int
    var twoPersonVisitsToday: Int
    var expiringDecisions: Int
}

/// Reads the organisation: municipality, units, zones.
struct ZoneRepository {
    let database: any Database

    func zones() async throws -> [Zone] {
        try await ZoneModel.query(on: database).sort(\.$name).all().map(\.domain)
    }

    func find(_ id: UUID) async throws -> Zone {
        guard let zone = try await ZoneModel.find(id, on: database) else { throw NotFoundError.zone }
        return zone.domain
    }

    /// Per zone: staff, nurses, recipients, today's visits and decisions ending soon or expired.
    /// Counted by the database (GROUP BY), so the overview costs the same with 300 or 3000 recipients.
    func summaries(today: LocalDate, noticeDays: Int) async throws -> [ZoneSummary] {
        let zones = try await ZoneModel.query(on: database).with(\.$unit).sort(\.$name).all()
        guard let sql = database as? any SQLDatabase else { return [] }
        struct Count: Decodable {
            var zone_id: UUID?
            var total: Int
            var special: Int?
        }
        let nurseRoles = [StaffRole.nurse.rawValue, StaffRole.departmentLeader.rawValue]
        let staff = try await sql.raw(
            """
            SELECT zone_id, COUNT(*) AS total,
                   SUM(CASE WHEN role IN (\(bind: nurseRoles[0]), \(bind: nurseRoles[1])) THEN 1 ELSE 0 END) AS special
            FROM staff_members GROUP BY zone_id
            """
        ).all(decoding: Count.self)
        let recipients = try await sql.raw("SELECT zone_id, COUNT(*) AS total FROM recipients GROUP BY zone_id")
            .all(decoding: Count.self)
        let visits = try await sql.raw(
            """
            SELECT r.zone_id AS zone_id, COUNT(*) AS total,
                   SUM(CASE WHEN v.staff_count = 2 THEN 1 ELSE 0 END) AS special
            FROM visits v JOIN recipients r ON r.id = v.recipient_id
            WHERE v.date = \(bind: today.description) GROUP BY r.zone_id
            """
        ).all(decoding: Count.self)
        let ending = try await sql.raw(
            """
            SELECT r.zone_id AS zone_id, COUNT(*) AS total
            FROM decisions d JOIN recipients r ON r.id = d.recipient_id
            WHERE d.valid_to IS NOT NULL AND d.valid_to < \(bind: today.adding(days: noticeDays).description)
            GROUP BY r.zone_id
            """
        ).all(decoding: Count.self)
        func lookup(_ counts: [Count]) -> [UUID: Count] {
            Dictionary(
                counts.compactMap { count in count.zone_id.map { ($0, count) } }, uniquingKeysWith: { a, _ in a })
        }
        let (staffBy, recipientsBy, visitsBy, endingBy) = (
            lookup(staff), lookup(recipients), lookup(visits), lookup(ending)
        )
        return zones.map { zone in
            let id = zone.id!
            return ZoneSummary(
                id: id, name: zone.name, unitName: zone.unit.name, staffCount: staffBy[id]?.total ?? 0,
                nurseCount: staffBy[id]?.special ?? 0, recipientCount: recipientsBy[id]?.total ?? 0,
                visitsToday: visitsBy[id]?.total ?? 0, twoPersonVisitsToday: visitsBy[id]?.special ?? 0,
                expiringDecisions: endingBy[id]?.total ?? 0)
        }
    }
}
