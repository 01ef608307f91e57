import Fluent
import Foundation
import TilsynCore

/// One line of a recipient's access log, in words for people.
struct AccessLogLine: Sendable, Encodable {
    var at: Date
    var time: String
    var who: String
    var role: String
    var action: String
    var what: String
    var basis: String
    var emergencyReason: String
    var address: String
}

/// Reads the audit log: a recipient's access log (innsyn i logg) and the leader's review list.
struct AccessLogService {
    let database: any Database
    let timeZone: TimeZone
    /// One formatter for all lines of a log: building one per line is costly.
    private let formatter: DateFormatter

    init(database: any Database, timeZone: TimeZone) {
        self.database = database
        self.timeZone = timeZone
        formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    }

    /// "2026-11-23 07:45:12" in the municipality's time zone.
    func time(_ date: Date) -> String { formatter.string(from: date) }

    /// Every event about `recipientID` from `from` through `to` (whole days, inclusive), oldest first.
    func accessLog(
        recipientID: UUID, from: LocalDate, to: LocalDate, language: String
    ) async throws
        -> [AccessLogLine]
    {
        let events = try await AuditEventModel.query(on: database)
            .filter(\.$recipientID == recipientID)
            .filter(\.$at >= start(of: from)).filter(\.$at < start(of: to.adding(days: 1)))
            .sort(\.$at).all()
        return events.map { line($0, language: language) }
    }

    func line(_ event: AuditEventModel, language: String) -> AccessLogLine {
        AccessLogLine(
            at: event.at, time: time(event.at), who: event.actorName,
            role: StaffRole(rawValue: event.role)?.displayName.text(in: language) ?? event.role,
            action: Self.actionText(event.action).text(in: language),
            what: event.parts.split(separator: ",").compactMap { RecordPart(rawValue: String($0)) }
                .map { Self.partText($0).text(in: language) }.joined(separator: ", "),
            basis: AccessBasis(rawValue: event.basis).map { Self.basisText($0).text(in: language) } ?? "",
            emergencyReason: event.emergencyReason ?? "", address: event.address)
    }

    /// Midnight at the start of `date` in the municipality's time zone.
    func start(of date: LocalDate) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
    }

    static func actionText(_ action: String) -> LocalizedText {
        switch AuditAction(rawValue: action) {
        case .read: LocalizedText(nb: "Leste", en: "Read")
        case .list: LocalizedText(nb: "Så i en liste", en: "Saw in a list")
        case .change: LocalizedText(nb: "Endret", en: "Changed")
        case .denied: LocalizedText(nb: "Ble nektet tilgang", en: "Was denied access")
        case .emergencyGranted: LocalizedText(nb: "Tok nødtilgang", en: "Took emergency access")
        case .roleGranted: LocalizedText(nb: "Ga en rolle", en: "Granted a role")
        case .accountCreated: LocalizedText(nb: "Laget en konto", en: "Created an account")
        case .passwordSet: LocalizedText(nb: "Satte nytt passord for en annen", en: "Set another's password")
        case .passwordChanged: LocalizedText(nb: "Byttet sitt eget passord", en: "Changed their own password")
        case .accountDisabled: LocalizedText(nb: "Sperret en konto", en: "Disabled an account")
        case .accountEnabled: LocalizedText(nb: "Åpnet en konto igjen", en: "Re-opened an account")
        case nil: LocalizedText(nb: action, en: action)
        }
    }

    static func partText(_ part: RecordPart) -> LocalizedText {
        switch part {
        case .keyFacts: LocalizedText(nb: "personopplysninger og kontakter", en: "personal details and contacts")
        case .decisions: LocalizedText(nb: "vedtak", en: "decisions")
        case .carePlan: LocalizedText(nb: "tiltaksplan og besøk", en: "care plan and visits")
        case .reports: LocalizedText(nb: "rapporter", en: "reports")
        case .intake: LocalizedText(nb: "kartlegging", en: "intake assessment")
        }
    }

    static func basisText(_ basis: AccessBasis) -> LocalizedText {
        switch basis {
        case .ownZone: LocalizedText(nb: "jobber i din sone", en: "works in your zone")
        case .workList: LocalizedText(nb: "hadde deg på arbeidslisten", en: "had you on the work list")
        case .unit: LocalizedText(nb: "leder enheten", en: "leads the unit")
        case .allocation: LocalizedText(nb: "behandler vedtak", en: "handles decisions")
        case .alarmCentre: LocalizedText(nb: "alarmsentralen", en: "the alarm centre")
        case .emergency: LocalizedText(nb: "nødtilgang", en: "emergency access")
        case .author: LocalizedText(nb: "skrev den", en: "wrote it")
        }
    }
}
