import Fluent
import Foundation
import TilsynCore

/// The agenda of a zone's report meeting: what changed since the last report (or the last day),
/// recipient by recipient with the priority ones on top — new recipients, changed care plans,
/// decisions ending soon, alarms, deviations — and the zone's absent staff today and its open
/// action points. The leader's two to three hours of talk become a list that ends with owners.
struct ReportAgenda {
    /// One reason a recipient is on the agenda.
    struct Item: Sendable {
        var recipientID: UUID
        var text: LocalizedText
        /// Higher is more urgent: alarms and serious deviations first.
        var weight: Int
        /// The part of the record the item tells of: shown only to those who may see that part.
        var part: RecordPart
    }

    var since: Date
    var items: [Item]
    var absentStaff: [String]

    static func build(
        zone: ZoneModel, since: Date, today: LocalDate, on database: any Database
    ) async throws
        -> ReportAgenda
    {
        let recipients = try await RecipientModel.query(on: database).filter(\.$zone.$id == zone.id!).all()
        let ids = recipients.map { $0.id! }
        var items: [Item] = []

        // Alarms and technical events since.
        for event in try await AlarmEventModel.query(on: database).filter(\.$recipient.$id ~~ ids)
            .filter(\.$receivedAt >= since).all()
        {
            let emergency = event.category == AlarmCategory.emergency.rawValue
            items.append(
                Item(
                    recipientID: event.$recipient.id!,
                    text: emergency
                        ? LocalizedText(
                            nb: "Alarm (\(event.state == "closed" ? "avsluttet" : "åpen"))",
                            en: "Alarm (\(event.state))")
                        : LocalizedText(nb: "Teknisk hendelse på alarmen", en: "Technical alarm event"),
                    weight: emergency ? 90 : 40, part: .carePlan))
        }
        // Deviations since, and open ones still waiting.
        for deviation in try await DeviationModel.query(on: database).filter(\.$recipient.$id ~~ ids).all()
        where deviation.reportedAt >= since || deviation.status != DeviationStatus.closed.rawValue {
            let severity = DeviationSeverity(rawValue: deviation.severity) ?? .medium
            items.append(
                Item(
                    recipientID: deviation.$recipient.id!,
                    text: LocalizedText(
                        nb:
                            "Avvik: \((DeviationCategory(rawValue: deviation.category) ?? .other).name.nb.lowercased()) (\(severity.name.nb.lowercased()))"
                            + (deviation.isOverdue() ? ", på overtid" : ""),
                        en:
                            "Deviation: \((DeviationCategory(rawValue: deviation.category) ?? .other).name.en.lowercased()) (\(severity.name.en.lowercased()))"
                            + (deviation.isOverdue() ? ", overdue" : "")),
                    weight: [DeviationSeverity.critical: 95, .high: 80, .medium: 50, .low: 30][severity] ?? 50,
                    part: .reports))
        }
        // Visits not done since, with the reason given on the check-off.
        for visit in try await VisitModel.query(on: database).filter(\.$recipient.$id ~~ ids)
            .filter(\.$outcome == "notDone").filter(\.$finishedAt >= since).all()
        {
            let reason =
                visit.notDoneReason.flatMap(NotDoneReason.init(rawValue:))?.name ?? LocalizedText(nb: "", en: "")
            items.append(
                Item(
                    recipientID: visit.$recipient.id,
                    text: LocalizedText(
                        nb: "Besøk ikke utført: \(visit.title) (\(reason.nb.lowercased()))",
                        en: "Visit not done: \(visit.title) (\(reason.en.lowercased()))"),
                    weight: 75, part: .carePlan))
        }
        // Open tasks about the zone's recipients (overdue ones weigh more), and reports since that
        // ask for follow-up.
        let now = Date()
        for task in try await CareTaskModel.query(on: database).filter(\.$recipient.$id ~~ ids)
            .filter(\.$doneAt == nil).all()
        {
            let kind = CareTaskKind(rawValue: task.kind)?.name ?? LocalizedText(nb: task.kind, en: task.kind)
            let detail = task.text.isEmpty ? "" : ": \(task.text)"
            let overdue = task.dueAt < now
            items.append(
                Item(
                    recipientID: task.$recipient.id!,
                    text: LocalizedText(
                        nb: "Åpen oppgave: \(kind.nb.lowercased())\(detail)" + (overdue ? " (forfalt)" : ""),
                        en: "Open task: \(kind.en.lowercased())\(detail)" + (overdue ? " (overdue)" : "")),
                    weight: overdue ? 70 : 45, part: .carePlan))
        }
        for report in try await VisitReportModel.query(on: database).filter(\.$recipient.$id ~~ ids)
            .filter(\.$needsFollowUp == true).filter(\.$writtenAt >= since).all()
        {
            let condition = report.condition.flatMap(GeneralCondition.init(rawValue:))
            items.append(
                Item(
                    recipientID: report.$recipient.id,
                    text: LocalizedText(
                        nb: "Rapport ber om oppfølging" + (condition.map { " (\($0.name.nb.lowercased()))" } ?? ""),
                        en: "A report asks for follow-up" + (condition.map { " (\($0.name.en.lowercased()))" } ?? "")),
                    weight: condition == .worse ? 85 : 65, part: .reports))
        }
        // New recipients and changed care plans, from the version history.
        let measures = try await MeasureModel.query(on: database).filter(\.$recipient.$id ~~ ids).all()
        let measureOwner = Dictionary(uniqueKeysWithValues: measures.map { ($0.id!, $0.$recipient.id) })
        let carePlanOwner = Dictionary(uniqueKeysWithValues: ids.map { (CarePlanModel.id(for: $0), $0) })
        for version in try await RecordVersionModel.query(on: database).filter(\.$changedAt >= since).all() {
            switch VersionedEntity(rawValue: version.entity) {
            case .recipient where version.change == "created" && ids.contains(version.entityID):
                items.append(
                    Item(
                        recipientID: version.entityID,
                        text: LocalizedText(nb: "Ny tjenestemottaker", en: "New recipient"), weight: 70, part: .keyFacts
                    ))
            case .measure:
                if let owner = measureOwner[version.entityID] {
                    items.append(
                        Item(
                            recipientID: owner,
                            text: LocalizedText(
                                nb: "Tiltaksplanen er endret: \(version.reason)",
                                en: "Care plan changed: \(version.reason)"),
                            weight: 60, part: .carePlan))
                }
            case .carePlan:
                if let owner = carePlanOwner[version.entityID] {
                    items.append(
                        Item(
                            recipientID: owner,
                            text: LocalizedText(nb: "Målet i tiltaksplanen er endret", en: "Care plan goal changed"),
                            weight: 55, part: .carePlan))
                }
            default: break
            }
        }
        // Decisions that end within two weeks.
        let horizon = today.adding(days: 14).description
        for decision in try await DecisionModel.query(on: database).filter(\.$recipient.$id ~~ ids).all() {
            guard let end = decision.validTo, end >= today.description, end <= horizon else { continue }
            items.append(
                Item(
                    recipientID: decision.$recipient.id,
                    text: LocalizedText(nb: "Vedtak utløper \(end)", en: "Decision ends \(end)"), weight: 45,
                    part: .decisions))
        }

        // Staff of the zone away today.
        let staff = try await StaffMemberModel.query(on: database).filter(\.$zone.$id == zone.id!).all()
        let absences = try await AbsenceModel.query(on: database).filter(\.$staff.$id ~~ staff.map { $0.id! })
            .filter(\.$firstDate <= today.description).filter(\.$lastDate >= today.description).all()
        let names = Dictionary(uniqueKeysWithValues: staff.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
        let absent = absences.compactMap { absence -> String? in
            guard let name = names[absence.$staff.id] else { return nil }
            let kind = AbsenceKind(rawValue: absence.kind)?.displayName.nb.lowercased() ?? absence.kind
            return absence.fromMinute.map { "\(name) (\(kind), fra kl. \($0 / 60):\(String(format: "%02d", $0 % 60)))" }
                ?? "\(name) (\(kind))"
        }
        return ReportAgenda(since: since, items: items, absentStaff: absent.sorted())
    }

    /// Recipients in order: the one with the most urgent item first, then by how many items.
    var recipientsInOrder: [(recipientID: UUID, items: [Item])] {
        Dictionary(grouping: items, by: \.recipientID)
            .map { ($0.key, $0.value.sorted { $0.weight > $1.weight }) }
            .sorted { a, b in
                let first = (a.1.first?.weight ?? 0, a.1.count)
                let second = (b.1.first?.weight ?? 0, b.1.count)
                return first != second ? first > second : a.0.uuidString < b.0.uuidString
            }
    }
}
