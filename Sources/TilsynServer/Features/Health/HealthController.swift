import Fluent
import TilsynCore
import Vapor

/// `GET /healthz`: 200 when the database answers. Anyone (a load balancer) learns only that; the
/// database kind and schema version are for the people who run the installation — a signed-in
/// admin or leader — since they tell an attacker which software and version to aim at.
struct HealthController: RouteCollection {
    struct Health: Content {
        var status: String
        var database: String?
        /// How many migrations are applied; rises with every schema change.
        var schemaVersion: Int?
        /// The newest applied migration.
        var latestMigration: String?
    }

    /// Who sees the details.
    static let operators: Set<StaffRole> = [.admin, .unitLeader, .departmentLeader]

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health).classify(.noHealthData)
    }

    @Sendable func health(req: Request) async throws -> Health {
        let applied = try await MigrationLog.query(on: req.db).sort(\.$createdAt).all()
        guard let user = req.signedInUser, !user.isLocked, Self.operators.contains(user.role) else {
            return Health(status: "ok")
        }
        return Health(
            status: "ok", database: req.application.tilsyn.database.kind, schemaVersion: applied.count,
            latestMigration: applied.last?.name)
    }
}
