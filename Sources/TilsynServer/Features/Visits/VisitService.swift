import Fluent
import Foundation
import TilsynCore

/// The outcome of generating the visits of a date.
struct VisitGenerationResult: Sendable {
    var date: LocalDate
    /// Visits created now.
    var created: Int
    /// Visits that already existed and were left as they were (and so keep their assignments).
    var alreadyPresent: Int
    /// What a leader must look at: expired or ending decisions, measures without a decision.
    var warnings: [PlanningWarning]
}

/// Makes and reads the visits of a date from the stored care plans.
struct VisitService {
    let database: any Database
    var expiryNoticeDays: Int

    /// Creates the visits of `date` that do not exist yet; running it twice creates nothing twice.
    func generate(on date: LocalDate) async throws -> VisitGenerationResult {
        let (visits, warnings) = try await plannedVisits(on: date)
        return try await database.writeTransaction { database in
            let existing = Set(
                try await VisitModel.query(on: database).filter(\.$date == date.description).all(\.$id))
            let new = visits.filter { !existing.contains($0.id) }
            for chunk in stride(from: 0, to: new.count, by: 200) {
                try await new[chunk..<min(chunk + 200, new.count)].map(VisitModel.init).create(on: database)
            }
            return VisitGenerationResult(
                date: date, created: new.count, alreadyPresent: visits.count - new.count, warnings: warnings)
        }
    }

    /// The visits the care plans give for `date`, and the warnings about their decisions, without storing anything.
    func plannedVisits(on date: LocalDate) async throws -> (visits: [Visit], warnings: [PlanningWarning]) {
        try await plannedVisits(from: date, days: 1)[0]
    }

    /// The same for `days` dates from `from`, reading the measures and decisions once.
    func plannedVisits(from: LocalDate, days: Int) async throws -> [(visits: [Visit], warnings: [PlanningWarning])] {
        let measures = try await MeasureModel.query(on: database).filter(\.$isActive == true).all().map(\.domain)
        let decisions = try await DecisionModel.query(on: database).all().map(\.domain)
        let byID = Dictionary(uniqueKeysWithValues: decisions.map { ($0.id, $0) })
        let generator = VisitGenerator(expiryNoticeDays: expiryNoticeDays)
        return (0..<days).map { generator.visits(on: from.adding(days: $0), measures: measures, decisions: byID) }
    }

    /// The stored visits of `date`, by start of window.
    func visits(on date: LocalDate, recipientID: UUID? = nil) async throws -> [Visit] {
        var query = VisitModel.query(on: database).filter(\.$date == date.description)
        if let recipientID { query = query.filter(\.$recipient.$id == recipientID) }
        return try await query.sort(\.$windowStart).all().map(\.domain)
    }
}
