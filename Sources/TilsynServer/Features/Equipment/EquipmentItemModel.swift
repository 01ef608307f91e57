import Fluent
import Foundation
import TilsynCore
import Vapor

/// What should be in a recipient's home (R16): dressings, gloves, incontinence products, a lift
/// sling… Staff report "missing" with one tap; that becomes a restocking task for the leader.
final class EquipmentItemModel: Model, @unchecked Sendable {
    static let schema = "equipment_items"
    @ID(key: .id) var id: UUID?
    @Parent(key: "recipient_id") var recipient: RecipientModel
    @Field(key: "name") var name: String
    @Field(key: "note") var note: String
    @Field(key: "added_by") var addedBy: UUID
    @Field(key: "added_at") var addedAt: Date
    /// Set by a "missing" report, cleared when the restocking task is done.
    @OptionalField(key: "missing_since") var missingSince: Date?
    @OptionalField(key: "removed_at") var removedAt: Date?

    init() {}
}

struct CreateEquipmentItems: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EquipmentItemModel.schema)
            .id()
            .field("recipient_id", .uuid, .required, .references(RecipientModel.schema, "id"))
            .field("name", .string, .required)
            .field("note", .string, .required)
            .field("added_by", .uuid, .required)
            .field("added_at", .datetime, .required)
            .field("missing_since", .datetime)
            .field("removed_at", .datetime)
            .create()
        // Which item a restocking task is about, so finishing the task clears "missing".
        try await database.schema(CareTaskModel.schema).field("equipment_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CareTaskModel.schema).deleteField("equipment_id").update()
        try await database.schema(EquipmentItemModel.schema).delete()
    }
}

/// Adds and removes a home's equipment, and turns "missing" into a task.
struct EquipmentService {
    let database: any Database

    func items(of recipientID: UUID) async throws -> [EquipmentItemModel] {
        try await EquipmentItemModel.query(on: database).filter(\.$recipient.$id == recipientID)
            .filter(\.$removedAt == nil).sort(\.$name).all()
    }

    func add(name: String, note: String, to recipientID: UUID, by staffID: UUID) async throws {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 120 else { throw EquipmentError.name }
        let item = EquipmentItemModel()
        item.$recipient.id = recipientID
        item.name = name
        item.note = String(note.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
        item.addedBy = staffID
        item.addedAt = Date()
        try await item.create(on: database)
    }

    func remove(_ item: EquipmentItemModel) async throws {
        item.removedAt = Date()
        try await item.save(on: database)
    }

    /// "Missing": marks the item and gives the zone's leader a restocking task due the next morning;
    /// once per client id, and not a second task while one is open for the item.
    @discardableResult
    func reportMissing(
        _ item: EquipmentItemModel, clientID: String, visitID: UUID?, by staffID: UUID, timeZone: TimeZone,
        now: Date = Date()
    ) async throws -> Bool {
        if try await CareTaskModel.query(on: database).filter(\.$clientID == clientID).first() != nil { return false }
        let open = try await CareTaskModel.query(on: database).filter(\.$equipmentID == item.id)
            .filter(\.$doneAt == nil).first()
        item.missingSince = item.missingSince ?? now
        try await item.save(on: database)
        guard open == nil else { return true }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: now) ?? now
        let due = calendar.date(bySettingHour: 10, minute: 0, second: 0, of: tomorrow) ?? tomorrow
        let task = try await CareTaskService(database: database).create(
            TaskDraft(
                clientID: clientID, kind: .restockEquipment, text: "Mangler: \(item.name)",
                recipientID: item.$recipient.id, visitID: visitID, owner: "leader", dueAt: due),
            by: staffID, now: now)
        task?.equipmentID = item.id
        try await task?.save(on: database)
        return true
    }
}

/// Why an equipment change was refused.
enum EquipmentError: UserFacingError {
    case name

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "equipmentName" }
    var field: String? { "name" }
    var message: LocalizedText {
        LocalizedText(
            nb: "Skriv hva utstyret er (høyst 120 tegn).", en: "Write what the equipment is (at most 120 characters).")
    }
}
