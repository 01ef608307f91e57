import Fluent
import Foundation
import TilsynCore

/// The tasks staff create on the spot most often (R12), and anything else as free text.
enum CareTaskKind: String, Codable, Sendable, CaseIterable {
    case bookDoctor, callRelatives, restockEquipment, other

    var name: LocalizedText {
        switch self {
        case .bookDoctor: LocalizedText(nb: "Bestille legetime", en: "Book a doctor")
        case .callRelatives: LocalizedText(nb: "Ringe pårørende", en: "Call relatives")
        case .restockEquipment: LocalizedText(nb: "Fylle på utstyr", en: "Restock equipment")
        case .other: LocalizedText(nb: "Annet", en: "Other")
        }
    }
}

/// A task with an owner and a due time, made during a visit or at the office (R12). It may name a
/// recipient; then only those who may see that recipient's care plan see the task.
final class CareTaskModel: Model, @unchecked Sendable {
    static let schema = "care_tasks"
    @ID(key: .id) var id: UUID?
    /// The tablet's id for the task, so a replayed outbox creates it once.
    @Field(key: "client_id") var clientID: String
    @Parent(key: "zone_id") var zone: ZoneModel
    @OptionalParent(key: "recipient_id") var recipient: RecipientModel?
    @OptionalParent(key: "visit_id") var visit: VisitModel?
    @Field(key: "kind") var kind: String
    @Field(key: "text") var text: String
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "done_by") var doneBy: UUID?
    /// A restocking task made by a "missing" report (see `EquipmentService`).
    @OptionalField(key: "equipment_id") var equipmentID: UUID?

    init() {}
}

struct CreateCareTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CareTaskModel.schema)
            .id()
            .field("client_id", .string, .required)
            .field("zone_id", .uuid, .required, .references(ZoneModel.schema, "id"))
            .field("recipient_id", .uuid, .references(RecipientModel.schema, "id"))
            .field("visit_id", .uuid, .references(VisitModel.schema, "id"))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("owner_id", .uuid, .required)
            .field("due_at", .datetime, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("done_at", .datetime)
            .field("done_by", .uuid)
            .unique(on: "client_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CareTaskModel.schema).delete()
    }
}
