import Fluent
import TilsynCore
import Vapor

/// The zone a page is about: the one asked for, else the signed-in person's own, among the zones
/// they may choose — every zone for the roles in `everyZone`, otherwise only their own (and none
/// for someone without a zone: having no zone never means every zone).
enum ZoneChoice {
    static func choose(
        _ req: Request, asked: String?, everyZone: Set<StaffRole> = [.unitLeader, .allocationOfficer]
    ) async throws -> (zone: ZoneModel, zones: [ZoneModel]) {
        guard let user = req.signedInUser else { throw Abort(.unauthorized) }
        var zones = try await ZoneModel.query(on: req.db).sort(\.$name).all()
        if !everyZone.contains(user.role) { zones = zones.filter { $0.id == user.zoneID } }
        let wanted = asked.flatMap(UUID.init(uuidString:)) ?? user.zoneID ?? zones.first?.id
        guard let zone = zones.first(where: { $0.id == wanted }) else { throw PlanningError.zoneNotAllowed }
        return (zone, zones)
    }
}
