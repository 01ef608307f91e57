import Foundation
import TilsynCore
import Vapor

extension ZoneSummary: Content {}

/// `/api/v1/zones`: the zones with their numbers today.
struct ZoneAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("zones", use: list).classify(.aggregate)
    }

    @Sendable func list(req: Request) async throws -> [ZoneSummary] {
        try await ZoneRepository(database: req.db).summaries(
            today: req.application.today, noticeDays: req.application.tilsyn.decisionExpiryNoticeDays)
    }
}
