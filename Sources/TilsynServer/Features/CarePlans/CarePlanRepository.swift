import Fluent
import Foundation
import TilsynCore
import Vapor

/// Reads and changes decisions, care plans and measures. Nothing is overwritten without a new
/// version in the history, and measures are ended rather than deleted.
struct CarePlanRepository {
    let database: any Database

    // MARK: Decisions

    func decisionModel(_ id: UUID) async throws -> DecisionModel {
        guard let model = try await DecisionModel.find(id, on: database) else { throw NotFoundError.decision }
        return model
    }

    func decisions(of recipientID: UUID) async throws -> [DecisionModel] {
        try await DecisionModel.query(on: database).filter(\.$recipient.$id == recipientID).sort(\.$validFrom).all()
    }

    func createDecision(_ decision: Decision, context: ChangeContext) async throws -> Decision {
        try decision.validate()
        try await requireRecipient(decision.recipientID)
        try await database.writeTransaction { database in
            try await DecisionModel(decision).create(on: database)
            try await VersionHistory.record(
                .decision, id: decision.id, version: 1, change: "created", value: decision, context: context,
                on: database)
        }
        return decision
    }

    func updateDecision(_ decision: Decision, expectedVersion: Int?, context: ChangeContext) async throws -> Int {
        try decision.validate()
        return try await database.writeTransaction { database in
            guard let model = try await DecisionModel.find(decision.id, on: database) else {
                throw NotFoundError.decision
            }
            try VersionHistory.checkVersion(expected: expectedVersion, current: model.version)
            var changed = decision
            changed.recipientID = model.$recipient.id  // a decision never moves to another person
            model.update(from: changed)
            model.version += 1
            try await model.save(on: database)
            try await VersionHistory.record(
                .decision, id: decision.id, version: model.version, change: "updated", value: changed,
                context: context, on: database)
            return model.version
        }
    }

    // MARK: Care plan

    func carePlanModel(of recipientID: UUID) async throws -> CarePlanModel? {
        try await CarePlanModel.query(on: database).filter(\.$recipient.$id == recipientID).first()
    }

    func measures(of recipientID: UUID) async throws -> [MeasureModel] {
        try await MeasureModel.query(on: database).filter(\.$recipient.$id == recipientID).all()
            .sorted { ($0.windows.first ?? "", $0.title) < ($1.windows.first ?? "", $1.title) }
    }

    /// Sets the plan's goal, creating the plan on first use.
    func setGoal(
        _ goal: String, of recipientID: UUID, expectedVersion: Int?, context: ChangeContext
    ) async throws
        -> Int
    {
        try await requireRecipient(recipientID)
        return try await database.writeTransaction { database in
            let model: CarePlanModel
            if let existing = try await CarePlanModel.query(on: database).filter(\.$recipient.$id == recipientID)
                .first()
            {
                try VersionHistory.checkVersion(expected: expectedVersion, current: existing.version)
                existing.goal = goal
                existing.version += 1
                try await existing.save(on: database)
                model = existing
            } else {
                model = CarePlanModel(recipientID: recipientID, goal: goal)
                try await model.create(on: database)
            }
            try await VersionHistory.record(
                .carePlan, id: model.id!, version: model.version, change: model.version == 1 ? "created" : "updated",
                value: CarePlanSnapshot(recipientID: recipientID, goal: goal), context: context, on: database)
            return model.version
        }
    }

    // MARK: Measures

    func measureModel(_ id: UUID) async throws -> MeasureModel {
        guard let model = try await MeasureModel.find(id, on: database) else { throw NotFoundError.measure }
        return model
    }

    func addMeasure(_ measure: Measure, context: ChangeContext) async throws -> Measure {
        try measure.validate()
        try await requireRecipient(measure.recipientID)
        try await requireDecision(measure.decisionID, of: measure.recipientID)
        try await database.writeTransaction { database in
            try await MeasureModel(measure).create(on: database)
            try await VersionHistory.record(
                .measure, id: measure.id, version: 1, change: "created", value: measure, context: context,
                on: database)
        }
        return measure
    }

    /// Replaces a measure's content (or ends it, when `measure.isActive` is false), keeping the earlier version.
    func updateMeasure(_ measure: Measure, expectedVersion: Int?, context: ChangeContext) async throws -> Int {
        try measure.validate()
        let current = try await measureModel(measure.id)
        var corrected = measure
        corrected.recipientID = current.$recipient.id  // a measure never moves to another person
        let changed = corrected
        try await requireDecision(changed.decisionID, of: changed.recipientID)
        return try await database.writeTransaction { database in
            guard let model = try await MeasureModel.find(measure.id, on: database) else {
                throw NotFoundError.measure
            }
            try VersionHistory.checkVersion(expected: expectedVersion, current: model.version)
            let change = model.isActive && !changed.isActive ? "ended" : "updated"
            model.update(from: changed)
            model.version += 1
            try await model.save(on: database)
            try await VersionHistory.record(
                .measure, id: measure.id, version: model.version, change: change, value: changed, context: context,
                on: database)
            return model.version
        }
    }

    private func requireRecipient(_ id: UUID) async throws {
        if try await RecipientModel.find(id, on: database) == nil { throw NotFoundError.recipient }
    }

    private func requireDecision(_ id: UUID?, of recipientID: UUID) async throws {
        guard let id else { return }
        guard let decision = try await DecisionModel.find(id, on: database), decision.$recipient.id == recipientID
        else {
            throw UnknownReferenceError(field: "decisionId", value: id.uuidString)
        }
    }
}
