import Fluent
import Foundation
import TilsynCore
import Vapor

/// Applies `IntakeAccess` within a request and notes each intake read or changed for the audit log
/// (by the intake's id: it has no recipient yet).
extension RecipientAccess {
    /// Allows `action` on `intake` or throws 403; notes it as `audit` when allowed.
    func requireIntake(_ intake: IntakeAssessmentModel, _ action: IntakeAction, audit: AuditAction) async throws {
        guard let subject, let basis = IntakeAccess.decide(subject, intake: try await scope(of: intake), action: action)
        else { throw IntakeError.notAllowed }
        noteIntake(intake.id, action: audit, basis: basis)
    }

    /// Whether `action` is allowed, without noting anything (what a page offers).
    func allowsIntake(_ intake: IntakeAssessmentModel, _ action: IntakeAction) async throws -> Bool {
        guard let subject else { return false }
        return IntakeAccess.decide(subject, intake: try await scope(of: intake), action: action) != nil
    }

    /// The intakes of `candidates` this person may read in a list; each one kept is noted.
    func filterIntakes(_ candidates: [IntakeAssessmentModel]) async throws -> [IntakeAssessmentModel] {
        noteIntake(nil, action: .list, basis: nil)
        guard let subject else { return [] }
        var visible: [IntakeAssessmentModel] = []
        for intake in candidates {
            if let basis = IntakeAccess.decide(subject, intake: try await scope(of: intake), action: .read) {
                visible.append(intake)
                noteIntake(intake.id, action: .list, basis: basis)
            }
        }
        return visible
    }

    private func scope(of intake: IntakeAssessmentModel) async throws -> IntakeScope {
        let unit = try await unitOf(zone: intake.$zone.id)
        return IntakeScope(
            assessorID: intake.assessorID, zoneID: intake.$zone.id, unitID: unit, submitted: intake.state != .draft)
    }
}
