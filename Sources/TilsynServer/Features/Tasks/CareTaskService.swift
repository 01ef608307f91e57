import Fluent
import Foundation
import TilsynCore
import Vapor

/// A task as asked for, before it is stored: from a page's form or the tablet's outbox.
struct TaskDraft: Sendable {
    var clientID: String
    var kind: CareTaskKind
    var text: String
    var recipientID: UUID?
    var visitID: UUID?
    /// "me", "leader" (the zone's department leader), or a colleague's staff id.
    var owner: String
    var dueAt: Date
}

/// Creates, lists and completes tasks; each client id creates one task.
struct CareTaskService {
    static let maxText = 500
    let database: any Database

    /// Stores the task; `nil` when this client id was stored before (nothing changes).
    @discardableResult
    func create(_ draft: TaskDraft, by creator: UUID, now: Date = Date()) async throws -> CareTaskModel? {
        if try await CareTaskModel.query(on: database).filter(\.$clientID == draft.clientID).first() != nil {
            return nil
        }
        let text = draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if draft.kind == .other, text.isEmpty { throw CareTaskError.textRequired }
        guard text.count <= Self.maxText else { throw CareTaskError.tooLong }
        guard let me = try await StaffMemberModel.find(creator, on: database) else { throw NotFoundError.staffMember }
        var zoneID = me.$zone.id
        if let recipientID = draft.recipientID {
            guard let recipient = try await RecipientModel.find(recipientID, on: database) else {
                throw NotFoundError.recipient
            }
            zoneID = recipient.$zone.id
        }
        guard let zoneID else { throw CareTaskError.noZone }
        let task = CareTaskModel()
        task.clientID = draft.clientID
        task.$zone.id = zoneID
        task.$recipient.id = draft.recipientID
        task.$visit.id = draft.visitID
        task.kind = draft.kind.rawValue
        task.text = text
        task.ownerID = try await owner(draft.owner, me: creator, zoneID: zoneID)
        task.dueAt = draft.dueAt
        task.createdBy = creator
        task.createdAt = now
        try await task.create(on: database)
        return task
    }

    private func owner(_ choice: String, me: UUID, zoneID: UUID) async throws -> UUID {
        switch choice {
        case "", "me": return me
        case "leader":
            guard
                let leader = try await StaffMemberModel.query(on: database)
                    .filter(\.$role == StaffRole.departmentLeader.rawValue).filter(\.$zone.$id == zoneID)
                    .sort(\.$employeeNumber).first()
            else { throw CareTaskError.noLeader }
            return leader.id!
        default:
            guard let id = UUID(uuidString: choice), try await StaffMemberModel.find(id, on: database) != nil else {
                throw CareTaskError.owner
            }
            return id
        }
    }

    /// Marks a task done (once; a second time changes nothing).
    func complete(_ task: CareTaskModel, by staffID: UUID, at: Date = Date()) async throws {
        guard task.doneAt == nil else { return }
        task.doneAt = at
        task.doneBy = staffID
        try await task.save(on: database)
        // Restocked: the item is no longer missing.
        if let itemID = task.equipmentID, let item = try await EquipmentItemModel.find(itemID, on: database) {
            item.missingSince = nil
            try await item.save(on: database)
        }
    }

    /// Open tasks owned by someone, or in a zone; soonest due first.
    func open(ownerID: UUID? = nil, zoneID: UUID? = nil) async throws -> [CareTaskModel] {
        var query = CareTaskModel.query(on: database).filter(\.$doneAt == nil)
        if let ownerID { query = query.filter(\.$ownerID == ownerID) }
        if let zoneID { query = query.filter(\.$zone.$id == zoneID) }
        return try await query.sort(\.$dueAt).all()
    }
}

/// Why a task was refused.
enum CareTaskError: UserFacingError {
    case textRequired, tooLong, owner, noLeader, noZone, due, kind

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? {
        switch self {
        case .textRequired, .tooLong: "text"
        case .owner, .noLeader: "owner"
        case .noZone: "recipient"
        case .due: "due"
        case .kind: "kind"
        }
    }
    var message: LocalizedText {
        switch self {
        case .textRequired: LocalizedText(nb: "Skriv hva oppgaven gjelder.", en: "Write what the task is.")
        case .tooLong:
            LocalizedText(
                nb: "Oppgaveteksten er lengre enn \(CareTaskService.maxText) tegn.",
                en: "The task text is longer than \(CareTaskService.maxText) characters.")
        case .owner: LocalizedText(nb: "Velg hvem som skal gjøre oppgaven.", en: "Choose who is to do the task.")
        case .noLeader:
            LocalizedText(nb: "Sonen har ingen avdelingsleder registrert.", en: "The zone has no department leader.")
        case .noZone:
            LocalizedText(
                nb: "Velg tjenestemottaker; du hører ikke til en sone.",
                en: "Choose a care recipient; you belong to no zone.")
        case .due:
            LocalizedText(nb: "Fristen må være en dato og et klokkeslett.", en: "The due time must be a date and time.")
        case .kind: LocalizedText(nb: "Ukjent type oppgave.", en: "Unknown kind of task.")
        }
    }
}
