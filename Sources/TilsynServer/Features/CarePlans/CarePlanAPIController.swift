import Fluent
import Foundation
import TilsynCore
import Vapor

/// Decisions and care plans in the JSON API; every change needs a reason and keeps the earlier version.
struct CarePlanAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let recipient = routes.grouped("recipients", ":recipientID")
        recipient.get("decisions", use: listDecisions).classify(.recipientData(.decisions, .read))
        recipient.grouped(RequireRole.decisionMakers).post("decisions", use: createDecision)
            .classify(.recipientData(.decisions, .change))
        recipient.get("care-plan", use: showCarePlan).classify(.recipientData(.carePlan, .read))
        recipient.grouped(RequireRole.carePlanners).put("care-plan", use: updateGoal)
            .classify(.recipientData(.carePlan, .change))
        recipient.grouped(RequireRole.carePlanners).post("care-plan", "measures", use: addMeasure)
            .classify(.recipientData(.carePlan, .change))

        let decisions = routes.grouped("decisions", ":decisionID")
        decisions.get(use: showDecision).classify(.recipientData(.decisions, .read))
        decisions.grouped(RequireRole.decisionMakers).put(use: updateDecision)
            .classify(.recipientData(.decisions, .change))
        decisions.get("history", use: decisionHistory).classify(.recipientData(.decisions, .read))

        let measures = routes.grouped("measures", ":measureID")
        measures.get(use: showMeasure).classify(.recipientData(.carePlan, .read))
        measures.grouped(RequireRole.carePlanners).put(use: updateMeasure).classify(.recipientData(.carePlan, .change))
        measures.grouped(RequireRole.carePlanners).post("end", use: endMeasure)
            .classify(.recipientData(.carePlan, .change))
        measures.get("history", use: measureHistory).classify(.recipientData(.carePlan, .read))
    }

    private func decisionResponse(_ model: DecisionModel, _ req: Request) -> DecisionResponse {
        DecisionResponse(
            model, today: req.application.today, noticeDays: req.application.tilsyn.decisionExpiryNoticeDays)
    }

    // MARK: Decisions

    @Sendable func listDecisions(req: Request) async throws -> [DecisionResponse] {
        let recipientID = try req.uuidParameter("recipientID", notFound: .recipient)
        _ = try await RecipientRepository(database: req.db).model(recipientID)
        return try await CarePlanRepository(database: req.db).decisions(of: recipientID).map {
            decisionResponse($0, req)
        }
    }

    @Sendable func createDecision(req: Request) async throws -> Response {
        let recipientID = try req.uuidParameter("recipientID", notFound: .recipient)
        let body = try req.content.decode(DecisionRequest.self)
        let decision = Decision(
            recipientID: recipientID, serviceType: body.serviceType, hoursPerWeek: body.hoursPerWeek,
            validFrom: body.validFrom, validTo: body.validTo)
        let repository = CarePlanRepository(database: req.db)
        _ = try await repository.createDecision(
            decision, context: try ChangeContext.from(req, reason: body.reason, required: false))
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/decisions/\(decision.id)")
        try response.content.encode(decisionResponse(try await repository.decisionModel(decision.id), req))
        return response
    }

    @Sendable func showDecision(req: Request) async throws -> DecisionResponse {
        let id = try req.uuidParameter("decisionID", notFound: .decision)
        return decisionResponse(try await CarePlanRepository(database: req.db).decisionModel(id), req)
    }

    @Sendable func updateDecision(req: Request) async throws -> DecisionResponse {
        let id = try req.uuidParameter("decisionID", notFound: .decision)
        let body = try req.content.decode(DecisionRequest.self)
        let context = try ChangeContext.from(req, reason: body.reason, required: true)
        let repository = CarePlanRepository(database: req.db)
        let current = try await repository.decisionModel(id)
        let decision = Decision(
            id: id, recipientID: current.$recipient.id, serviceType: body.serviceType, hoursPerWeek: body.hoursPerWeek,
            validFrom: body.validFrom, validTo: body.validTo)
        _ = try await repository.updateDecision(decision, expectedVersion: body.version, context: context)
        return decisionResponse(try await repository.decisionModel(id), req)
    }

    @Sendable func decisionHistory(req: Request) async throws -> [RecordVersion] {
        let id = try req.uuidParameter("decisionID", notFound: .decision)
        _ = try await CarePlanRepository(database: req.db).decisionModel(id)
        return try await VersionHistory.versions(of: .decision, id: id, on: req.db)
    }

    // MARK: Care plan

    @Sendable func showCarePlan(req: Request) async throws -> CarePlanResponse {
        let recipientID = try req.uuidParameter("recipientID", notFound: .recipient)
        _ = try await RecipientRepository(database: req.db).model(recipientID)
        let repository = CarePlanRepository(database: req.db)
        let plan = try await repository.carePlanModel(of: recipientID)
        let measures = try await repository.measures(of: recipientID)
        let domain = CarePlan(recipientID: recipientID, goal: plan?.goal ?? "", measures: measures.map(\.domain))
        return CarePlanResponse(
            recipientId: recipientID, goal: domain.goal, version: plan?.version ?? 0,
            measures: measures.map(MeasureResponse.init), plannedMinutesPerWeek: domain.plannedMinutesPerWeek)
    }

    @Sendable func updateGoal(req: Request) async throws -> CarePlanResponse {
        let recipientID = try req.uuidParameter("recipientID", notFound: .recipient)
        let body = try req.content.decode(CarePlanGoalRequest.self)
        let context = try ChangeContext.from(req, reason: body.reason, required: true)
        _ = try await CarePlanRepository(database: req.db).setGoal(
            body.goal, of: recipientID, expectedVersion: body.version, context: context)
        return try await showCarePlan(req: req)
    }

    // MARK: Measures

    @Sendable func addMeasure(req: Request) async throws -> Response {
        let recipientID = try req.uuidParameter("recipientID", notFound: .recipient)
        let body = try req.content.decode(MeasureRequest.self)
        let measure = body.domain(id: UUID(), recipientID: recipientID)
        let repository = CarePlanRepository(database: req.db)
        _ = try await repository.addMeasure(
            measure, context: try ChangeContext.from(req, reason: body.reason, required: false))
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/measures/\(measure.id)")
        try response.content.encode(MeasureResponse(try await repository.measureModel(measure.id)))
        return response
    }

    @Sendable func showMeasure(req: Request) async throws -> MeasureResponse {
        let id = try req.uuidParameter("measureID", notFound: .measure)
        return MeasureResponse(try await CarePlanRepository(database: req.db).measureModel(id))
    }

    @Sendable func updateMeasure(req: Request) async throws -> MeasureResponse {
        let id = try req.uuidParameter("measureID", notFound: .measure)
        let body = try req.content.decode(MeasureRequest.self)
        let context = try ChangeContext.from(req, reason: body.reason, required: true)
        let repository = CarePlanRepository(database: req.db)
        let current = try await repository.measureModel(id)
        let measure = body.domain(id: id, recipientID: current.$recipient.id, isActive: current.isActive)
        _ = try await repository.updateMeasure(measure, expectedVersion: body.version, context: context)
        return MeasureResponse(try await repository.measureModel(id))
    }

    @Sendable func endMeasure(req: Request) async throws -> MeasureResponse {
        let id = try req.uuidParameter("measureID", notFound: .measure)
        let body = try req.content.decode(EndMeasureRequest.self)
        let context = try ChangeContext.from(req, reason: body.reason, required: true)
        let repository = CarePlanRepository(database: req.db)
        var measure = try await repository.measureModel(id).domain
        measure.isActive = false
        _ = try await repository.updateMeasure(measure, expectedVersion: nil, context: context)
        return MeasureResponse(try await repository.measureModel(id))
    }

    @Sendable func measureHistory(req: Request) async throws -> [RecordVersion] {
        let id = try req.uuidParameter("measureID", notFound: .measure)
        _ = try await CarePlanRepository(database: req.db).measureModel(id)
        return try await VersionHistory.versions(of: .measure, id: id, on: req.db)
    }
}
