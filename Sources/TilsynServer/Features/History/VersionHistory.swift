import Fluent
import Foundation
import TilsynCore
import Vapor

/// Who makes a change and why; required for every change of health data.
struct ChangeContext: Sendable {
    /// The person (or import job) making the change.
    var author: String
    /// Why, in the author's words.
    var reason: String
    /// When.
    var at: Date = Date()
}

/// A kind of record whose every version is kept.
enum VersionedEntity: String, Sendable, Codable {
    case recipient
    case decision
    case carePlan = "care_plan"
    case measure
}

/// One stored version, as the API and the recipient page show it.
struct RecordVersion: Sendable, Codable, Equatable {
    var version: Int
    var change: String
    var changedBy: String
    var changedAt: Date
    var reason: String
    /// The record as it was after the change, as JSON.
    var snapshot: String
}

/// Appends versions of health data and reads them back. The only way this code changes a
/// versioned record is through `record`, called in the same transaction as the change itself.
enum VersionHistory {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Appends version `version` of an entity.
    static func record<T: Encodable>(
        _ entity: VersionedEntity, id: UUID, version: Int, change: String, value: T, context: ChangeContext,
        on database: any Database
    ) async throws {
        let snapshot = String(decoding: try encoder.encode(value), as: UTF8.self)
        try await RecordVersionModel(
            entity: entity.rawValue, entityID: id, version: version, change: change, snapshot: snapshot,
            changedBy: context.author, changedAt: context.at, reason: context.reason
        ).create(on: database)
    }

    /// Inserts new records in bulk with their first versions, as an import or the demo does.
    static func createAll<Value: Encodable & Identifiable<UUID>, Row: Model>(
        _ entity: VersionedEntity, _ values: [Value], as row: (Value) -> Row, context: ChangeContext,
        on database: any Database
    ) async throws {
        for chunk in values.chunked(100) { try await chunk.map(row).create(on: database) }
        try await recordCreated(entity, values.map { ($0.id, $0) }, context: context, on: database)
    }

    /// Appends the first version of many records at once.
    static func recordCreated<Value: Encodable>(
        _ entity: VersionedEntity, _ values: [(id: UUID, value: Value)], context: ChangeContext,
        on database: any Database
    ) async throws {
        let rows = try values.map {
            RecordVersionModel(
                entity: entity.rawValue, entityID: $0.id, version: 1, change: "created",
                snapshot: String(decoding: try encoder.encode($0.value), as: UTF8.self), changedBy: context.author,
                changedAt: context.at, reason: context.reason)
        }
        for chunk in rows.chunked(100) { try await chunk.create(on: database) }
    }

    /// Throws 409 when a client edited another version than the stored one (optimistic locking).
    static func checkVersion(expected: Int?, current: Int) throws {
        if let expected, expected != current { throw StaleVersionError(expected: expected, current: current) }
    }

    /// Every version of an entity, oldest first.
    static func versions(
        of entity: VersionedEntity, id: UUID, on database: any Database
    ) async throws -> [RecordVersion] {
        try await RecordVersionModel.query(on: database)
            .filter(\.$entity == entity.rawValue).filter(\.$entityID == id)
            .sort(\.$version)
            .all()
            .map {
                RecordVersion(
                    version: $0.version, change: $0.change, changedBy: $0.changedBy, changedAt: $0.changedAt,
                    reason: $0.reason, snapshot: $0.snapshot)
            }
    }
}

extension RecordVersion: Content {}
