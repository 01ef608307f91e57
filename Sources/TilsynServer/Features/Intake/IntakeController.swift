import Fluent
import Foundation
import TilsynCore
import Vapor

/// Intake assessments on the web (R17): my drafts and what was sent in, the form (the tablet app
/// has the same one offline), one assessment, and marking it processed.
struct IntakeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let intakes = routes.grouped("intakes")
        intakes.get(use: list).classify(.intakes)
        intakes.get("new", use: new).classify(.noHealthData)
        intakes.post(use: save).classify(.intakes)
        intakes.get(":intakeID", use: show).classify(.intakes)
        intakes.post(":intakeID", "processed", use: processed).classify(.intakes)
    }

    typealias Option = PlanningPagesController.Option

    struct Row: Encodable {
        var id: String
        var name: String
        var zone: String
        var assessor: String
        var at: String
        var status: String
        var statusKey: String
    }

    struct ListPage: Encodable {
        var mayCreate: Bool
        var drafts: [Row]
        var sentIn: [Row]
        var message: String
    }

    @Sendable func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let service = IntakeService(database: req.db)
        let access = try req.recipientAccess
        let drafts = try await service.drafts(of: user.staffID)
        let sentIn = try await access.filterIntakes(service.sentIn())
        for draft in drafts { access.noteIntake(draft.id, action: .list, basis: .author) }
        let rows = try await Self.rows(drafts + sentIn, req: req)
        let saved = req.query[String.self, at: "saved"]
        let page = ListPage(
            mayCreate: IntakeAccess.mayCreate(user.role), drafts: Array(rows.prefix(drafts.count)),
            sentIn: Array(rows.dropFirst(drafts.count)),
            message: saved == "submitted"
                ? LocalizedText(nb: "Kartleggingen er sendt inn.", en: "The assessment is submitted.").text(
                    in: req.language)
                : saved == "processed"
                    ? LocalizedText(nb: "Kartleggingen er behandlet.", en: "The assessment is processed.").text(
                        in: req.language) : "")
        return try await req.renderPage("intakes", titleKey: "intake_title", page)
    }

    static func rows(_ intakes: [IntakeAssessmentModel], req: Request) async throws -> [Row] {
        let zones = try await ZoneModel.query(on: req.db).all()
        let zoneNames = Dictionary(uniqueKeysWithValues: zones.map { ($0.id!, $0.name) })
        let staff = try await StaffMemberModel.query(on: req.db).filter(\.$id ~~ Set(intakes.map(\.assessorID))).all()
        let names = Dictionary(uniqueKeysWithValues: staff.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
        let format = Self.format(req)
        let unnamed = LocalizedText(nb: "(uten navn)", en: "(no name)").text(in: req.language)
        return intakes.map { intake in
            let answers = intake.decodedAnswers()
            return Row(
                id: intake.id!.uuidString, name: answers.name.isEmpty ? unnamed : answers.name,
                zone: zoneNames[intake.$zone.id] ?? "", assessor: names[intake.assessorID] ?? "",
                at: (intake.submittedAt ?? intake.savedAt).formatted(format),
                status: intake.state.name.text(in: req.language), statusKey: intake.status)
        }
    }

    static func format(_ req: Request) -> Date.FormatStyle {
        Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: req.application.tilsyn.timeZone)
            .locale(Locale(identifier: req.language == "en" ? "en_GB" : "nb_NO"))
    }

    // MARK: The form

    struct Check: Encodable {
        var value: String
        var label: String
        var checked: Bool
    }

    struct Area: Encodable {
        var key: String
        var label: String
        var levels: [Option]
    }

    struct FormPage: Encodable {
        var clientID: String
        var zones: [Option]
        var referrals: [Option]
        var livings: [Option]
        var areas: [Area]
        var risks: [Check]
        var services: [Check]
        var answers: IntakeAnswers
    }

    @Sendable func new(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard IntakeAccess.mayCreate(user.role) else { throw IntakeError.notAllowed }
        let page = try await Self.formPage(IntakeAnswers(), clientID: UUID().uuidString, zoneID: user.zoneID, req: req)
        return try await req.renderPage("intake-form", titleKey: "intake_new", page)
    }

    static func formPage(
        _ answers: IntakeAnswers, clientID: String, zoneID: UUID?, req: Request
    ) async throws
        -> FormPage
    {
        let language = req.language
        let zones = try await ZoneModel.query(on: req.db).sort(\.$name).all()
        func option(_ value: String, _ label: LocalizedText, _ chosen: String) -> Option {
            Option(value: value, label: label.text(in: language), selected: value == chosen)
        }
        return FormPage(
            clientID: clientID,
            zones: zones.map { Option(value: $0.id!.uuidString, label: $0.name, selected: $0.id == zoneID) },
            referrals: IntakeReferral.allCases.map { option($0.rawValue, $0.name, answers.referredBy) },
            livings: IntakeLiving.allCases.map { option($0.rawValue, $0.name, answers.living) },
            areas: IntakeArea.allCases.map { area in
                Area(
                    key: area.rawValue, label: area.name.text(in: language),
                    levels: (1...5).map {
                        option(
                            String($0), IntakeArea.level($0), answers.functions[area.rawValue].map(String.init) ?? "")
                    })
            },
            risks: IntakeRisk.allCases.map {
                Check(
                    value: $0.rawValue, label: $0.name.text(in: language), checked: answers.risks.contains($0.rawValue))
            },
            services: IntakeServiceKind.allCases.map {
                Check(
                    value: $0.rawValue, label: $0.name.text(in: language),
                    checked: answers.services.contains($0.rawValue))
            },
            answers: answers)
    }

    /// What the form posts; `action` is "draft" or "submit".
    struct Form: Content {
        var clientID: String
        var zone: String?
        var action: String?
        var givenName: String?
        var familyName: String?
        var birthDate: String?
        var address: String?
        var phone: String?
        var referredBy: String?
        var reason: String?
        var living: String?
        var functions: [String: String]?
        var risks: [String]?
        var services: [String]?
        var relativeName: String?
        var relativePhone: String?
        var consent: String?
        var notes: String?

        func answers() throws -> IntakeAnswers {
            var answers = IntakeAnswers()
            answers.givenName = givenName ?? ""
            answers.familyName = familyName ?? ""
            answers.birthDate = birthDate ?? ""
            answers.address = address ?? ""
            answers.phone = phone ?? ""
            answers.referredBy = referredBy ?? ""
            answers.reason = reason ?? ""
            answers.living = living ?? ""
            for (area, level) in functions ?? [:] where !level.isEmpty {
                guard let value = Int(level) else { throw IntakeError.level }
                answers.functions[area] = value
            }
            answers.risks = risks ?? []
            answers.services = services ?? []
            answers.relativeName = relativeName ?? ""
            answers.relativePhone = relativePhone ?? ""
            answers.consent = consent != nil
            answers.notes = notes ?? ""
            return answers
        }
    }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(Form.self)
        let submit = form.action == "submit"
        let zoneID = try IntakeSave.zoneID(form.zone)
        let (intake, _) = try await IntakeService(database: req.db).save(
            IntakeSave(
                clientID: form.clientID, changeID: UUID().uuidString, zoneID: zoneID, answers: try form.answers(),
                submit: submit, savedAt: Date()),
            by: user.staffID, role: user.role, access: try req.recipientAccess)
        if submit { return req.redirect(to: "/intakes?saved=submitted", redirectType: .normal) }
        return req.redirect(to: "/intakes/\(intake.id!.uuidString)?saved=1", redirectType: .normal)
    }

    // MARK: One assessment

    struct Fact: Encodable {
        var label: String
        var value: String
    }

    struct ShowPage: Encodable {
        var id: String
        var name: String
        var status: String
        var statusKey: String
        var facts: [Fact]
        var functions: [Fact]
        var mayProcess: Bool
        var processedNote: String
        var message: String
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let intake = try await Self.find(req)
        let access = try req.recipientAccess
        try await access.requireIntake(intake, .read, audit: .read)
        let answers = intake.decodedAnswers()
        let saved = req.query[String.self, at: "saved"] != nil
        if intake.state == .draft, intake.assessorID == user.staffID {
            let page = try await Self.formPage(answers, clientID: intake.clientID, zoneID: intake.$zone.id, req: req)
            return try await req.renderPage("intake-form", titleKey: "intake_draft", page)
        }
        let language = req.language
        guard let row = try await Self.rows([intake], req: req).first else { throw NotFoundError.intake }
        let yes = LocalizedText(nb: "Ja", en: "Yes").text(in: language)
        let no = LocalizedText(nb: "Nei", en: "No").text(in: language)
        func label(_ key: String) -> String { IntakeAnswers.label(key).text(in: language) }
        let facts: [Fact] = [
            Fact(label: label("address"), value: answers.address),
            Fact(
                label: LocalizedText(nb: "Fødselsdato", en: "Date of birth").text(in: language),
                value: answers.birthDate),
            Fact(label: label("phone"), value: answers.phone),
            Fact(label: LocalizedText(nb: "Sone", en: "Zone").text(in: language), value: row.zone),
            Fact(
                label: label("referredBy"),
                value: IntakeReferral(rawValue: answers.referredBy)?.name.text(in: language) ?? ""),
            Fact(label: label("reason"), value: answers.reason),
            Fact(label: label("living"), value: IntakeLiving(rawValue: answers.living)?.name.text(in: language) ?? ""),
            Fact(
                label: label("risks"),
                value: answers.risks.compactMap { IntakeRisk(rawValue: $0)?.name.text(in: language) }.joined(
                    separator: ", ")),
            Fact(
                label: label("services"),
                value: answers.services.compactMap { IntakeServiceKind(rawValue: $0)?.name.text(in: language) }.joined(
                    separator: ", ")),
            Fact(label: label("relativeName"), value: "\(answers.relativeName) \(answers.relativePhone)"),
            Fact(
                label: LocalizedText(nb: "Samtykke", en: "Consent").text(in: language),
                value: answers.consent ? yes : no),
            Fact(label: label("notes"), value: answers.notes),
            Fact(label: LocalizedText(nb: "Kartlagt av", en: "Assessed by").text(in: language), value: row.assessor),
            Fact(label: LocalizedText(nb: "Sendt inn", en: "Submitted").text(in: language), value: row.at),
        ].filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        let functions = IntakeArea.allCases.map { area in
            Fact(
                label: area.name.text(in: language),
                value: answers.functions[area.rawValue].map { IntakeArea.level($0).text(in: language) } ?? "–")
        }
        let mayProcess = intake.state == .submitted ? try await access.allowsIntake(intake, .process) : false
        let page = ShowPage(
            id: row.id, name: row.name, status: row.status, statusKey: row.statusKey, facts: facts,
            functions: functions,
            mayProcess: mayProcess,
            processedNote: intake.processedNote ?? "",
            message: saved ? LocalizedText(nb: "Lagret.", en: "Saved.").text(in: language) : "")
        return try await req.renderPage("intake", titleKey: "intake_title", title: row.name, page)
    }

    struct ProcessForm: Content {
        var note: String?
    }

    @Sendable func processed(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let intake = try await Self.find(req)
        try await req.recipientAccess.requireIntake(intake, .process, audit: .change)
        let form = try req.content.decode(ProcessForm.self)
        try await IntakeService(database: req.db).process(intake, note: form.note ?? "", by: user.staffID)
        return req.redirect(to: "/intakes?saved=processed", redirectType: .normal)
    }

    static func find(_ req: Request) async throws -> IntakeAssessmentModel {
        let id = try req.uuidParameter("intakeID", notFound: .intake)
        guard let intake = try await IntakeAssessmentModel.find(id, on: req.db) else { throw NotFoundError.intake }
        return intake
    }
}
