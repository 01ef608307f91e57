import Fluent
import Foundation
import TilsynCore
import Vapor

/// Enforces every route's data classification: checks access to the recipient a route names,
/// lets list routes filter what they show, and appends the audit events. A route without a
/// classification is refused, so a new feature cannot leak data by forgetting.
struct RecipientAccessMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let classification = request.route?.dataClassification else {
            request.logger.critical("Route without a data classification", metadata: ["route": "\(request.url.path)"])
            throw Abort(.internalServerError, reason: "route without a data classification")
        }
        if classification == .noHealthData || classification == .aggregate {
            return try await next.respond(to: request)
        }
        let access = try await RecipientAccess(request: request)
        request.setRecipientAccess(access)
        switch classification {
        case .recipientData(let part, let action):
            // nil: the record names no recipient (an alarm from an unknown device), so no health data.
            if let recipientID = try await Self.recipientID(of: request) {
                do {
                    try await access.require(recipientID, part: part, action: action)
                } catch let denied as AccessDeniedError {
                    try await AuditLog.record(access.takePending(), request: request)
                    throw denied
                }
            }
        case .recipientList, .recipientsInBody, .intakes, .recipientCreation, .emergencyGrant, .noHealthData,
            .aggregate:
            break
        }
        let response = try await next.respond(to: request)
        guard response.status.code < 400 else { return response }
        // Fail closed when a handler skipped what its classification promises.
        if case .recipientList = classification, !access.listed {
            request.logger.critical("List route did not filter by access", metadata: ["route": "\(request.url.path)"])
            throw Abort(.internalServerError, reason: "list without access filter")
        }
        if classification == .recipientsInBody || classification == .intakes, !access.checkedBody {
            request.logger.critical("Body route checked no recipient", metadata: ["route": "\(request.url.path)"])
            throw Abort(.internalServerError, reason: "body recipients not checked")
        }
        if classification == .recipientCreation, access.entries.isEmpty {
            request.logger.critical("Creation route noted nothing", metadata: ["route": "\(request.url.path)"])
            throw Abort(.internalServerError, reason: "creation without audit")
        }
        try await AuditLog.record(access.takePending(), request: request)
        return response
    }

    /// The recipient a route is about, from its parameters: the recipient itself, or the owner of a
    /// decision, measure or alarm (an alarm may have none). Unknown ids are 404 before any access decision.
    static func recipientID(of request: Request) async throws -> UUID? {
        if request.parameters.get("recipientID") != nil {
            return try request.uuidParameter("recipientID", notFound: .recipient)
        }
        if request.parameters.get("decisionID") != nil {
            let id = try request.uuidParameter("decisionID", notFound: .decision)
            guard let decision = try await DecisionModel.find(id, on: request.db) else { throw NotFoundError.decision }
            return decision.$recipient.id
        }
        if request.parameters.get("measureID") != nil {
            let id = try request.uuidParameter("measureID", notFound: .measure)
            guard let measure = try await MeasureModel.find(id, on: request.db) else { throw NotFoundError.measure }
            return measure.$recipient.id
        }
        if request.parameters.get("visitID") != nil {
            let id = try request.uuidParameter("visitID", notFound: .visit)
            guard let visit = try await VisitModel.find(id, on: request.db) else { throw NotFoundError.visit }
            return visit.$recipient.id
        }
        if request.parameters.get("deviationID") != nil {
            let id = try request.uuidParameter("deviationID", notFound: .deviation)
            guard let deviation = try await DeviationModel.find(id, on: request.db) else {
                throw NotFoundError.deviation
            }
            return deviation.$recipient.id
        }
        if request.parameters.get("equipmentID") != nil {
            let id = try request.uuidParameter("equipmentID", notFound: .equipment)
            guard let item = try await EquipmentItemModel.find(id, on: request.db) else {
                throw NotFoundError.equipment
            }
            return item.$recipient.id
        }
        if request.parameters.get("reportID") != nil {
            let id = try request.uuidParameter("reportID", notFound: .report)
            guard let report = try await VisitReportModel.find(id, on: request.db) else { throw NotFoundError.report }
            return report.$recipient.id
        }
        if request.parameters.get("taskID") != nil {
            let id = try request.uuidParameter("taskID", notFound: .task)
            guard let task = try await CareTaskModel.find(id, on: request.db) else { throw NotFoundError.task }
            return task.$recipient.id
        }
        if request.parameters.get("alarmID") != nil {
            let id = try request.uuidParameter("alarmID", notFound: .alarm)
            guard let event = try await AlarmEventModel.find(id, on: request.db) else { throw NotFoundError.alarm }
            return event.$recipient.id
        }
        throw Abort(.internalServerError, reason: "recipient route without a recipient parameter")
    }
}
