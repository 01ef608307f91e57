import Fluent
import Foundation
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

    /// A zone by name, for imports ("Sentrum").
    func find(named name: String) async throws -> Zone? {
        try await ZoneModel.query(on: database).all().first {
            $0.name.compare(name, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame
        }?.domain
    }

    /// Per zone: staff, nurses, recipients, today's visits and decisions ending soon or expired.
    func summaries(today: LocalDate, noticeDays: Int) async throws -> [ZoneSummary] {
        let zones = try await ZoneModel.query(on: database).with(\.$unit).sort(\.$name).all()
        let staff = try await StaffMemberModel.query(on: database).all()
        let recipients = try await RecipientModel.query(on: database).all()
        let zoneOfRecipient = Dictionary(uniqueKeysWithValues: recipients.map { ($0.id!, $0.$zone.id) })
        let visits = try await VisitModel.query(on: database).filter(\.$date == today.description).all()
        let limit = today.adding(days: noticeDays).description
        let ending = try await DecisionModel.query(on: database).filter(\.$validTo != nil)
            .filter(\.$validTo < limit).all()
        return zones.map { zone in
            let zoneID = zone.id!
            let zoneStaff = staff.filter { $0.$zone.id == zoneID }
            let zoneVisits = visits.filter { zoneOfRecipient[$0.$recipient.id] == zoneID }
            return ZoneSummary(
                id: zoneID, name: zone.name, unitName: zone.unit.name, staffCount: zoneStaff.count,
                nurseCount: zoneStaff.filter { StaffRole(rawValue: $0.role)?.isRegisteredNurse == true }.count,
                recipientCount: recipients.filter { $0.$zone.id == zoneID }.count, visitsToday: zoneVisits.count,
                twoPersonVisitsToday: zoneVisits.filter { $0.staffCount == 2 }.count,
                expiringDecisions: ending.filter { zoneOfRecipient[$0.$recipient.id] == zoneID }.count)
        }
    }
}
