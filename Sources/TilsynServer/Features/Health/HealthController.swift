import Fluent
import Vapor

/// `GET /healthz`: 200 with the database kind and schema version when the database answers.
struct HealthController: RouteCollection {
    struct Health: Content {
        var status: String
        var database: String
        /// How many migrations are applied; rises with every schema change.
        var schemaVersion: Int
        /// The newest applied migration.
        var latestMigration: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health).classify(.noHealthData)
    }

    @Sendable func health(req: Request) async throws -> Health {
        let applied = try await MigrationLog.query(on: req.db).sort(\.$createdAt).all()
        return Health(
            status: "ok", database: req.application.tilsyn.database.kind, schemaVersion: applied.count,
            latestMigration: applied.last?.name)
    }
}
