import Fluent
import Foundation
import Planner
import TilsynCore
import Vapor

/// Absence and sick calls (R7, R41) for leaders: register an absence; a sick call for today
/// re-plans the person's shift at once; the need for substitutes in hours and competence for the
/// next two weeks; sick-leave rates per zone week by week, and the share that was self-certified.
struct AbsencesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let leaders = routes.grouped(RequireRole.leaders).grouped("absences")
        // Staff absence is the employees' data, not recipients': no recipient is shown.
        leaders.get(use: page).classify(.noHealthData)
        leaders.post(use: register).classify(.aggregate)
        leaders.post("conversations", use: conversation).classify(.aggregate)
    }

    struct AbsenceRow: Encodable {
        var name: String
        var kind: String
        var period: String
    }

    struct NeedRow: Encodable {
        var date: String
        var shift: String
        var hours: String
        var who: String
        var competences: String
    }

    struct Page: Encodable {
        var zones: [PlanningPagesController.Option]
        var zoneID: String
        var staff: [PlanningPagesController.Option]
        var kinds: [PlanningPagesController.Option]
        var today: String
        var absences: [AbsenceRow]
        var needs: [NeedRow]
        var needHours: String
        var rateChart: String
        var selfCertifiedShare: String
        var sickRate: String
        var followUpDue: [String]
        var conversations: [AbsenceRow]
    }

    /// The leader's zone, or the one asked for among those they may see.
    private func zone(_ req: Request, _ asked: String?) async throws -> (ZoneModel, [ZoneModel]) {
        try await ZoneChoice.choose(req, asked: asked, everyZone: [.unitLeader])
    }

    @Sendable func page(req: Request) async throws -> Response {
        let (zone, zones) = try await zone(req, req.query["zone"])
        let language = req.language
        let today = req.application.today
        let staff = try await RosterStore(database: req.db).staff(inZones: [zone.id!])
        let names = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, "\($0.givenName) \($0.familyName)") })
        let since = today.adding(days: -56)
        let absences = try await AbsenceModel.query(on: req.db).filter(\.$staff.$id ~~ staff.map(\.id))
            .filter(\.$lastDate >= since.description).sort(\.$firstDate).all()
        let spans = absences.compactMap {
            absence -> (staffID: UUID, kind: AbsenceKind, first: LocalDate, last: LocalDate)? in
            guard let kind = AbsenceKind(rawValue: absence.kind), let first = LocalDate(absence.firstDate),
                let last = LocalDate(absence.lastDate)
            else { return nil }
            return (absence.$staff.id, kind, first, last)
        }

        // Who is away now or later, and the shifts that leaves open in the next two weeks.
        let current = absences.filter { $0.lastDate >= today.description }.map { absence in
            AbsenceRow(
                name: names[absence.$staff.id] ?? "",
                kind: AbsenceKind(rawValue: absence.kind)?.displayName.text(in: language) ?? absence.kind,
                period: "\(absence.firstDate)"
                    + (absence.fromMinute.map { " kl. \(HomeCarePlanner.clock(Double($0)))" } ?? "")
                    + " – \(absence.lastDate)")
        }
        let store = RosterStore(database: req.db)
        let ahead = try await store.roster(of: staff.map(\.id), from: today, through: today.adding(days: 13))
        var needs: [NeedRow] = []
        var needMinutes = 0
        for offset in 0..<14 {
            let date = today.adding(days: offset)
            let roster = ahead.shifts(of: staff, on: date)
            for member in staff {
                guard let shift = roster[member.id],
                    spans.contains(where: { $0.staffID == member.id && $0.first <= date && date <= $0.last })
                else { continue }
                let from = absences.first { $0.$staff.id == member.id && $0.firstDate == date.description }?.fromMinute
                let start = max(shift.start, from ?? 0)
                guard start < shift.end else { continue }
                needMinutes += shift.end - start
                needs.append(
                    NeedRow(
                        date: date.description, shift: shift.displayName.text(in: language),
                        hours: NumberText.format(Double(shift.end - start) / 60, language: language),
                        who: "\(member.role.displayName.text(in: language)) (\(names[member.id] ?? ""))",
                        competences: member.competences.sorted().map { $0.displayName.text(in: language) }.joined(
                            separator: ", ")))
            }
        }

        let talks = try await FollowUpConversationModel.query(on: req.db).filter(\.$staff.$id ~~ staff.map(\.id))
            .sort(\.$date, .descending).all()
        var talked: [UUID: [LocalDate]] = [:]
        for talk in talks { if let date = LocalDate(talk.date) { talked[talk.$staff.id, default: []].append(date) } }
        let due = FollowUpDue.due(absences: spans, conversations: talked, today: today).map { entry in
            "\(names[entry.staffID] ?? "") – "
                + LocalizedText(nb: "sykmeldt siden \(entry.since)", en: "on sick leave since \(entry.since)").text(
                    in: language)
        }
        let weeks = SickLeave.weeks(
            staff: staff, absences: spans, from: since, to: today,
            roster: try await store.roster(of: staff.map(\.id), from: since, through: today))
        let sick = weeks.reduce(0) { $0 + $1.sickDays }
        let rostered = weeks.reduce(0) { $0 + $1.rosteredDays }
        let selfCertified = weeks.reduce(0) { $0 + $1.selfCertifiedDays }
        let weekWord = LocalizedText(nb: "Uke fra", en: "Week of").text(in: language)
        let page = Page(
            zones: zones.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id == zone.id) },
            zoneID: zone.id!.uuidString,
            staff: staff.map { .init(value: $0.id.uuidString, label: names[$0.id] ?? "", selected: false) },
            kinds: AbsenceKind.allCases.map {
                .init(value: $0.rawValue, label: $0.displayName.text(in: language), selected: false)
            },
            today: today.description, absences: current, needs: needs,
            needHours: NumberText.format(Double(needMinutes) / 60, language: language),
            rateChart: SVGChart.bars(
                title: LocalizedText(nb: "Sykefravær per uke, \(zone.name)", en: "Sick leave by week, \(zone.name)")
                    .text(in: language),
                measured: weeks.map { week in
                    (
                        label: "\(weekWord) \(week.monday)", value: week.rate,
                        text: NumberText.format(week.rate * 100, language: language) + " %"
                    )
                }),
            selfCertifiedShare: sick == 0
                ? "–" : NumberText.format(Double(selfCertified) / Double(sick) * 100, language: language) + " %",
            sickRate: rostered == 0
                ? "–" : NumberText.format(Double(sick) / Double(rostered) * 100, language: language) + " %",
            followUpDue: due,
            conversations: talks.prefix(20).map {
                AbsenceRow(name: names[$0.$staff.id] ?? "", kind: "", period: $0.date)
            })
        return try await req.renderPage("absences", titleKey: "absences_title", page)
    }

    struct AbsenceForm: Content {
        var zone: String?
        var staff: String
        var kind: String
        var first: String
        var last: String?
        var from: String?
    }

    @Sendable func register(req: Request) async throws -> Response {
        let form = try req.content.decode(AbsenceForm.self)
        let (zone, _) = try await zone(req, form.zone)
        guard let staffID = UUID(uuidString: form.staff),
            let member = try await StaffMemberModel.find(staffID, on: req.db),
            member.$zone.id == zone.id
        else { throw AbsenceError.staff }
        guard let kind = AbsenceKind(rawValue: form.kind) else { throw PlanningError.unknownAbsenceKind }
        guard let first = LocalDate(form.first) else { throw InvalidParameterError.date("first") }
        var last = first
        if let text = form.last, !text.isEmpty {
            guard let date = LocalDate(text) else { throw InvalidParameterError.date("last") }
            last = date
        }
        guard last >= first else { throw AbsenceError.lastBeforeFirst }
        guard first.days(until: last) <= 366 else { throw AbsenceError.tooLong }
        var fromMinute: Int?
        if let text = form.from, !text.isEmpty {
            guard let minutes = MinuteOfDay(text)?.minutes else { throw PlanningError.badTime }
            fromMinute = minutes
        }
        let today = req.application.today
        let leader = req.signedInUser?.staffID
        // A sick call for today: the shift the person is on is re-planned at once, when it is planned.
        let zoneStaff = try await StaffMemberModel.query(on: req.db).filter(\.$zone.$id == zone.id!).all()
            .map(\.domain)
        if first == today,
            let shift = try await RosterStore(database: req.db).roster(of: zoneStaff.map(\.id), on: today)
                .shifts(of: zoneStaff, on: today)[staffID]
        {
            let now = max(shift.start, fromMinute ?? AlarmDispatch.local(Date(), req.application.tilsyn.timeZone).1)
            let service = PlanningService(database: req.db)
            if now < shift.end, let day = try await service.day(zoneID: zone.id!, date: today, shift: shift) {
                let (run, conflict) = try await service.latestRun(day)
                if run != nil, conflict == nil, day.staff[staffID] != nil {
                    _ = try await service.replanAbsence(
                        day, run: run, absent: member.domain, kind: kind, now: now, lastDate: last,
                        seconds: min(1, req.application.tilsyn.planningSeconds), by: leader)
                    return req.redirect(to: "/absences?zone=\(zone.id!.uuidString)", redirectType: .normal)
                }
            }
        }
        try await AbsenceModel(
            staffID: staffID, kind: kind, first: first, last: last, fromMinute: fromMinute, by: leader
        )
        .save(on: req.db)
        return req.redirect(to: "/absences?zone=\(zone.id!.uuidString)", redirectType: .normal)
    }

    struct ConversationForm: Content {
        var zone: String?
        var staff: String
        var date: String
    }

    /// A follow-up conversation took place: the date only.
    @Sendable func conversation(req: Request) async throws -> Response {
        let form = try req.content.decode(ConversationForm.self)
        let (zone, _) = try await zone(req, form.zone)
        guard let staffID = UUID(uuidString: form.staff),
            let member = try await StaffMemberModel.find(staffID, on: req.db),
            member.$zone.id == zone.id
        else { throw AbsenceError.staff }
        guard let date = LocalDate(form.date) else { throw InvalidParameterError.date("date") }
        guard date <= req.application.today else { throw AbsenceError.conversationAhead }
        let talk = FollowUpConversationModel()
        talk.$staff.id = staffID
        talk.date = date.description
        talk.$registeredBy.id = req.signedInUser?.staffID
        talk.registeredAt = Date()
        try await talk.save(on: req.db)
        return req.redirect(to: "/absences?zone=\(zone.id!.uuidString)", redirectType: .normal)
    }
}

/// Why an absence was not registered.
enum AbsenceError: UserFacingError {
    case staff, lastBeforeFirst, tooLong, conversationAhead

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? {
        switch self {
        case .staff: "staff"
        case .lastBeforeFirst, .tooLong: "last"
        case .conversationAhead: "date"
        }
    }
    var message: LocalizedText {
        switch self {
        case .staff: LocalizedText(nb: "Velg en ansatt i sonen.", en: "Choose a staff member of the zone.")
        case .lastBeforeFirst:
            LocalizedText(nb: "«Til og med» kan ikke være før «Fra».", en: "'Until' cannot be before 'From'.")
        case .conversationAhead:
            LocalizedText(
                nb: "En samtale registreres når den har funnet sted.",
                en: "A conversation is registered once it has taken place.")
        case .tooLong:
            LocalizedText(
                nb: "Et fravær kan registreres for høyst ett år om gangen.",
                en: "An absence can be registered for at most a year at a time.")
        }
    }
}
