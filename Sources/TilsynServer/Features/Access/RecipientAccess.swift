import Fluent
import Foundation
import TilsynCore
import Vapor

/// A refusal of access to a recipient's record: 403 with a clear page, itself logged.
struct AccessDeniedError: UserFacingError {
    var recipientID: UUID
    var emergencyPossible: Bool
    var status: HTTPResponseStatus { .forbidden }
    var code: String { "accessDenied" }
    var field: String? { nil }
    var message: LocalizedText {
        emergencyPossible
            ? LocalizedText(
                nb:
                    "Du har ikke tjenstlig behov for denne journalen: tjenestemottakeren er ikke i din sone eller på din arbeidsliste i dag. Ved akutt behov kan du be om nødtilgang med en begrunnelse; det logges og følges opp av leder.",
                en:
                    "You have no duty need for this record: the recipient is not in your zone or on your work list today. In an emergency you can ask for emergency access with a reason; it is logged and reviewed by your leader."
            )
            : LocalizedText(
                nb: "Rollen din gir ikke tilgang til denne delen av journalen.",
                en: "Your role gives no access to this part of the record.")
    }
}

/// Access decisions for one request: who asks (resolved once), their emergency grants, and what
/// was read, so the middleware can log it. Kept in the request's storage.
final class RecipientAccess: @unchecked Sendable {
    let subject: AccessSubject?
    let database: any Database
    private var scopes: [UUID: RecipientScope] = [:]
    private var workList: Set<UUID>?
    private var grants: [UUID: String] = [:]
    private(set) var entries: [AuditLog.Entry] = []
    /// How many of `entries` have been written to the audit log.
    private var written = 0
    private(set) var listed = false
    /// Whether a `recipientsInBody` handler checked what its body names (or said it names none).
    private(set) var checkedBody = false
    let today: LocalDate
    let now: Date

    init(request: Request) async throws {
        database = request.db
        today = request.application.today
        now = Date()
        guard let user = request.signedInUser, !user.isLocked else {
            subject = nil
            return
        }
        var unitID: UUID? = nil
        if let zoneID = user.zoneID { unitID = try await ZoneModel.find(zoneID, on: database)?.$unit.id }
        if unitID == nil, [.unitLeader, .alarmOperator].contains(user.role) {
            // Unit-wide roles without a zone serve the (first) unit of the municipality.
            unitID = try await CareUnitModel.query(on: database).first()?.id
        }
        subject = AccessSubject(
            role: user.role, staffID: user.staffID, zoneIDs: Set([user.zoneID].compactMap { $0 }), unitID: unitID,
            workListRecipientIDs: [])
        let active = try await EmergencyAccessModel.query(on: database).filter(\.$staffID == user.staffID)
            .filter(\.$expiresAt > now).all()
        for grant in active { grants[grant.$recipient.id] = grant.reason }
    }

    /// The decision for one recipient and part (without logging).
    func decide(_ recipientID: UUID, part: RecordPart) async throws -> AccessDecision {
        guard var subject else { return .denied(emergencyPossible: false) }
        guard let scope = try await scope(of: recipientID) else { throw NotFoundError.recipient }
        let hasGrant = grants[recipientID] != nil
        let decision = AccessPolicy.decide(subject, recipient: scope, part: part, hasEmergencyGrant: hasGrant)
        guard !decision.isAllowed || decision == .allowed(.emergency), subject.role.makesVisits else { return decision }
        // Only when zone and role do not decide it: is the recipient on my work list today?
        guard try await isOnWorkList(recipientID) else { return decision }
        subject.workListRecipientIDs = [recipientID]
        return AccessPolicy.decide(subject, recipient: scope, part: part, hasEmergencyGrant: hasGrant)
    }

    /// Checks access and notes the event for the audit log; throws 403 (and notes the denial) if refused.
    func require(_ recipientID: UUID, part: RecordPart, action: AuditAction) async throws {
        checkedBody = true
        switch try await decide(recipientID, part: part) {
        case .allowed(let basis):
            note(recipientID, action: action, part: part, basis: basis)
        case .denied(let emergencyPossible):
            entries.append(.init(recipientID: recipientID, action: .denied, parts: [part], basis: nil))
            throw AccessDeniedError(recipientID: recipientID, emergencyPossible: emergencyPossible)
        }
    }

    /// Whether `part` may be shown too (a page's optional section); notes it when it may.
    func allows(_ recipientID: UUID, part: RecordPart, action: AuditAction = .read) async throws -> Bool {
        guard case .allowed(let basis) = try await decide(recipientID, part: part) else { return false }
        note(recipientID, action: action, part: part, basis: basis)
        return true
    }

    /// The recipients of `candidates` this person may see in a list; each one kept is noted.
    func filterListed(_ candidates: [(id: UUID, zoneID: UUID)], part: RecordPart) async throws -> Set<UUID> {
        Set(try await filterListed(candidates, parts: [part]).keys)
    }

    /// For a page that gathers several parts of each record (the report board): the parts of each
    /// candidate the person may see, for those where they may see any. `shown` narrows them to what
    /// the page will actually show (empty: the recipient is left out), so the one list event per
    /// recipient names exactly the parts shown.
    func filterListed(
        _ candidates: [(id: UUID, zoneID: UUID)], parts: Set<RecordPart>,
        shown narrow: (UUID, Set<RecordPart>) -> Set<RecordPart> = { $1 }
    ) async throws -> [UUID: Set<RecordPart>] {
        listed = true
        if candidates.count > 20, subject?.role.makesVisits == true { _ = try await workListRecipients() }
        var visible: [UUID: Set<RecordPart>] = [:]
        for candidate in candidates {
            if scopes[candidate.id] == nil, let unit = try await unitOf(zone: candidate.zoneID) {
                scopes[candidate.id] = RecipientScope(recipientID: candidate.id, zoneID: candidate.zoneID, unitID: unit)
            }
            var shown: [RecordPart] = []
            var basis: AccessBasis?
            // In RecordPart's order, so the logged parts read the same every time.
            for part in RecordPart.allCases where parts.contains(part) {
                if case .allowed(let partBasis) = try await decide(candidate.id, part: part) {
                    shown.append(part)
                    basis = basis ?? partBasis
                }
            }
            let kept = narrow(candidate.id, Set(shown))
            guard !kept.isEmpty else { continue }
            visible[candidate.id] = kept
            entries.append(
                .init(recipientID: candidate.id, action: .list, parts: shown.filter(kept.contains), basis: basis))
        }
        return visible
    }

    /// A `recipientsInBody` request whose body names no recipient.
    func noteNoRecipient() { checkedBody = true }

    /// Notes what was done with an intake assessment (see `IntakeAccessCheck`); it counts as the
    /// check an `intakes` or `recipientsInBody` route promises.
    func noteIntake(_ intakeID: UUID?, action: AuditAction, basis: AccessBasis?) {
        checkedBody = true
        guard let intakeID else { return }
        entries.append(.init(recipientID: nil, action: action, parts: [.intake], basis: basis, intakeID: intakeID))
    }

    /// The entries not yet written, marked as written now (the caller writes them).
    func takePending() -> [AuditLog.Entry] {
        let pending = Array(entries[written...])
        written = entries.count
        return pending
    }

    /// Notes a record this request created (creation routes).
    func noteCreated(_ recipientID: UUID, parts: [RecordPart]) {
        entries.append(.init(recipientID: recipientID, action: .change, parts: parts, basis: nil))
    }

    private func note(_ recipientID: UUID, action: AuditAction, part: RecordPart, basis: AccessBasis) {
        if let index = entries.firstIndex(where: {
            $0.recipientID == recipientID && $0.action == action && $0.basis == basis
        }) {
            if !entries[index].parts.contains(part) { entries[index].parts.append(part) }
            return
        }
        entries.append(
            .init(
                recipientID: recipientID, action: action, parts: [part], basis: basis,
                emergencyReason: basis == .emergency ? grants[recipientID] : nil))
    }

    private var units: [UUID: UUID] = [:]

    /// The unit of a zone, looked up once per request.
    func unitOf(zone: UUID) async throws -> UUID? {
        if let unit = units[zone] { return unit }
        let unit = try await ZoneModel.find(zone, on: database)?.$unit.id
        units[zone] = unit
        return unit
    }

    private func scope(of recipientID: UUID) async throws -> RecipientScope? {
        if let scope = scopes[recipientID] { return scope }
        guard let recipient = try await RecipientModel.find(recipientID, on: database),
            let unit = try await unitOf(zone: recipient.$zone.id)
        else { return nil }
        let scope = RecipientScope(recipientID: recipientID, zoneID: recipient.$zone.id, unitID: unit)
        scopes[recipientID] = scope
        return scope
    }

    /// Whether the recipient is on my work list today: from the whole day's list if it is loaded,
    /// else from the recipient's own visits (a handful of rows).
    private func isOnWorkList(_ recipientID: UUID) async throws -> Bool {
        if let workList { return workList.contains(recipientID) }
        guard let staffID = subject?.staffID else { return false }
        let visits = try await VisitModel.query(on: database).filter(\.$date == today.description)
            .filter(\.$recipient.$id == recipientID).field(\.$id).field(\.$assignedStaffIDs).all()
        if visits.contains(where: { $0.assignedStaffIDs.contains(staffID) }) { return true }
        return try await alarmRecipients(of: staffID).contains(recipientID)
    }

    private func workListRecipients() async throws -> Set<UUID> {
        if let workList { return workList }
        guard let staffID = subject?.staffID else { return [] }
        let mine = try await VisitModel.recipients(assignedTo: staffID, on: today.description, in: database)
            .union(try await alarmRecipients(of: staffID))
        workList = mine
        return mine
    }

    /// Recipients of alarms this person has been asked to go to in the last 12 hours: an alarm
    /// sent to someone is on their work list.
    private func alarmRecipients(of staffID: UUID) async throws -> Set<UUID> {
        let since = Date().addingTimeInterval(-12 * 3600)
        let dispatches = try await AlarmDispatchModel.query(on: database).filter(\.$staff.$id == staffID)
            .filter(\.$state ~~ ["sent", "accepted"]).filter(\.$sentAt >= since).all()
        guard !dispatches.isEmpty else { return [] }
        let events = try await AlarmEventModel.query(on: database).filter(\.$id ~~ dispatches.map { $0.$event.id })
            .all()
        return Set(events.compactMap { $0.$recipient.id })
    }
}

extension Request {
    private struct RecipientAccessKey: StorageKey {
        typealias Value = RecipientAccess
    }

    /// The access decisions of this request; set by `RecipientAccessMiddleware`.
    var recipientAccess: RecipientAccess {
        get throws {
            guard let access = storage[RecipientAccessKey.self] else {
                // A route reached recipient data without being classified: refuse rather than leak.
                throw Abort(.internalServerError, reason: "route without a data classification")
            }
            return access
        }
    }

    func setRecipientAccess(_ access: RecipientAccess) { storage[RecipientAccessKey.self] = access }
}
