import Fluent
import Foundation
import TilsynCore
import Vapor

/// The body of `POST /api/v1/visits/generate`.
struct GenerateVisitsRequest: Content {
    var date: LocalDate
}

/// A planning warning in the JSON API.
struct PlanningWarningResponse: Content {
    var kind: String
    var recipientId: UUID
    var measureId: UUID
    var decisionId: UUID?
    var message: String

    init(_ warning: PlanningWarning, language: String) {
        kind = warning.kind.rawValue
        recipientId = warning.recipientID
        measureId = warning.measureID
        decisionId = warning.decisionID
        message = warning.message.text(in: language)
    }
}

/// The answer of `POST /api/v1/visits/generate`.
struct GenerateVisitsResponse: Content {
    var date: LocalDate
    var created: Int
    var alreadyPresent: Int
    var warnings: [PlanningWarningResponse]
}

/// `/api/v1/visits`: the visits of a date, and generating them.
struct VisitAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let visits = routes.grouped("visits")
        visits.get(use: list).classify(.recipientList(.carePlan))
        visits.grouped(RequireRole.leaders).post("generate", use: generate).classify(.aggregate)
    }

    private func service(_ req: Request) -> VisitService {
        VisitService(database: req.db, expiryNoticeDays: req.application.tilsyn.decisionExpiryNoticeDays)
    }

    @Sendable func list(req: Request) async throws -> [VisitResponse] {
        let date: LocalDate
        if let text = req.query[String.self, at: "date"] {
            guard let parsed = LocalDate(text) else { throw InvalidParameterError.date("date") }
            date = parsed
        } else {
            date = req.application.today
        }
        let recipient = try req.query.get(UUID?.self, at: "recipient")
        let visits = try await service(req).visits(on: date, recipientID: recipient)
        let zones = try await RecipientModel.query(on: req.db).filter(\.$id ~~ Array(Set(visits.map(\.recipientID))))
            .all()
        let visible = try await req.recipientAccess.filterListed(zones.map { ($0.id!, $0.$zone.id) }, part: .carePlan)
        return visits.filter { visible.contains($0.recipientID) }.map(VisitResponse.init)
    }

    /// Generates the visits of one date, near today: a date years away would make hundreds of visits
    /// nobody plans (the command line's `visits generate` has no such limit).
    @Sendable func generate(req: Request) async throws -> GenerateVisitsResponse {
        let body = try req.content.decode(GenerateVisitsRequest.self)
        let offset = req.application.today.days(until: body.date)
        guard GenerateVisitsError.allowedDays.contains(offset) else { throw GenerateVisitsError.dateOutOfRange }
        let result = try await service(req).generate(on: body.date)
        return GenerateVisitsResponse(
            date: result.date, created: result.created, alreadyPresent: result.alreadyPresent,
            warnings: result.warnings.map { PlanningWarningResponse($0, language: req.language) })
    }
}

/// A visit in the JSON API.
struct VisitResponse: Content {
    var id: UUID
    var date: LocalDate
    var recipientId: UUID
    var measureId: UUID
    var title: String
    var window: TimeWindow
    var durationMinutes: Int
    var requiredCompetences: [Competence]
    var staffCount: Int
    var assignedStaffIds: [UUID]

    init(_ visit: Visit) {
        id = visit.id
        date = visit.date
        recipientId = visit.recipientID
        measureId = visit.measureID
        title = visit.title
        window = visit.window
        durationMinutes = visit.durationMinutes
        requiredCompetences = visit.requiredCompetences.sorted()
        staffCount = visit.staffCount
        assignedStaffIds = visit.assignedStaffIDs
    }
}

/// Why generating visits was refused.
enum GenerateVisitsError: UserFacingError {
    case dateOutOfRange

    /// Days from today the API generates visits for: a week back (a day missed) to a month ahead.
    static let allowedDays = -7...31

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "visits.dateOutOfRange" }
    var field: String? { "date" }
    var message: LocalizedText {
        LocalizedText(
            nb: "Besøk lages bare for datoer fra en uke tilbake til en måned fram.",
            en: "Visits are generated only for dates from a week back to a month ahead.")
    }
}
