import Fluent
import Foundation
import TilsynCore
import Vapor

/// Equipment in the home (R16): nurses and leaders keep the list on the recipient page; anyone on
/// the visit reports an item missing with one tap (a restocking task for the leader).
struct EquipmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let planners = routes.grouped(RequireRole.carePlanners)
        planners.post("recipients", ":recipientID", "equipment", use: add).classify(.recipientData(.carePlan, .change))
        planners.post("equipment", ":equipmentID", "remove", use: remove).classify(
            .recipientData(.carePlan, .change))
        routes.post("my-day", ":visitID", "equipment", ":equipmentID", "missing", use: missing)
            .classify(.recipientData(.carePlan, .change))
    }

    struct AddForm: Content {
        var name: String
        var note: String?
    }

    @Sendable func add(req: Request) async throws -> Response {
        let recipientID = try req.uuidParameter("recipientID", notFound: .recipient)
        let form = try req.content.decode(AddForm.self)
        try await EquipmentService(database: req.db).add(
            name: form.name, note: form.note ?? "", to: recipientID, by: try req.requireUser().staffID)
        return req.redirect(to: "/recipients/\(recipientID.uuidString)#equipment-heading", redirectType: .normal)
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let id = try req.uuidParameter("equipmentID", notFound: .equipment)
        guard let item = try await EquipmentItemModel.find(id, on: req.db) else { throw NotFoundError.equipment }
        try await EquipmentService(database: req.db).remove(item)
        return req.redirect(
            to: "/recipients/\(item.$recipient.id.uuidString)#equipment-heading", redirectType: .normal)
    }

    @Sendable func missing(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let visitID = try req.uuidParameter("visitID", notFound: .visit)
        let itemID = try req.uuidParameter("equipmentID", notFound: .equipment)
        guard let visit = try await VisitModel.find(visitID, on: req.db), visit.assignedStaffIDs.contains(user.staffID)
        else { throw NotFoundError.visit }
        guard let item = try await EquipmentItemModel.find(itemID, on: req.db),
            item.$recipient.id == visit.$recipient.id, item.removedAt == nil
        else { throw NotFoundError.equipment }
        try await EquipmentService(database: req.db).reportMissing(
            item, clientID: UUID().uuidString, visitID: visitID, by: user.staffID,
            timeZone: req.application.tilsyn.timeZone)
        return req.redirect(to: "/my-day/\(visitID.uuidString)?saved=1", redirectType: .normal)
    }
}

/// An item as pages and the tablet show it.
struct EquipmentView: Codable, Sendable {
    var id: String
    var name: String
    var note: String
    var missing: Bool

    init(_ item: EquipmentItemModel) {
        id = item.id!.uuidString
        name = item.name
        note = item.note
        missing = item.missingSince != nil
    }
}
