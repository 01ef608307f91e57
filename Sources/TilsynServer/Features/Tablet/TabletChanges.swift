import Fluent
import Foundation
import TilsynCore
import Vapor

/// The tablet's outbox as it arrives: changes made on the device, each with an id the device made,
/// in the order they were made. Each id is applied once, however often the batch is replayed.
struct TabletChangeBatch: Content {
    struct Photo: Content {
        var contentType: String
        /// Base64 of the image bytes.
        var data: String
    }

    struct Report: Content {
        var measures: [String]?
        var observation: String?
        var condition: String?
        var meal: String?
        var pain: Int?
        var followUp: Bool?
        var photos: [Photo]?
    }

    struct Task: Content {
        var kind: String
        var text: String?
        var owner: String?
        /// A `datetime-local` value in the municipality's time zone.
        var due: String
    }

    struct Intake: Content {
        /// The intake's own id (made on the device when it was started).
        var id: String
        var zone: String?
        var answers: IntakeAnswers
        /// false: a draft kept on the server too; true: sent in.
        var submit: Bool
    }

    struct Change: Content {
        var id: String
        /// "checkOff", "report", "task", "equipmentMissing" or "intake".
        var type: String
        var visitId: String?
        /// When it was made on the device.
        var at: Date
        /// For check-offs: "start", "done" or "notDone".
        var action: String?
        var reason: String?
        var report: Report?
        var task: Task?
        /// For "equipmentMissing": the item.
        var equipmentId: String?
        var intake: Intake?
    }

    var changes: [Change]
}

/// What became of each change: "applied", "duplicate" (applied before), "conflict" (kept, the
/// leader told) or "rejected" (with the reason; nothing changed).
struct TabletChangeResults: Content {
    struct Result: Content {
        var id: String
        var status: String
        var message: String?
    }

    var results: [Result]
}

/// Applies a batch of changes. A change the rules refuse is answered "rejected" with the reason and
/// changes nothing; the others are applied regardless. A failure of the server itself fails the
/// request, and the device keeps the batch to send again.
struct TabletChangeApplier {
    static let maxChanges = 50
    let req: Request

    func apply(_ batch: TabletChangeBatch) async throws -> TabletChangeResults {
        guard batch.changes.count <= Self.maxChanges else { throw TabletChangeError.tooMany }
        let user = try req.requireUser()
        let access = try req.recipientAccess
        var results: [TabletChangeResults.Result] = []
        var namedRecipient = false
        for change in batch.changes {
            guard !change.id.isEmpty, change.id.count <= 64 else {
                results.append(.init(id: change.id, status: "rejected", message: TabletChangeError.id.text(req)))
                continue
            }
            do {
                var visit: VisitModel?
                if let visitID = change.visitId {
                    guard let id = UUID(uuidString: visitID), let found = try await VisitModel.find(id, on: req.db)
                    else { throw NotFoundError.visit }
                    visit = found
                }
                let status: String
                var message: String?
                switch change.type {
                case "checkOff":
                    guard let visit else { throw NotFoundError.visit }
                    guard let action = change.action.flatMap(CheckOffAction.init(rawValue:)) else {
                        throw TabletChangeError.action
                    }
                    namedRecipient = true
                    try await access.require(visit.$recipient.id, part: .keyFacts, action: .change)
                    let reason = try change.reason.map {
                        guard let reason = NotDoneReason(rawValue: $0) else { throw WorkListError.reason }
                        return reason
                    }
                    switch try await VisitCheckOffs(database: req.db).apply(
                        clientID: change.id, visit: visit, staffID: user.staffID, action: action, reason: reason,
                        at: change.at)
                    {
                    case .applied: status = "applied"
                    case .duplicate: status = "duplicate"
                    case .conflict(let text):
                        status = "conflict"
                        message = text.text(in: req.language)
                    }
                case "report":
                    guard let visit, let report = change.report else { throw NotFoundError.visit }
                    namedRecipient = true
                    try await access.require(visit.$recipient.id, part: .reports, action: .change)
                    let written = try await VisitReportService(database: req.db).write(
                        try draft(report, id: change.id, at: change.at), visit: visit, author: user.staffID)
                    status = written ? "applied" : "duplicate"
                case "task":
                    guard let task = change.task else { throw TabletChangeError.type }
                    guard let kind = CareTaskKind(rawValue: task.kind) else { throw CareTaskError.kind }
                    guard let due = LocalDateTime.parse(task.due, timeZone: req.application.tilsyn.timeZone) else {
                        throw CareTaskError.due
                    }
                    if let visit {
                        namedRecipient = true
                        try await access.require(visit.$recipient.id, part: .carePlan, action: .change)
                    }
                    let created = try await CareTaskService(database: req.db).create(
                        TaskDraft(
                            clientID: change.id, kind: kind, text: task.text ?? "", recipientID: visit?.$recipient.id,
                            visitID: visit?.id, owner: task.owner ?? "me", dueAt: due),
                        by: user.staffID)
                    status = created == nil ? "duplicate" : "applied"
                case "equipmentMissing":
                    guard let visit else { throw NotFoundError.visit }
                    guard let itemID = change.equipmentId.flatMap(UUID.init(uuidString:)),
                        let item = try await EquipmentItemModel.find(itemID, on: req.db),
                        item.$recipient.id == visit.$recipient.id
                    else { throw NotFoundError.equipment }
                    namedRecipient = true
                    try await access.require(visit.$recipient.id, part: .carePlan, action: .change)
                    let reported = try await EquipmentService(database: req.db).reportMissing(
                        item, clientID: change.id, visitID: visit.id, by: user.staffID,
                        timeZone: req.application.tilsyn.timeZone, now: min(change.at, Date()))
                    status = reported ? "applied" : "duplicate"
                case "intake":
                    guard let intake = change.intake else { throw TabletChangeError.type }
                    let zoneID = try IntakeSave.zoneID(intake.zone)
                    let (_, outcome) = try await IntakeService(database: req.db).save(
                        IntakeSave(
                            clientID: intake.id, changeID: change.id, zoneID: zoneID, answers: intake.answers,
                            submit: intake.submit, savedAt: change.at),
                        by: user.staffID, role: user.role, access: access)
                    status = outcome == .applied ? "applied" : "duplicate"
                default:
                    throw TabletChangeError.type
                }
                results.append(.init(id: change.id, status: status, message: message))
            } catch let refused as any UserFacingError {
                results.append(
                    .init(id: change.id, status: "rejected", message: refused.message.text(in: req.language)))
            }
        }
        if !namedRecipient { access.noteNoRecipient() }
        return TabletChangeResults(results: results)
    }

    private func draft(_ report: TabletChangeBatch.Report, id: String, at: Date) throws -> ReportDraft {
        var draft = ReportDraft(clientID: id, observation: report.observation ?? "", writtenAt: at)
        draft.measuresDone = try (report.measures ?? []).map {
            guard let id = UUID(uuidString: $0) else { throw VisitReportError.measure }
            return id
        }
        draft.condition = try VisitReportController.choice(report.condition, GeneralCondition.self, .empty)
        draft.meal = try VisitReportController.choice(report.meal, MealEaten.self, .empty)
        draft.pain = report.pain
        draft.needsFollowUp = report.followUp ?? false
        draft.photos = try (report.photos ?? []).map {
            guard let bytes = Data(base64Encoded: $0.data) else { throw VisitReportError.photoType }
            return ReportDraft.Photo(contentType: $0.contentType.lowercased(), bytes: bytes)
        }
        return draft
    }
}

/// Why a change or a batch was refused.
enum TabletChangeError: UserFacingError {
    case tooMany, id, type, action

    var status: HTTPResponseStatus { self == .tooMany ? .payloadTooLarge : .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? { self == .tooMany ? "changes" : "\(self)" }
    var message: LocalizedText {
        switch self {
        case .tooMany:
            LocalizedText(
                nb: "Høyst \(TabletChangeApplier.maxChanges) endringer per sending.",
                en: "At most \(TabletChangeApplier.maxChanges) changes per request.")
        case .id: LocalizedText(nb: "Endringen mangler en gyldig id.", en: "The change lacks a valid id.")
        case .type: LocalizedText(nb: "Ukjent type endring.", en: "Unknown kind of change.")
        case .action:
            LocalizedText(
                nb: "Avkrysningen må være start, utført eller ikke utført.",
                en: "A check-off must be start, done or not done.")
        }
    }

    func text(_ req: Request) -> String { message.text(in: req.language) }
}
