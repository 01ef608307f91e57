import Fluent
import Foundation
import TilsynCore

/// Reads and changes the roster kept in Tilsyn: the rotation with the leaders' changes.
struct RosterStore {
    let database: any Database

    /// The roster of `staffIDs` from `first` through `last` (the changes in that span).
    func roster(of staffIDs: [UUID], from first: LocalDate, through last: LocalDate) async throws -> Roster {
        guard !staffIDs.isEmpty else { return .rotation }
        let entries = try await RosterEntryModel.query(on: database).filter(\.$staff.$id ~~ staffIDs)
            .filter(\.$date >= first.description).filter(\.$date <= last.description).all()
        var roster = Roster()
        for entry in entries {
            guard let date = LocalDate(entry.date) else { continue }
            roster.changes[date, default: [:]][entry.$staff.id] = .some(entry.shiftKind)
        }
        return roster
    }

    /// The roster of `staffIDs` on one date.
    func roster(of staffIDs: [UUID], on date: LocalDate) async throws -> Roster {
        try await roster(of: staffIDs, from: date, through: date)
    }

    /// Sets who works what on the given dates, for one zone's staff (`zoneStaff`, which the
    /// rotation is counted over): a shift equal to the rotation's removes the change, any other
    /// is stored as a change. All or nothing.
    func set(
        _ shifts: [(staffID: UUID, date: LocalDate, shift: ShiftKind?)], zoneStaff: [StaffMember], by leader: UUID?
    ) async throws {
        try await database.transaction { database in
            try await RosterStore(database: database).write(shifts, zoneStaff: zoneStaff, by: leader)
        }
    }

    /// `set` without a transaction of its own (inside the caller's).
    func write(
        _ shifts: [(staffID: UUID, date: LocalDate, shift: ShiftKind?)], zoneStaff: [StaffMember], by leader: UUID?
    ) async throws {
        for (staffID, date, shift) in shifts {
            let rotation = DefaultRoster.shifts(of: zoneStaff, on: date)[staffID]
            let stored = try await RosterEntryModel.query(on: database).filter(\.$staff.$id == staffID)
                .filter(\.$date == date.description).first()
            if shift == rotation {
                try await stored?.delete(on: database)
                continue
            }
            let entry = stored ?? RosterEntryModel()
            entry.$staff.id = staffID
            entry.date = date.description
            entry.shift = shift?.rawValue ?? RosterEntryModel.off
            entry.changedAt = Date()
            entry.$changedBy.id = leader
            try await entry.save(on: database)
        }
    }
}
