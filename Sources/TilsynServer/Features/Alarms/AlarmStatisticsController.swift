import Fluent
import Foundation
import TilsynCore
import Vapor

/// Alarm statistics (R35) for a period: how many of each kind, how they were closed, the share
/// that were not emergencies, and the times from alarm to taken, to dispatched, to staff on site
/// and to closed — as SVG charts and as CSV.
struct AlarmStatisticsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let statistics = routes.grouped(AlarmConsoleController.roles).grouped("alarms")
        statistics.get("statistics", use: page).classify(.recipientList(.keyFacts))
        statistics.get("statistics.csv", use: export).classify(.recipientList(.keyFacts))
    }

    struct Period {
        var from: LocalDate
        var to: LocalDate
        var start: Date
        var end: Date
    }

    /// `from` and `to` (inclusive dates), the last 30 days by default.
    static func period(_ req: Request) throws -> Period {
        var to = req.application.today
        if let text: String = req.query["to"], !text.isEmpty {
            guard let date = LocalDate(text) else { throw InvalidParameterError.date("to") }
            to = date
        }
        var from = to.adding(days: -29)
        if let text: String = req.query["from"], !text.isEmpty {
            guard let date = LocalDate(text) else { throw InvalidParameterError.date("from") }
            from = date
        }
        guard from <= to else {
            throw InvalidParameterError(
                field: "from", expected: LocalizedText(nb: "en dato før «til»", en: "a date before 'to'"))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = req.application.tilsyn.timeZone
        func midnight(_ date: LocalDate) -> Date {
            calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        }
        return Period(from: from, to: to, start: midnight(from), end: midnight(to.adding(days: 1)))
    }

    struct Duration: Encodable {
        var label: String
        var count: Int
        var median: String
        var p90: String
    }

    struct Page: Encodable {
        var from: String
        var to: String
        var total: Int
        var emergencies: Int
        var nonEmergencyShare: String
        var categoryChart: String
        var causeChart: String
        var durations: [Duration]
        var topRecipients: [PlanningPagesController.Option]
        var csvLink: String
    }

    @Sendable func page(req: Request) async throws -> Response {
        let period = try Self.period(req)
        let events = try await Self.events(req.db, period)
        let language = req.language
        let emergencies = events.filter { $0.category == AlarmCategory.emergency.rawValue }
        let closed = emergencies.filter { $0.closeCause != nil }
        let notEmergency = closed.filter {
            $0.closeCause == AlarmCloseCause.notEmergency.rawValue
                || $0.closeCause == AlarmCloseCause.falseAlarm.rawValue
        }
        let categories = AlarmCategory.allCases.map { category in
            (
                label: AlarmConsoleController.categoryName(category.rawValue).text(in: language),
                value: events.filter { $0.category == category.rawValue }.count
            )
        }
        let causes = AlarmCloseCause.allCases.map { cause in
            (label: cause.name.text(in: language), value: closed.filter { $0.closeCause == cause.rawValue }.count)
        }
        func minutes(_ pick: (AlarmEventModel) -> Date?) -> [Double] {
            emergencies.compactMap { event in pick(event).map { $0.timeIntervalSince(event.receivedAt) / 60 } }.sorted()
        }
        func duration(_ nb: String, _ en: String, _ values: [Double]) -> Duration {
            func at(_ share: Double) -> String {
                values.isEmpty
                    ? "–"
                    : NumberText.format(
                        values[min(values.count - 1, Int(share * Double(values.count)))], language: language)
            }
            return Duration(label: language == "en" ? en : nb, count: values.count, median: at(0.5), p90: at(0.9))
        }
        // Alarms per recipient: the ten with most, each checked against the reader's access.
        var perRecipient: [UUID: Int] = [:]
        for event in emergencies { if let id = event.$recipient.id { perRecipient[id, default: 0] += 1 } }
        let recipients = try await RecipientModel.query(on: req.db).filter(\.$id ~~ Array(perRecipient.keys)).all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        let top = recipients.filter { visible.contains($0.id!) }
            .sorted { (perRecipient[$1.id!] ?? 0, $0.familyName) < (perRecipient[$0.id!] ?? 0, $1.familyName) }
            .prefix(10)
            .map {
                PlanningPagesController.Option(
                    value: String(perRecipient[$0.id!] ?? 0), label: "\($0.givenName) \($0.familyName)", selected: false
                )
            }
        let page = Page(
            from: period.from.description, to: period.to.description, total: events.count,
            emergencies: emergencies.count,
            nonEmergencyShare: closed.isEmpty
                ? "–"
                : NumberText.format(Double(notEmergency.count) / Double(closed.count) * 100, language: language) + " %",
            categoryChart: SVGChart.bars(
                title: LocalizedText(nb: "Hendelser etter type", en: "Events by kind").text(in: language), categories),
            causeChart: SVGChart.bars(
                title: LocalizedText(nb: "Avsluttede alarmer etter årsak", en: "Closed alarms by cause").text(
                    in: language), causes),
            durations: [
                duration("Til tatt av operatør", "To taken by an operator", minutes { $0.takenAt }),
                duration("Til ansatt på vei", "To staff on the way", minutes { $0.dispatchedAt }),
                duration("Til ansatt på stedet", "To staff on site", minutes { $0.onSiteAt }),
                duration("Til avsluttet", "To closed", minutes { $0.closedAt }),
            ],
            topRecipients: Array(top), csvLink: "/alarms/statistics.csv?from=\(period.from)&to=\(period.to)")
        return try await req.renderPage("alarm-statistics", titleKey: "alarm_statistics_title", page)
    }

    static func events(_ database: any Database, _ period: Period) async throws -> [AlarmEventModel] {
        try await AlarmEventModel.query(on: database).filter(\.$receivedAt >= period.start)
            .filter(\.$receivedAt < period.end).sort(\.$receivedAt).all()
    }

    @Sendable func export(req: Request) async throws -> Response {
        let period = try Self.period(req)
        let events = try await Self.events(req.db, period)
        let recipients = try await RecipientModel.query(on: req.db)
            .filter(\.$id ~~ events.compactMap { $0.$recipient.id }).all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        let names = Dictionary(
            uniqueKeysWithValues: recipients.filter { visible.contains($0.id!) }.map {
                ($0.id!, "\($0.givenName) \($0.familyName)")
            })
        let formatter = ISO8601DateFormatter()
        func minutes(_ event: AlarmEventModel, _ date: Date?) -> String {
            date.map { String(format: "%.1f", $0.timeIntervalSince(event.receivedAt) / 60) } ?? ""
        }
        var rows = [
            [
                "mottatt", "kategori", "statuskode", "status", "årsak", "mottaker", "enhet", "min_til_tatt",
                "min_til_på_vei", "min_til_på_stedet", "min_til_avsluttet",
            ]
        ]
        for event in events {
            rows.append([
                formatter.string(from: event.receivedAt), event.category, event.statusCode.map(String.init) ?? "",
                event.state, event.closeCause ?? "",
                event.$recipient.id.map { names[$0] ?? "(skjult)" } ?? "", event.controllerID,
                minutes(event, event.takenAt), minutes(event, event.dispatchedAt), minutes(event, event.onSiteAt),
                minutes(event, event.closedAt),
            ])
        }
        return CSVDownload.response(rows: rows, filename: "alarmer-\(period.from)-\(period.to).csv")
    }
}
