import Fluent
import Foundation
import TilsynCore

/// Why a visit was not done (the tablet's check-off).
enum NotDoneReason: String, Codable, Sendable, CaseIterable {
    case notHome, refused, hospital, other

    var name: LocalizedText {
        switch self {
        case .notHome: LocalizedText(nb: "Ikke hjemme", en: "Not home")
        case .refused: LocalizedText(nb: "Ønsket ikke besøket", en: "Refused")
        case .hospital: LocalizedText(nb: "Innlagt på sykehus", en: "Admitted to hospital")
        case .other: LocalizedText(nb: "Annet", en: "Other")
        }
    }
}

/// When a visit actually began and ended, and how it went — what allocated vs actual hours and
/// planned vs done visits are counted from.
struct AddVisitExecution: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        let columns: [(String, DatabaseSchema.DataType)] = [
            ("started_at", .datetime), ("finished_at", .datetime), ("outcome", .string), ("not_done_reason", .string),
            ("checked_by", .uuid),
        ]
        for (name, type) in columns {
            try await database.schema(VisitModel.schema).field(FieldKey(stringLiteral: name), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for name in ["started_at", "finished_at", "outcome", "not_done_reason", "checked_by"] {
            try await database.schema(VisitModel.schema).deleteField(.init(stringLiteral: name)).update()
        }
    }
}
