import Foundation
import Planner
import TilsynCore

/// Where the plan in force and the people on the shift no longer agree, because the roster (or an
/// absence entered without re-planning) changed after the shift was planned: people with planned
/// visits who are not on the shift (or are away before a visit ends), and people on the shift the
/// plan leaves out. The planning page tells the leader, so the shift is planned again before anyone
/// works from an outdated list; the visits of someone off the shift have no time line there.
struct PlanStaffChanges {
    /// Someone not on the shift, or away from `awayFrom` (minutes after midnight), who has
    /// `visits` planned visits that end after that.
    struct Gone {
        var staffID: UUID
        var awayFrom: Int?
        var visits: Int
    }

    var gone: [Gone] = []
    /// On the shift, with neither a visit nor a break in the plan.
    var left: [UUID] = []

    /// Compares the plan on `day`'s visits (and `run`'s breaks) with who is on the shift now.
    /// Nothing without a plan of this scope in force.
    init(_ day: PlanningService.Day, run: PlanRunModel?) {
        guard let run else { return }
        var planned = Set<UUID>()
        var gone: [UUID: Int] = [:]
        for visit in day.visits.values {
            guard let start = visit.plannedStart else { continue }
            for staffID in visit.assignedStaffIDs {
                planned.insert(staffID)
                let away = day.staff[staffID] == nil ? -1 : day.absentFrom[staffID] ?? .max
                if start + Double(visit.durationMinutes) > Double(away) { gone[staffID, default: 0] += 1 }
            }
        }
        let withBreak = Set(run.breaks.map(\.staffID))
        self.gone = gone.map { Gone(staffID: $0.key, awayFrom: day.absentFrom[$0.key], visits: $0.value) }
            .sorted { ($0.visits, $0.staffID.uuidString) > ($1.visits, $1.staffID.uuidString) }
        left = day.staff.values.sorted { $0.employeeNumber < $1.employeeNumber }.map(\.id).filter {
            !planned.contains($0) && !withBreak.contains($0) && day.absentFrom[$0] == nil
        }
    }

    /// One line per person, in the page's language; `names` by staff id.
    func lines(names: [UUID: String], language: String) -> [String] {
        let unknown = LocalizedText(nb: "En ansatt", en: "A staff member").text(in: language)
        let goneLines = gone.map { gone in
            let name = names[gone.staffID] ?? unknown
            let visits = LocalizedText(
                nb: "\(gone.visits) besøk", en: "\(gone.visits) visit\(gone.visits == 1 ? "" : "s")")
            guard let away = gone.awayFrom else {
                return LocalizedText(
                    nb: "\(name) er ikke på vakt, men har \(visits.nb) i planen.",
                    en: "\(name) is not on the shift but has \(visits.en) in the plan."
                ).text(in: language)
            }
            let time = HomeCarePlanner.clock(Double(away))
            return LocalizedText(
                nb: "\(name) er borte fra kl. \(time), men har \(visits.nb) som slutter senere.",
                en: "\(name) is away from \(time) but has \(visits.en) ending later."
            ).text(in: language)
        }
        let leftLines = left.map { staffID in
            let name = names[staffID] ?? unknown
            return LocalizedText(
                nb: "\(name) er på vakt, men er ikke med i planen.",
                en: "\(name) is on the shift but not in the plan."
            ).text(in: language)
        }
        return goneLines + leftLines
    }
}
