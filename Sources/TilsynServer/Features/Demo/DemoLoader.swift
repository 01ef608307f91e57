import Fluent
import Foundation
import TilsynCore

/// Stores the synthetic demo municipality, all in one transaction, with a first version of every
/// versioned record like any other creation.
struct DemoLoader {
    let database: any Database

    struct Summary: Sendable, Equatable {
        var zones: Int
        var staff: Int
        var recipients: Int
        var decisions: Int
        var measures: Int
    }

    /// Whether the database has no organisation yet (the demo loads only into an empty one).
    func isEmpty() async throws -> Bool {
        try await MunicipalityModel.query(on: database).count() == 0
    }

    /// The password of every demo account.
    static let demoPassword = "tilsyn-demo"

    /// Loads the demo; every staff member gets an account (username = employee number in lower case,
    /// password `demoPassword`, stored as `passwordHash`, one bcrypt hash shared by all).
    func load(_ demo: DemoMunicipality, passwordHash: String? = nil) async throws -> Summary {
        let context = ChangeContext(author: "tilsyn demo", reason: "Syntetiske demodata")
        try await database.writeTransaction { database in
            try await MunicipalityModel(demo.municipality).create(on: database)
            try await CareUnitModel(demo.unit).create(on: database)
            try await demo.zones.map(ZoneModel.init).create(on: database)
            for chunk in demo.staff.chunked(100) { try await chunk.map(StaffMemberModel.init).create(on: database) }
            if let passwordHash {
                let accounts = demo.staff.map {
                    UserAccountModel(
                        staffMemberID: $0.id, username: $0.employeeNumber.lowercased(), passwordHash: passwordHash)
                }
                for chunk in accounts.chunked(100) { try await chunk.create(on: database) }
            }
            try await VersionHistory.createAll(
                .recipient, demo.recipients, as: RecipientModel.init, context: context, on: database)
            try await VersionHistory.createAll(
                .decision, demo.decisions, as: DecisionModel.init, context: context, on: database)
            let plans = demo.recipients.map { CarePlanModel(recipientID: $0.id, goal: demo.carePlanGoals[$0.id] ?? "") }
            for chunk in plans.chunked(100) { try await chunk.create(on: database) }
            try await VersionHistory.recordCreated(
                .carePlan, plans.map { ($0.id!, CarePlanSnapshot(recipientID: $0.$recipient.id, goal: $0.goal)) },
                context: context, on: database)
            try await VersionHistory.createAll(
                .measure, demo.measures, as: MeasureModel.init, context: context, on: database)
        }
        return Summary(
            zones: demo.zones.count, staff: demo.staff.count, recipients: demo.recipients.count,
            decisions: demo.decisions.count, measures: demo.measures.count)
    }
}

extension DemoLoader {
    /// Adds the demo's improvement history (ideas, answers, trials, evaluations); returns how many ideas.
    func loadImprovements(
        _ demo: DemoMunicipality, seed: UInt64, referenceDate: LocalDate, timeZone: TimeZone
    )
        async throws -> Int
    {
        let history = DemoImprovementHistory.generate(
            seed: seed, referenceDate: referenceDate, unitID: demo.unit.id, zones: demo.zones, staff: demo.staff,
            timeZone: timeZone)
        try await database.writeTransaction { database in
            try await history.ideas.map(IdeaModel.init).create(on: database)
            try await history.trials.map(TrialModel.init).create(on: database)
            // One adopted trial shared as a success story.
            if let adopted = history.trials.first(where: { $0.evaluation?.decision == .adopt }),
                let owner = adopted.ownerID
            {
                let story = SuccessStoryModel()
                story.$trial.id = adopted.id
                story.unitID = demo.unit.id
                story.publishedBy = owner
                story.publishedAt = Date()
                try await story.create(on: database)
            }
        }
        return history.ideas.count
    }
}

extension DemoMunicipality {
    /// One demo sign-in per role, for the README and the start-up message: "a0001 (Avdelingsleder, Sentrum)".
    var exampleSignIns: [String] {
        let zoneNames = Dictionary(uniqueKeysWithValues: zones.map { ($0.id, $0.name) })
        var seen = Set<StaffRole>()
        return staff.compactMap { member in
            guard seen.insert(member.role).inserted else { return nil }
            let zone = member.zoneID.flatMap { zoneNames[$0] }.map { ", \($0)" } ?? ""
            return "\(member.employeeNumber.lowercased()) (\(member.role.displayName.nb)\(zone))"
        }
    }
}

extension Array {
    /// The array in consecutive slices of at most `size` elements (bulk inserts stay under SQLite's
    /// bound-parameter limit).
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
