import Fluent
import Foundation
import TilsynCore
import Vapor

/// What the recipient page shows: key facts, contacts, decisions with hours and expiry, and the
/// care plan's measures with their history.
struct RecipientPage: Encodable {
    struct ContactRow: Encodable {
        var kind: String
        var name: String
        var phone: String
        /// The number without spaces, for a `tel:` link.
        var phoneLink: String
        var note: String
    }
    struct DecisionRow: Encodable {
        var serviceType: String
        var hoursPerWeek: String
        var period: String
        var status: String
        var statusText: String
    }
    struct VersionRow: Encodable {
        var version: Int
        var change: String
        var changedBy: String
        var changedAt: String
        var reason: String
    }
    struct MeasureRow: Encodable {
        var title: String
        var weekdays: String
        var windows: String
        var duration: Int
        var competences: String
        var twoPerson: Bool
        var instructions: String
        var isActive: Bool
        var version: Int
        var history: [VersionRow]
    }
    struct VisitRow: Encodable {
        var window: String
        var title: String
    }

    var id: String
    var name: String
    var nationalID: String
    var address: String
    var zone: String
    var keySafeNote: String
    var language: String
    var primaryContact: String
    var contacts: [ContactRow]
    var decisions: [DecisionRow]
    var allocatedHours: String
    var plannedHours: String
    var goal: String
    var measures: [MeasureRow]
    var visitsToday: [VisitRow]
    var warnings: [String]
    /// Which optional parts the reader's role may see.
    var showsDecisions: Bool
    var showsCarePlan: Bool
    var showsReports: Bool
    var reports: [ReportView]
    var equipment: [EquipmentView]
    var keepsEquipment: Bool
    /// The reader sees this record through break-the-glass access.
    var emergency: Bool
}

/// Gathers a recipient page from the repositories.
struct RecipientPageBuilder {
    let request: Request

    func build(recipientID: UUID) async throws -> RecipientPage {
        let database = request.db
        let language = request.language
        let today = request.application.today
        let notice = request.application.tilsyn.decisionExpiryNoticeDays
        let texts = request.application.catalogue.texts(for: language)
        let recipient = try await RecipientRepository(database: database).find(recipientID)
        let access = try request.recipientAccess
        let showsDecisions = try await access.allows(recipientID, part: .decisions)
        let showsCarePlan = try await access.allows(recipientID, part: .carePlan)
        let showsReports = try await access.allows(recipientID, part: .reports)
        let emergency = try await access.decide(recipientID, part: .keyFacts) == .allowed(.emergency)
        let reports =
            showsReports
            ? try await VisitReportService(database: database).latest(
                recipientID: recipientID, limit: 20, language: language, timeZone: request.application.tilsyn.timeZone)
            : []
        let carePlans = CarePlanRepository(database: database)
        let decisions = showsDecisions ? try await carePlans.decisions(of: recipientID).map(\.domain) : []
        let measureModels = showsCarePlan ? try await carePlans.measures(of: recipientID) : []
        let plan = showsCarePlan ? try await carePlans.carePlanModel(of: recipientID) : nil
        let zone = try await ZoneRepository(database: database).find(recipient.zoneID)
        let primary = try await recipient.primaryContactID.asyncMap {
            try await StaffRepository(database: database).find($0)
        }
        let visits =
            showsCarePlan
            ? try await VisitService(database: database, expiryNoticeDays: notice).visits(
                on: today, recipientID: recipientID) : []
        let generated = VisitGenerator(expiryNoticeDays: notice).visits(
            on: today, measures: measureModels.map(\.domain),
            decisions: Dictionary(uniqueKeysWithValues: decisions.map { ($0.id, $0) }))

        var measures: [RecipientPage.MeasureRow] = []
        for model in measureModels {
            let measure = model.domain
            let history = try await VersionHistory.versions(of: .measure, id: measure.id, on: database)
            measures.append(
                RecipientPage.MeasureRow(
                    title: measure.title,
                    weekdays: measure.weekdays.count == 7
                        ? (texts["weekdays_all"] ?? "alle dager")
                        : measure.weekdays.sorted().map { $0.displayName.text(in: language) }.joined(separator: ", "),
                    windows: measure.windows.map(\.description).joined(separator: ", "),
                    duration: measure.durationMinutes,
                    competences: measure.requiredCompetences.sorted().map { $0.displayName.text(in: language) }
                        .joined(separator: ", "),
                    twoPerson: measure.isTwoPerson, instructions: measure.instructions, isActive: measure.isActive,
                    version: model.version,
                    history: history.reversed().map {
                        RecipientPage.VersionRow(
                            version: $0.version, change: texts["change_\($0.change)"] ?? $0.change,
                            changedBy: $0.changedBy, changedAt: request.localDateTime($0.changedAt),
                            reason: $0.reason)
                    }))
        }
        let carePlan = CarePlan(recipientID: recipientID, goal: plan?.goal ?? "", measures: measureModels.map(\.domain))
        let allocated = decisions.filter { $0.isValid(on: today) }.reduce(0) { $0 + $1.hoursPerWeek }
        return RecipientPage(
            id: recipientID.uuidString, name: recipient.fullName, nationalID: recipient.nationalID.value,
            address: recipient.address.singleLine,
            zone: zone.name, keySafeNote: recipient.keySafeNote, language: recipient.language,
            primaryContact: primary.map { "\($0.fullName) (\($0.role.displayName.text(in: language)))" } ?? "–",
            contacts: recipient.contacts.map {
                RecipientPage.ContactRow(
                    kind: $0.kind.displayName.text(in: language), name: $0.name, phone: $0.phone,
                    phoneLink: $0.phone.filter { !$0.isWhitespace }, note: $0.note)
            },
            decisions: decisions.map { decision in
                let status = DecisionStatus(decision, today: today, noticeDays: notice)
                return RecipientPage.DecisionRow(
                    serviceType: decision.serviceType.displayName.text(in: language),
                    hoursPerWeek: Self.hours(decision.hoursPerWeek, language: language),
                    period:
                        "\(decision.validFrom) – \(decision.validTo?.description ?? (texts["decision_open"] ?? ""))",
                    status: status.rawValue, statusText: texts["decision_status_\(status.rawValue)"] ?? status.rawValue)
            },
            allocatedHours: Self.hours(allocated, language: language),
            plannedHours: Self.hours(Double(carePlan.plannedMinutesPerWeek) / 60, language: language),
            goal: carePlan.goal, measures: measures,
            visitsToday: visits.map { RecipientPage.VisitRow(window: $0.window.description, title: $0.title) },
            warnings: generated.warnings.map { $0.message.text(in: language) }, showsDecisions: showsDecisions,
            showsCarePlan: showsCarePlan, showsReports: showsReports, reports: reports,
            equipment: showsCarePlan
                ? try await EquipmentService(database: database).items(of: recipientID).map(EquipmentView.init) : [],
            keepsEquipment: showsCarePlan
                && RequireRole.carePlanners.roles.contains(request.signedInUser?.role ?? .careWorker),
            emergency: emergency)
    }

    /// "7,5" in bokmål, "7.5" in English.
    static func hours(_ value: Double, language: String) -> String {
        NumberText.format(value, language: language, oneDecimal: true)
    }

}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
