import TilsynCore
import Vapor

/// What a route does with health data. Every route must say (a test enumerates them), so a new
/// route cannot skip the access check and the audit log by being forgotten.
enum DataClassification: Sendable, Equatable {
    /// Touches no recipient data (sign-in, staff lists, static files).
    case noHealthData
    /// Counts and sums only, no recipient is identifiable (the zone overview).
    case aggregate
    /// Lists recipients; each one shown is checked and logged.
    case recipientList(RecordPart)
    /// Reads or changes one recipient's record; checked and logged.
    case recipientData(RecordPart, AuditAction)
    /// Reads or changes the records of recipients the request body names (a task, the tablet's
    /// outbox); the handler checks each one with `RecipientAccess.require`, or says the body names
    /// none — the middleware fails closed when it did neither.
    case recipientsInBody
    /// Reads or changes intake assessments (people not yet recipients); the handler checks each
    /// with `IntakeAccessCheck`, which logs it — the middleware fails closed when it did not.
    case intakes
    /// Creates a recipient; the handler notes the new record, which is then logged.
    case recipientCreation
    /// Breaks the glass for one recipient; logged as such.
    case emergencyGrant
}

/// What was done with a record, as the audit log says it.
enum AuditAction: String, Sendable, Codable {
    case read, list, change, denied, emergencyGranted
    /// Account and role changes: who, whom (`subjectStaffID`), before → after (`detail`).
    case roleGranted, accountCreated, passwordSet, passwordChanged, accountDisabled, accountEnabled
}

extension Route {
    private static let key = "tilsyn.dataClassification"

    /// How the route treats health data.
    var dataClassification: DataClassification? { userInfo[Self.key] as? DataClassification }

    /// Declares how the route treats health data.
    @discardableResult
    func classify(_ classification: DataClassification) -> Route {
        userInfo[Self.key] = classification
        return self
    }
}
