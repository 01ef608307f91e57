import Fluent
import Foundation
import SQLKit

extension VisitModel {
    /// The visits of a date on one person's list, in planned order. The day holds hundreds of visits in a unit, so
    /// only ids and assignments are read to find the person's few, which are then read whole —
    /// the tablet's list and every access check of a care worker start here.
    static func assigned(to staffID: UUID, on date: String, in database: any Database) async throws -> [VisitModel] {
        let slim = try await VisitModel.query(on: database).filter(\.$date == date)
            .field(\.$id).field(\.$assignedStaffIDs).field(\.$recipient.$id).all()
        let mine = slim.filter { $0.assignedStaffIDs.contains(staffID) }.compactMap(\.id)
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
        let slim = try await VisitModel.query(on: database).filter(\.$date == date)
            .field(\.$id).field(\.$assignedStaffIDs).field(\.$recipient.$id).all()
        return Set(slim.filter { $0.assignedStaffIDs.contains(staffID) }.map { $0.$recipient.id })
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
