import Fluent
import Foundation
import Leaf
import TilsynCore
import Vapor

/// The composition root: builds the whole application from a typed configuration. `tilsyn serve`
/// and the tests call this same function.
public func configure(_ app: Application, _ configuration: TilsynConfiguration) async throws {
    app.tilsyn = configuration
    app.http.server.configuration.hostname = configuration.http.hostname
    app.http.server.configuration.port = configuration.http.port
    // gzip for text (pages, JSON, scripts): the tablet's first load on a slow mobile link.
    app.http.server.configuration.responseCompression = .enabledForCompressibleTypes

    try DatabaseSetup.register(configuration.database, on: app)
    for migration in Migrations.all { app.migrations.add(migration) }
    try await DatabaseSetup.prepare(configuration.database, on: app.db)
    try await app.autoMigrate()

    app.catalogue = try Catalogue(directory: app.directory.resourcesDirectory + "Localization")
    app.views.use(.leaf)
    app.middleware = Middlewares()
    // Outermost: nothing leaves with a header that could split the response or send the browser away.
    app.middleware.use(ResponseHeaderGuard())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ServerTimingMiddleware())
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(RefusalAuditMiddleware())
    app.middleware.use(ErrorRenderingMiddleware())
    app.middleware.use(CrossSiteRequestGuard())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(SessionMiddleware())

    if configuration.loadDemoIfEmpty {
        let loader = DemoLoader(database: app.db)
        if try await loader.isEmpty() {
            let demo = DemoMunicipality.generate(.init(seed: configuration.demoSeed, referenceDate: app.today))
            let hash = try await app.threadPool.runIfActive {
                try Bcrypt.hash(DemoLoader.demoPassword, cost: configuration.auth.passwordCost)
            }
            let summary = try await loader.load(demo, passwordHash: hash)
            _ = try await loader.loadImprovements(
                demo, seed: configuration.demoSeed, referenceDate: app.today, timeZone: configuration.timeZone)
            _ = try await loader.loadAlarmDevices(demo, realm: configuration.alarms.realm)
            _ = try await loader.loadAbsences(demo, seed: configuration.demoSeed, today: app.today)
            try await loader.loadCareHistory(
                demo, seed: configuration.demoSeed, today: app.today, timeZone: configuration.timeZone,
                expiryNoticeDays: configuration.decisionExpiryNoticeDays)
            let visits = try await VisitService(
                database: app.db, expiryNoticeDays: configuration.decisionExpiryNoticeDays
            ).generate(on: app.today)
            app.logger.notice(
                "Demo municipality loaded",
                metadata: [
                    "demo.zones": "\(summary.zones)", "demo.staff": "\(summary.staff)",
                    "demo.recipients": "\(summary.recipients)", "demo.visits_today": "\(visits.created)",
                ])
            app.logger.notice(
                "Demo sign-ins (password \(DemoLoader.demoPassword)): \(demo.exampleSignIns.joined(separator: "; "))")
        }
    }
    try startLiveUpdates(app, configuration)
    try routes(app)
    if let sipPort = configuration.sipPort {
        app.lifecycle.use(SIPListener(host: configuration.http.hostname, port: sipPort))
    }
}

/// Live updates: saved visits, alarms and report boards are announced; with PostgreSQL through NOTIFY/LISTEN, so screens
/// served by another process hear them too.
func startLiveUpdates(_ app: Application, _ configuration: TilsynConfiguration) throws {
    if case .postgres(let url) = configuration.database {
        LiveAnnouncement.register(app, usesNotify: true, on: .psql)
        app.lifecycle.use(try PostgresLiveRelay(url: url, live: app.live, logger: app.logger))
    } else {
        LiveAnnouncement.register(app, usesNotify: false, on: nil)
    }
}

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: OpenAPIController())
    try app.register(collection: AuthController())
    try app.register(collection: SensorEventsController())
    // Everything below needs a signed-in, unlocked user, and passes the access check and audit log.
    let protected = app.grouped(RequireSignIn(), RecipientAccessMiddleware())
    let api = protected.grouped("api", "v1")
    try api.register(collection: ZoneAPIController())
    try api.register(collection: StaffAPIController())
    try api.register(collection: RecipientAPIController())
    try api.register(collection: CarePlanAPIController())
    try api.register(collection: VisitAPIController())
    try api.register(collection: TabletAPIController())
    try protected.register(collection: EmergencyAccessController())
    try protected.register(collection: WebPagesController())
    try protected.register(collection: AuditPagesController())
    try protected.register(collection: AdminUsersController())
    try protected.register(collection: ImprovementOverviewController())
    try protected.register(collection: PlanningPagesController())
    try protected.register(collection: AlarmConsoleController())
    try protected.register(collection: AlarmDispatchController())
    try protected.register(collection: AlarmStatisticsController())
    try protected.register(collection: AlarmDevicesController())
    try protected.register(collection: DeviationsController())
    try protected.register(collection: AbsencesController())
    try protected.register(collection: RosterController())
    try protected.register(collection: ReportBoardController())
    try protected.register(collection: HoursController())
    try protected.register(collection: DashboardController())
    try protected.register(collection: WorkListController())
    try protected.register(collection: VisitReportController())
    try protected.register(collection: CareTasksController())
    try protected.register(collection: LiveBoardController())
    try protected.register(collection: EquipmentController())
    try protected.register(collection: IntakeController())
    try protected.register(collection: SharingController())
    try protected.register(collection: ImprovementController())
}
