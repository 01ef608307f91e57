import Fluent
import Foundation
import TilsynCore
import Vapor

/// One save of an intake assessment, from the page or the tablet's outbox.
struct IntakeSave: Sendable {
    /// The intake's own id, made where it was started.
    var clientID: String
    /// The id of this save (the outbox change), so a replay is recognised.
    var changeID: String
    var zoneID: UUID?
    var answers: IntakeAnswers
    var submit: Bool
    /// When it was saved on the device (never later than the server's now).
    var savedAt: Date

    /// The zone as posted (a page's select, the outbox): empty means not chosen.
    static func zoneID(_ text: String?) throws -> UUID? {
        guard let text, !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else { throw NotFoundError.zone }
        return id
    }
}

/// Drafts, sending in and processing of intake assessments (R17). A draft is overwritten only by a
/// newer save; once sent in it is fixed; a replayed save changes nothing.
struct IntakeService {
    let database: any Database

    enum Outcome: Equatable { case applied, duplicate }

    func save(
        _ save: IntakeSave, by staffID: UUID, role: StaffRole, access: RecipientAccess
    ) async throws
        -> (IntakeAssessmentModel, Outcome)
    {
        guard !save.clientID.isEmpty, save.clientID.count <= 64 else { throw IntakeError.badID }
        try save.answers.validate(complete: save.submit)
        let encoded = try save.answers.json()
        let savedAt = min(save.savedAt, Date())
        if let existing = try await IntakeAssessmentModel.query(on: database).filter(\.$clientID == save.clientID)
            .first()
        {
            if existing.lastChangeID == save.changeID { return (existing, .duplicate) }
            guard existing.assessorID == staffID else { throw IntakeError.notAllowed }
            if existing.state != .draft {
                // The same content sent in twice (a second device, a double tap) is no news.
                if save.submit, existing.answers == encoded { return (existing, .duplicate) }
                throw IntakeError.alreadySubmitted
            }
            try await access.requireIntake(existing, .edit, audit: .change)
            // An older draft arriving late never overwrites a newer one; sending in always counts.
            if !save.submit, savedAt < existing.savedAt { return (existing, .duplicate) }
            if let zoneID = save.zoneID { existing.$zone.id = try await zone(zoneID) }
            existing.answers = encoded
            existing.savedAt = max(savedAt, existing.savedAt)
            existing.lastChangeID = save.changeID
            if save.submit {
                existing.status = IntakeStatus.submitted.rawValue
                existing.submittedAt = Date()
            }
            try await existing.save(on: database)
            return (existing, .applied)
        }
        guard IntakeAccess.mayCreate(role) else { throw IntakeError.notAllowed }
        guard let zoneID = save.zoneID else { throw IntakeError.required("zone") }
        let intake = IntakeAssessmentModel()
        intake.id = UUID()
        intake.clientID = save.clientID
        intake.$zone.id = try await zone(zoneID)
        intake.assessorID = staffID
        intake.status = (save.submit ? IntakeStatus.submitted : .draft).rawValue
        intake.answers = encoded
        intake.savedAt = savedAt
        intake.lastChangeID = save.changeID
        intake.createdAt = Date()
        intake.submittedAt = save.submit ? Date() : nil
        try await intake.create(on: database)
        access.noteIntake(intake.id, action: .change, basis: .author)
        return (intake, .applied)
    }

    /// Marks a sent-in intake processed, with what was decided.
    func process(_ intake: IntakeAssessmentModel, note: String, by staffID: UUID) async throws {
        guard intake.state == .submitted else {
            throw intake.state == .draft ? IntakeError.notSubmitted : IntakeError.alreadySubmitted
        }
        guard note.count <= 2000 else { throw IntakeError.tooLong(field: "note", limit: 2000) }
        intake.status = IntakeStatus.processed.rawValue
        intake.processedAt = Date()
        intake.processedBy = staffID
        intake.processedNote = note
        try await intake.save(on: database)
    }

    /// My drafts, newest first.
    func drafts(of staffID: UUID) async throws -> [IntakeAssessmentModel] {
        try await IntakeAssessmentModel.query(on: database).filter(\.$assessorID == staffID)
            .filter(\.$status == IntakeStatus.draft.rawValue).sort(\.$savedAt, .descending).all()
    }

    /// Sent-in and processed intakes (newest first, the last `limit`); the caller filters by access.
    func sentIn(limit: Int = 200) async throws -> [IntakeAssessmentModel] {
        try await IntakeAssessmentModel.query(on: database).filter(\.$status != IntakeStatus.draft.rawValue)
            .sort(\.$submittedAt, .descending).limit(limit).all()
    }

    private func zone(_ id: UUID) async throws -> UUID {
        guard try await ZoneModel.find(id, on: database) != nil else { throw NotFoundError.zone }
        return id
    }
}
