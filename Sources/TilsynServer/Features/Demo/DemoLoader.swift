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

    func load(_ demo: DemoMunicipality) async throws -> Summary {
        let context = ChangeContext(author: "tilsyn demo", reason: "Syntetiske demodata")
        try await database.transaction { database in
            try await MunicipalityModel(demo.municipality).create(on: database)
            try await CareUnitModel(demo.unit).create(on: database)
            try await demo.zones.map(ZoneModel.init).create(on: database)
            for chunk in demo.staff.chunked(100) { try await chunk.map(StaffMemberModel.init).create(on: database) }
            for chunk in demo.recipients.chunked(100) {
                try await chunk.map(RecipientModel.init).create(on: database)
            }
            for chunk in demo.decisions.chunked(100) { try await chunk.map(DecisionModel.init).create(on: database) }
            let plans = demo.recipients.map { CarePlanModel(recipientID: $0.id, goal: demo.carePlanGoals[$0.id] ?? "") }
            for chunk in plans.chunked(100) { try await chunk.create(on: database) }
            for chunk in demo.measures.chunked(100) { try await chunk.map(MeasureModel.init).create(on: database) }
            var versions: [RecordVersionModel] = []
            func add<T: Encodable>(_ entity: VersionedEntity, _ id: UUID, _ value: T) throws {
                let snapshot = String(decoding: try VersionHistory.encoder.encode(value), as: UTF8.self)
                versions.append(
                    RecordVersionModel(
                        entity: entity.rawValue, entityID: id, version: 1, change: "created", snapshot: snapshot,
                        changedBy: context.author, changedAt: context.at, reason: context.reason))
            }
            for recipient in demo.recipients { try add(.recipient, recipient.id, recipient) }
            for decision in demo.decisions { try add(.decision, decision.id, decision) }
            for plan in plans {
                try add(.carePlan, plan.id!, CarePlanSnapshot(recipientID: plan.$recipient.id, goal: plan.goal))
            }
            for measure in demo.measures { try add(.measure, measure.id, measure) }
            for chunk in versions.chunked(100) { try await chunk.create(on: database) }
        }
        return Summary(
            zones: demo.zones.count, staff: demo.staff.count, recipients: demo.recipients.count,
            decisions: demo.decisions.count, measures: demo.measures.count)
    }
}

extension Array {
    /// The array in consecutive slices of at most `size` elements (bulk inserts stay under SQLite's
    /// bound-parameter limit).
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
