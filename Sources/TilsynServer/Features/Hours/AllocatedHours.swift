import Foundation
import TilsynCore

/// Allocated against planned hours per recipient and week (R6). Allocated: the hours per week of
/// every decision in force, counted day by day (a decision valid four days of a week gives 4/7 of
/// its hours). Planned: the service time the care plan's measures give that week (what the visits
/// generated from them add up to, two-person visits counted once — the recipient's time).
struct AllocatedHours {
    struct Row: Sendable, Hashable {
        var recipientID: UUID
        var allocated: Double
        var planned: Double
        /// The decisions counted, for the allocation office's evidence.
        var services: [String]

        var difference: Double { planned - allocated }
        /// Planned over allocated, nil without allocation.
        var ratio: Double? { allocated > 0 ? planned / allocated : nil }
    }

    /// Hours of `decisions` in force on each day of the week from `monday`, per recipient.
    static func allocated(
        _ decisions: [Decision], weekOf monday: LocalDate
    ) -> [UUID: (hours: Double, services: [String])] {
        var result: [UUID: (hours: Double, services: [String])] = [:]
        for decision in decisions {
            let days = (0..<7).map { monday.adding(days: $0) }.filter { day in
                decision.validFrom <= day && (decision.validTo.map { day <= $0 } ?? true)
            }.count
            guard days > 0 else { continue }
            var entry = result[decision.recipientID] ?? (0, [])
            entry.hours += decision.hoursPerWeek * Double(days) / 7
            entry.services.append("\(decision.serviceType.displayName.nb) \(decision.hoursPerWeek) t/uke")
            result[decision.recipientID] = entry
        }
        return result
    }

    /// Minutes of the week's visits per recipient.
    static func planned(_ visits: [Visit]) -> [UUID: Double] {
        visits.reduce(into: [:]) { $0[$1.recipientID, default: 0] += Double($1.durationMinutes) / 60 }
    }

    /// Planned hours of the week from `monday` for `recipients`, from the care plans (read once).
    static func plannedWeek(
        _ service: VisitService, from monday: LocalDate, recipients: Set<UUID>
    ) async throws
        -> [UUID: Double]
    {
        planned(
            try await service.plannedVisits(from: monday, days: 7).flatMap(\.visits).filter {
                recipients.contains($0.recipientID)
            })
    }

    static func rows(allocated: [UUID: (hours: Double, services: [String])], planned: [UUID: Double]) -> [Row] {
        Set(allocated.keys).union(planned.keys).map { id in
            Row(
                recipientID: id, allocated: allocated[id]?.hours ?? 0, planned: planned[id] ?? 0,
                services: allocated[id]?.services ?? [])
        }
    }
}
