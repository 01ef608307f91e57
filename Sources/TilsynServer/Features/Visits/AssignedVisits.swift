import Fluent
import Foundation
import SQLKit

extension VisitModel {
    /// The visits of a date on one person's list, in planned order. The day holds hundreds of
    /// visits in a unit, so the person's few are found in the database (by the assignment column),
    /// and only those are read whole — the tablet's list and every access check of a care worker
    /// start here.
    static func assigned(to staffID: UUID, on date: String, in database: any Database) async throws -> [VisitModel] {
        let mine = try await assignedIDs(to: staffID, on: date, in: database).map(\.visit)
        guard !mine.isEmpty else { return [] }
        return try await VisitModel.query(on: database).filter(\.$id ~~ mine).all().sorted {
            ($0.plannedStart ?? Double($0.windowStart), $0.title) < (
                $1.plannedStart ?? Double($1.windowStart), $1.title
            )
        }
    }

    /// The recipients on one person's list on a date.
    static func recipients(
        assignedTo staffID: UUID, on date: String, in database: any Database
    ) async throws
        -> Set<UUID>
    {
        Set(try await assignedIDs(to: staffID, on: date, in: database).map(\.recipient))
    }

    /// Ids of the person's visits on a date and their recipients. PostgreSQL holds the assignment as
    /// a uuid array; SQLite as JSON text with the ids spelled out, so a text match finds them
    /// (checked again after reading, so a match elsewhere in the text could never count).
    private static func assignedIDs(
        to staffID: UUID, on date: String, in database: any Database
    ) async throws -> [(visit: UUID, recipient: UUID)] {
        guard let sql = database as? any SQLDatabase else {
            return try await VisitModel.query(on: database).filter(\.$date == date).all()
                .filter { $0.assignedStaffIDs.contains(staffID) }.map { ($0.id!, $0.$recipient.id) }
        }
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            rows = try await sql.raw(
                """
                SELECT id, recipient_id, assigned_staff_ids FROM visits
                WHERE date = \(bind: date) AND assigned_staff_ids LIKE \(bind: "%" + staffID.uuidString + "%")
                """
            ).all()
            return try rows.compactMap { row in
                let assigned = try row.decode(column: "assigned_staff_ids", as: String.self)
                guard assigned.uppercased().contains(staffID.uuidString) else { return nil }
                return (
                    try row.decode(column: "id", as: UUID.self), try row.decode(column: "recipient_id", as: UUID.self)
                )
            }
        }
        rows = try await sql.raw(
            "SELECT id, recipient_id FROM visits WHERE date = \(bind: date) AND \(bind: staffID) = ANY(assigned_staff_ids)"
        ).all()
        return try rows.map {
            (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "recipient_id", as: UUID.self))
        }
    }
}

/// Visits are looked up by date all day long (lists, boards, access checks).
struct AddVisitDateIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS visits_date ON visits (date)").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS visits_date").run()
    }
}
