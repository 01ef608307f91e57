import Fluent
import Foundation
import TilsynCore

/// Reads and changes the roster kept in Tilsyn: the rotation with the leaders' changes.
struct RosterStore {
    let database: any Database

    /// The staff on the roster (the planned roles) of `zoneIDs`, or of every zone when nil, by
    /// employee number (the order the rotation counts in).
    func staff(inZones zoneIDs: [UUID]?) async throws -> [StaffMember] {
        var query = StaffMemberModel.query(on: database)
        if let zoneIDs { query = query.filter(\.$zone.$id ~~ zoneIDs) }
        return try await query.all().map(\.domain).filter { DefaultRoster.plannedRoles.contains($0.role) }
            .sorted { $0.employeeNumber < $1.employeeNumber }
    }

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
        try await database.writeTransaction { database in
            try await RosterStore(database: database).write(shifts, zoneStaff: zoneStaff, by: leader)
        }
    }

    /// `set` without a transaction of its own (inside the caller's).
    func write(
        _ shifts: [(staffID: UUID, date: LocalDate, shift: ShiftKind?)], zoneStaff: [StaffMember], by leader: UUID?
    ) async throws {
        guard let first = shifts.map(\.date).min(), let last = shifts.map(\.date).max() else { return }
        // The changes already stored for these people and days, read once.
        let existing = try await RosterEntryModel.query(on: database).filter(\.$staff.$id ~~ shifts.map(\.staffID))
            .filter(\.$date >= first.description).filter(\.$date <= last.description).all()
        var storedByCell = Dictionary(
            existing.map { ("\($0.$staff.id) \($0.date)", $0) }, uniquingKeysWith: { a, _ in a })
        for (staffID, date, shift) in shifts {
            let rotation = DefaultRoster.shifts(of: zoneStaff, on: date)[staffID]
            let stored = storedByCell.removeValue(forKey: "\(staffID) \(date)")
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
