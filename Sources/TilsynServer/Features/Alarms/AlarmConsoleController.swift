import Fluent
import Foundation
import Planner
import TilsynCore
import Vapor

/// The operator console: the queue by priority and waiting time, one alarm with the recipient's key
/// facts and the device's history, and the operator's actions (take, note a call-back, escalate,
/// close with a cause). Every step is time-stamped in the alarm's time line and audited. The queue
/// page asks a small version endpoint every two seconds and reloads itself when something changed.
struct AlarmConsoleController: RouteCollection {
    static let roles = RequireRole(roles: [.alarmOperator, .unitLeader, .departmentLeader])

    func boot(routes: any RoutesBuilder) throws {
        let console = routes.grouped(Self.roles).grouped("alarms")
        console.get(use: queue).classify(.recipientList(.keyFacts))
        console.get("version", use: version).classify(.aggregate)
        console.get(":alarmID", use: detail).classify(.recipientData(.keyFacts, .read))
        console.post(":alarmID", "take", use: take).classify(.recipientData(.keyFacts, .change))
        console.post(":alarmID", "note", use: note).classify(.recipientData(.keyFacts, .change))
        console.post(":alarmID", "escalate", use: escalate).classify(.recipientData(.keyFacts, .change))
        console.post(":alarmID", "close", use: close).classify(.recipientData(.keyFacts, .change))
    }

    static let openStates = [AlarmState.queued, .taken, .escalated].map(\.rawValue)

    // MARK: Queue

    struct QueueRow: Encodable {
        var id: String
        var priority: Int
        var category: String
        var categoryClass: String
        var what: String
        var who: String
        var received: String
        var waitingMinutes: Int
        var state: String
        var flagged: Bool
    }

    struct QueuePage: Encodable {
        var open: [QueueRow]
        var recent: [QueueRow]
        var version: String
    }

    @Sendable func queue(req: Request) async throws -> Response {
        let open = try await AlarmEventModel.query(on: req.db).filter(\.$state ~~ Self.openStates).all()
            .sorted { ($1.priority, $0.receivedAt) < ($0.priority, $1.receivedAt) }
        let since = Date().addingTimeInterval(-24 * 3600)
        let recent = try await AlarmEventModel.query(on: req.db).filter(\.$state !~ Self.openStates)
            .filter(\.$lastHeardAt >= since).sort(\.$lastHeardAt, .descending).limit(30).all()
        let recipientIDs = Set((open + recent).compactMap { $0.$recipient.id })
        let recipients = try await RecipientModel.query(on: req.db).filter(\.$id ~~ Array(recipientIDs)).all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        let names = Dictionary(
            uniqueKeysWithValues: recipients.filter { visible.contains($0.id!) }.map {
                ($0.id!, "\($0.givenName) \($0.familyName), \($0.street)")
            })
        let codes = try await Self.codes(req.db)
        let language = req.language
        func row(_ event: AlarmEventModel) -> QueueRow {
            let who: String
            if let recipientID = event.$recipient.id {
                who = names[recipientID] ?? LocalizedText(nb: "(skjult)", en: "(hidden)").text(in: language)
            } else {
                who = LocalizedText(
                    nb: "Ukjent enhet \(event.controllerID)", en: "Unknown device \(event.controllerID)"
                )
                .text(in: language)
            }
            return QueueRow(
                id: event.id!.uuidString, priority: event.priority,
                category: Self.categoryName(event.category).text(in: language), categoryClass: event.category,
                what: Self.what(event, codes, language), who: who, received: req.localDateTime(event.receivedAt),
                waitingMinutes: max(0, Int(Date().timeIntervalSince(event.receivedAt) / 60)),
                state: Self.stateName(event.state).text(in: language), flagged: event.unauthenticated)
        }
        let page = QueuePage(
            open: open.map(row), recent: recent.map(row), version: try await Self.version(req.db))
        return try await req.renderPage("alarms", titleKey: "alarms_title", page)
    }

    /// What changes whenever the queue does: the count and latest time of events and steps.
    static func version(_ database: any Database) async throws -> String {
        let events = try await AlarmEventModel.query(on: database).count()
        let latest = try await AlarmEventModel.query(on: database).max(\.$lastHeardAt)
        let steps = try await AlarmStepModel.query(on: database).count()
        return "\(events)-\(steps)-\(latest.map { Int($0.timeIntervalSince1970 * 1000) } ?? 0)"
    }

    @Sendable func version(req: Request) async throws -> [String: String] {
        ["version": try await Self.version(req.db)]
    }

    // MARK: One alarm

    struct Step: Encodable {
        var at: String
        var kind: String
        var note: String
        var who: String
    }

    struct CandidateRow: Encodable {
        var staffID: String
        var name: String
        var eta: Int
        var status: String
    }

    struct Fact: Encodable {
        var label: String
        var value: String
    }

    struct DetailPage: Encodable {
        var id: String
        var title: String
        var isOpen: Bool
        var canTake: Bool
        var facts: [Fact]
        var recipient: [Fact]
        var contacts: [Fact]
        var measures: [String]
        var showsCarePlan: Bool
        var history: [QueueRow]
        var steps: [Step]
        var candidates: [CandidateRow]
        var dispatches: [Step]
        var canSend: Bool
        /// No shift is running now (night): nobody is proposed, the operator asks someone by hand.
        var noShiftNow: Bool
        var causes: [PlanningPagesController.Option]
        var escalations: [PlanningPagesController.Option]
    }

    @Sendable func detail(req: Request) async throws -> Response {
        let event = try await Self.event(req)
        let language = req.language
        let codes = try await Self.codes(req.db)
        let device = try await event.$device.get(on: req.db)
        let recipient = try await event.$recipient.get(on: req.db)
        var facts = [
            Fact(label: text("Hva", "What", language), value: Self.what(event, codes, language)),
            Fact(label: text("Status", "State", language), value: Self.stateName(event.state).text(in: language)),
            Fact(label: text("Prioritet", "Priority", language), value: String(event.priority)),
            Fact(label: text("Mottatt", "Received", language), value: req.localDateTime(event.receivedAt)),
            Fact(
                label: text("Enhet", "Device", language),
                value: "\(device?.description ?? text("Ukjent", "Unknown", language)) (\(event.controllerID))"),
            Fact(label: text("Vei", "Path", language), value: event.path),
            Fact(
                label: text("Tale", "Voice", language),
                value: event.voiceCapable ? text("Ja", "Yes", language) : text("Nei", "No", language)),
            Fact(label: text("Gjentatt", "Repeated", language), value: String(event.repeats)),
        ]
        if event.unauthenticated {
            facts.append(
                Fact(
                    label: text("Merk", "Note", language),
                    value: text(
                        "Enheten er ikke registrert eller autentisert.",
                        "The device is not registered or authenticated.",
                        language)))
        }
        var recipientFacts: [Fact] = []
        var contacts: [Fact] = []
        var measures: [String] = []
        var showsCarePlan = false
        if let recipient {
            recipientFacts = [
                Fact(label: text("Navn", "Name", language), value: "\(recipient.givenName) \(recipient.familyName)"),
                Fact(
                    label: text("Adresse", "Address", language),
                    value: "\(recipient.street), \(recipient.postalCode) \(recipient.city)"),
                Fact(
                    label: text("Nøkkelboks", "Key safe", language),
                    value: [recipient.keySafeNote, device?.keySafe ?? ""].filter { !$0.isEmpty }.joined(
                        separator: " · ")),
            ]
            if let primary = try await recipient.$primaryContact.get(on: req.db) {
                recipientFacts.append(
                    Fact(
                        label: text("Primærkontakt", "Primary contact", language),
                        value: "\(primary.givenName) \(primary.familyName)"))
            }
            contacts = recipient.contacts.map { Fact(label: "\($0.name) (\($0.note))", value: $0.phone) }
            if try await req.recipientAccess.allows(recipient.id!, part: .carePlan) {
                showsCarePlan = true
                measures = try await MeasureModel.query(on: req.db).filter(\.$recipient.$id == recipient.id!)
                    .filter(\.$isActive == true).sort(\.$title).all().map { "\($0.title) (\($0.durationMinutes) min)" }
            }
        }
        let history = try await AlarmEventModel.query(on: req.db).filter(\.$controllerID == event.controllerID)
            .filter(\.$id != event.id!).sort(\.$receivedAt, .descending).limit(10).all()
            .map { other in
                QueueRow(
                    id: other.id!.uuidString, priority: other.priority, category: other.category,
                    categoryClass: other.category, what: Self.what(other, codes, language), who: "",
                    received: req.localDateTime(other.receivedAt), waitingMinutes: 0,
                    state: Self.stateName(other.state).text(in: language), flagged: other.unauthenticated)
            }
        let steps = try await AlarmStepModel.query(on: req.db).filter(\.$event.$id == event.id!).sort(\.$at)
            .with(\.$staff).all()
            .map { step in
                Step(
                    at: req.localDateTime(step.at), kind: Self.stepName(step.kind).text(in: language), note: step.note,
                    who: step.staff.map { "\($0.givenName) \($0.familyName)" }
                        ?? text("Sentralen", "The centre", language))
            }
        let dispatch = AlarmDispatchController.dispatch(req)
        let dispatches = try await AlarmDispatchModel.query(on: req.db).filter(\.$event.$id == event.id!)
            .sort(\.$sentAt).with(\.$staff).all()
        let busy = dispatches.contains { $0.state == "sent" || $0.state == "accepted" }
        let canSend = Self.openStates.contains(event.state) && !busy && event.$recipient.id != nil
        let candidates =
            canSend
            ? try await dispatch.candidates(for: event, now: Date(), timeZone: req.application.tilsyn.timeZone)
                .prefix(8).map { candidate in
                    CandidateRow(
                        staffID: candidate.staff.id.uuidString,
                        name: "\(candidate.staff.givenName) \(candidate.staff.familyName) (\(candidate.zoneName))",
                        eta: candidate.etaMinutes,
                        status: candidate.busyUntil.map {
                            text(
                                "opptatt til \(HomeCarePlanner.clock(Double($0)))",
                                "busy until \(HomeCarePlanner.clock(Double($0)))", language)
                        } ?? text("ledig nå", "free now", language))
                } : []
        let page = DetailPage(
            id: event.id!.uuidString, title: Self.what(event, codes, language),
            isOpen: Self.openStates.contains(event.state),
            canTake: event.state == AlarmState.queued.rawValue || event.state == AlarmState.escalated.rawValue,
            facts: facts, recipient: recipientFacts, contacts: contacts, measures: measures,
            showsCarePlan: showsCarePlan, history: history, steps: steps, candidates: Array(candidates),
            dispatches: dispatches.map { sent in
                Step(
                    at: req.localDateTime(sent.sentAt),
                    kind: AlarmDispatchController.stateName(sent.state).text(in: "nb"),
                    note: "ca. \(sent.etaMinutes) min", who: "\(sent.staff.givenName) \(sent.staff.familyName)")
            }, canSend: canSend,
            noShiftNow: ShiftKind.of(windowStart: AlarmDispatch.local(Date(), req.application.tilsyn.timeZone).1)
                == nil,
            causes: AlarmCloseCause.allCases.map {
                PlanningPagesController.Option(value: $0.rawValue, label: $0.name.text(in: language), selected: false)
            },
            escalations: AlarmEscalation.allCases.map {
                PlanningPagesController.Option(value: $0.rawValue, label: $0.name.text(in: language), selected: false)
            })
        return try await req.renderPage("alarm", titleKey: "alarm_title", page)
    }

    // MARK: Actions

    struct ActionForm: Content {
        var note: String?
        var cause: String?
        var to: String?
    }

    @Sendable func take(req: Request) async throws -> Response {
        let event = try await Self.event(req)
        guard event.state == AlarmState.queued.rawValue || event.state == AlarmState.escalated.rawValue else {
            throw AlarmConsoleError.notWaiting
        }
        let staffID = req.signedInUser?.staffID
        try await req.db.writeTransaction { database in
            event.state = AlarmState.taken.rawValue
            event.takenAt = Date()
            try await event.save(on: database)
            try await AlarmStepModel(eventID: event.id!, kind: "taken", note: "", staffID: staffID).save(on: database)
        }
        // A holding device hears at once that an operator has it (and may open the voice line).
        if let centre = req.application.alarmCentre {
            let answer = try await AlarmIntake.answer(
                event, req.application.tilsyn.alarms, now: Date(), on: req.db)
            Task { await centre.notify(controllerID: event.controllerID, answer: answer) }
        }
        return req.redirect(to: "/alarms/\(event.id!.uuidString)", redirectType: .normal)
    }

    @Sendable func note(req: Request) async throws -> Response {
        let event = try await Self.event(req)
        let form = try req.content.decode(ActionForm.self)
        let note = (form.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty, note.count <= 2000 else { throw AlarmConsoleError.emptyNote }
        return try await step(req, event, kind: "note", note: note)
    }

    /// Records a step by the signed-in person and goes back to the alarm.
    private func step(_ req: Request, _ event: AlarmEventModel, kind: String, note: String) async throws -> Response {
        try await AlarmStepModel(eventID: event.id!, kind: kind, note: note, staffID: req.signedInUser?.staffID)
            .save(on: req.db)
        return req.redirect(to: "/alarms/\(event.id!.uuidString)", redirectType: .normal)
    }

    @Sendable func escalate(req: Request) async throws -> Response {
        let event = try await Self.event(req)
        let form = try req.content.decode(ActionForm.self)
        guard let target = form.to.flatMap(AlarmEscalation.init(rawValue:)) else {
            throw AlarmConsoleError.unknownTarget
        }
        guard Self.openStates.contains(event.state) else { throw AlarmConsoleError.closed }
        let note = [target.name.nb, form.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""]
            .filter { !$0.isEmpty }.joined(separator: ": ")
        return try await step(req, event, kind: "escalated", note: note)
    }

    @Sendable func close(req: Request) async throws -> Response {
        let event = try await Self.event(req)
        let form = try req.content.decode(ActionForm.self)
        guard let cause = form.cause.flatMap(AlarmCloseCause.init(rawValue:)) else {
            throw AlarmConsoleError.unknownCause
        }
        guard event.state != AlarmState.closed.rawValue else { throw AlarmConsoleError.closed }
        let staffID = req.signedInUser?.staffID
        let note = form.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        try await req.db.writeTransaction { database in
            event.state = AlarmState.closed.rawValue
            event.closedAt = Date()
            event.closeCause = cause.rawValue
            try await event.save(on: database)
            try await AlarmStepModel(
                eventID: event.id!, kind: "closed",
                note: [cause.name.nb, note].filter { !$0.isEmpty }.joined(separator: ": "),
                staffID: staffID
            ).save(on: database)
        }
        return req.redirect(to: "/alarms", redirectType: .normal)
    }

    // MARK: Helpers

    static func event(_ req: Request) async throws -> AlarmEventModel {
        let id = try req.uuidParameter("alarmID", notFound: .alarm)
        guard let event = try await AlarmEventModel.find(id, on: req.db) else { throw NotFoundError.alarm }
        return event
    }

    static func codes(_ database: any Database) async throws -> [Int: AlarmCodeModel] {
        Dictionary(
            try await AlarmCodeModel.query(on: database).all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func what(_ event: AlarmEventModel, _ codes: [Int: AlarmCodeModel], _ language: String) -> String {
        if event.path == "supervision" {
            return text("Hjerteslag mangler", "Heartbeat missing", language)
        }
        if event.reference.hasPrefix("refused-") {
            return text("Avvist melding fra enheten", "Refused message from the device", language)
        }
        guard let status = event.statusCode else { return text("Alarm", "Alarm", language) }
        guard let code = codes[status] else {
            return text("Ukjent statuskode \(status)", "Unknown status code \(status)", language)
        }
        return language == "en" ? code.meaningEnglish : code.meaningNorwegian
    }

    static func categoryName(_ category: String) -> LocalizedText {
        switch AlarmCategory(rawValue: category) {
        case .emergency: LocalizedText(nb: "Alarm", en: "Alarm")
        case .technical: LocalizedText(nb: "Teknisk", en: "Technical")
        case .information, nil: LocalizedText(nb: "Informasjon", en: "Information")
        }
    }

    static func stateName(_ state: String) -> LocalizedText {
        switch AlarmState(rawValue: state) {
        case .queued: LocalizedText(nb: "I kø", en: "Queued")
        case .taken: LocalizedText(nb: "Tatt", en: "Taken")
        case .escalated: LocalizedText(nb: "Ingen tok den – send personale", en: "Nobody took it – send staff")
        case .recorded: LocalizedText(nb: "Registrert", en: "Recorded")
        case .withdrawn: LocalizedText(nb: "Trukket tilbake av enheten", en: "Withdrawn by the device")
        case .closed: LocalizedText(nb: "Avsluttet", en: "Closed")
        case nil: LocalizedText(nb: state, en: state)
        }
    }

    static func stepName(_ kind: String) -> LocalizedText {
        switch kind {
        case "received": LocalizedText(nb: "Mottatt", en: "Received")
        case "updated": LocalizedText(nb: "Oppdatert av enheten", en: "Updated by the device")
        case "withdrawn": LocalizedText(nb: "Trukket tilbake", en: "Withdrawn")
        case "refused": LocalizedText(nb: "Avvist", en: "Refused")
        case "escalated": LocalizedText(nb: "Eskalert", en: "Escalated")
        case "taken": LocalizedText(nb: "Tatt", en: "Taken")
        case "note": LocalizedText(nb: "Notat", en: "Note")
        case "closed": LocalizedText(nb: "Avsluttet", en: "Closed")
        case "sent": LocalizedText(nb: "Ansatt spurt", en: "Staff member asked")
        case "accepted": LocalizedText(nb: "På vei", en: "On the way")
        case "declined": LocalizedText(nb: "Sa nei", en: "Declined")
        case "unanswered": LocalizedText(nb: "Ikke svar", en: "No answer")
        case "onSite": LocalizedText(nb: "På stedet", en: "On site")
        default: LocalizedText(nb: kind, en: kind)
        }
    }
}

private func text(_ nb: String, _ en: String, _ language: String) -> String { language == "en" ? en : nb }

/// Why an alarm was closed (R35 counts them).
enum AlarmCloseCause: String, CaseIterable, Sendable {
    case helped, notEmergency, falseAlarm, technical, other

    var name: LocalizedText {
        switch self {
        case .helped: LocalizedText(nb: "Hjelp gitt", en: "Help given")
        case .notEmergency: LocalizedText(nb: "Ikke nødsituasjon", en: "Not an emergency")
        case .falseAlarm: LocalizedText(nb: "Falsk alarm", en: "False alarm")
        case .technical: LocalizedText(nb: "Teknisk forhold ordnet", en: "Technical matter settled")
        case .other: LocalizedText(nb: "Annet", en: "Other")
        }
    }
}

/// Where an operator escalates: the chain municipalities set (relatives, leader, 113), recorded as
/// an instruction followed.
enum AlarmEscalation: String, CaseIterable, Sendable {
    case relatives, leader, emergencyNumber

    var name: LocalizedText {
        switch self {
        case .relatives: LocalizedText(nb: "Pårørende varslet", en: "Relatives told")
        case .leader: LocalizedText(nb: "Leder varslet", en: "Leader told")
        case .emergencyNumber: LocalizedText(nb: "Medisinsk nødtelefon 113 varslet", en: "Emergency number 113 called")
        }
    }
}

/// Why the console refuses an action.
enum AlarmConsoleError: UserFacingError {
    case notWaiting, emptyNote, unknownCause, unknownTarget, closed, alreadyDispatched, notACandidate, notAsked

    var status: HTTPResponseStatus {
        switch self {
        case .notWaiting, .closed, .alreadyDispatched, .notAsked: .conflict
        default: .unprocessableEntity
        }
    }
    var code: String { "\(self)" }
    var field: String? {
        switch self {
        case .emptyNote: "note"
        case .unknownCause: "cause"
        case .unknownTarget: "to"
        case .notACandidate: "staff"
        case .notWaiting, .closed, .alreadyDispatched, .notAsked: nil
        }
    }
    var message: LocalizedText {
        switch self {
        case .notWaiting:
            LocalizedText(
                nb: "Alarmen venter ikke lenger: noen har tatt den.",
                en: "The alarm is no longer waiting: someone took it.")
        case .emptyNote:
            LocalizedText(nb: "Skriv et notat (høyst 2000 tegn).", en: "Write a note (at most 2000 characters).")
        case .unknownCause: LocalizedText(nb: "Velg en årsak.", en: "Choose a cause.")
        case .unknownTarget: LocalizedText(nb: "Velg hvem som ble varslet.", en: "Choose who was told.")
        case .closed: LocalizedText(nb: "Alarmen er avsluttet.", en: "The alarm is closed.")
        case .alreadyDispatched:
            LocalizedText(
                nb: "Noen er allerede spurt eller på vei til denne alarmen.",
                en: "Someone is already asked or on the way to this alarm.")
        case .notACandidate:
            LocalizedText(
                nb: "Den ansatte hører ikke til enheten alarmen er i.",
                en: "The staff member does not belong to the alarm's unit.")
        case .notAsked:
            LocalizedText(nb: "Du er ikke spurt om denne alarmen nå.", en: "You are not asked about this alarm now.")
        }
    }
}
