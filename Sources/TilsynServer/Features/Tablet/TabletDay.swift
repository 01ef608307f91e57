import Fluent
import Foundation
import Planner
import TilsynCore
import Vapor

/// Everything the tablet keeps for a day offline (R13): the signed-in person's visits in order,
/// each with the recipient's key facts, the care plan's measures and the latest reports when the
/// person may read them, their open tasks and unread notices, the texts of the app in their
/// language, and the CSRF token the outbox sends with its changes.
struct TabletDay: Content {
    struct Contact: Content {
        var label: String
        var phone: String
    }

    struct Measure: Content {
        var id: String
        var title: String
        var instructions: String
    }

    struct Visit: Content {
        var id: String
        var number: Int
        var time: String
        var title: String
        var duration: Int
        var twoPerson: Bool
        /// nil, "started", "done" or "notDone".
        var state: String?
        var status: String
        var recipientID: String
        var recipient: String
        var address: String
        var mapLink: String
        var keySafe: String
        var contacts: [Contact]
        var measures: [Measure]
        var reports: [ReportView]
        var equipment: [EquipmentView]
    }

    struct Task: Content {
        var id: String
        var kind: String
        var text: String
        var recipient: String
        var due: String
        var overdue: Bool
    }

    struct Choice: Content {
        var value: String
        var label: String
    }

    /// The intake form's choices, for those who carry out intake assessments (R17).
    struct IntakeForm: Content {
        var zones: [Choice]
        var defaultZone: String
        var referrals: [Choice]
        var livings: [Choice]
        var areas: [Choice]
        var levels: [Choice]
        var risks: [Choice]
        var services: [Choice]
    }

    /// A draft kept on the server (saved from another device or the page), to go on with.
    struct IntakeDraft: Content {
        var id: String
        var zone: String
        var savedAt: Date
        var answers: IntakeAnswers
    }

    var staffID: String
    var staffName: String
    var date: String
    var generatedAt: Date
    var csrf: String
    var language: String
    var visits: [Visit]
    var tasks: [Task]
    var notices: [String]
    var reasons: [Choice]
    var conditions: [Choice]
    var meals: [Choice]
    var taskKinds: [Choice]
    var owners: [Choice]
    var intake: IntakeForm?
    var intakeDrafts: [IntakeDraft]
    var texts: [String: String]

    /// Builds the day for the signed-in person; every recipient shown is checked and logged.
    static func build(_ req: Request) async throws -> TabletDay {
        let user = try req.requireUser()
        let language = req.language
        let today = req.application.today
        let visits = try await VisitModel.assigned(to: user.staffID, on: today.description, in: req.db)
        let recipients = try await RecipientModel.query(on: req.db).filter(\.$id ~~ visits.map { $0.$recipient.id })
            .all()
        let access = try req.recipientAccess
        let visible = try await access.filterListed(recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        let byID = Dictionary(uniqueKeysWithValues: recipients.map { ($0.id!, $0) })
        let measures = try await MeasureModel.query(on: req.db).filter(\.$recipient.$id ~~ visible)
            .filter(\.$isActive == true).sort(\.$title).all()
        let reportsService = VisitReportService(database: req.db)
        var carePlanAllowed: [UUID: Bool] = [:]
        var reportsAllowed = Set<UUID>()
        for id in visible {
            carePlanAllowed[id] = try await access.allows(id, part: .carePlan)
            if try await access.allows(id, part: .reports) { reportsAllowed.insert(id) }
        }
        let reports = try await reportsService.latest(
            recipientIDs: reportsAllowed, limit: 3, language: language, timeZone: req.application.tilsyn.timeZone)
        let equipment = try await EquipmentItemModel.query(on: req.db).filter(\.$recipient.$id ~~ visible)
            .filter(\.$removedAt == nil).sort(\.$name).all()
        var rows: [Visit] = []
        for visit in visits {
            guard let recipient = byID[visit.$recipient.id], visible.contains(recipient.id!) else { continue }
            rows.append(
                Visit(
                    id: visit.id!.uuidString, number: rows.count + 1,
                    time: HomeCarePlanner.clock(visit.plannedStart ?? Double(visit.windowStart)), title: visit.title,
                    duration: visit.durationMinutes, twoPerson: visit.staffCount == 2,
                    state: visit.outcome ?? (visit.startedAt != nil ? "started" : nil),
                    status: WorkListController.status(visit, language), recipientID: recipient.id!.uuidString,
                    recipient: "\(recipient.givenName) \(recipient.familyName)",
                    address: "\(recipient.street), \(recipient.postalCode) \(recipient.city)",
                    mapLink: WorkListController.mapLink(recipient), keySafe: recipient.keySafeNote,
                    contacts: recipient.contacts.map { .init(label: "\($0.name) (\($0.note))", phone: $0.phone) },
                    measures: carePlanAllowed[recipient.id!] == true
                        ? measures.filter { $0.$recipient.id == recipient.id }.map {
                            .init(id: $0.id!.uuidString, title: $0.title, instructions: $0.instructions)
                        } : [],
                    reports: reports[recipient.id!] ?? [],
                    equipment: carePlanAllowed[recipient.id!] == true
                        ? equipment.filter { $0.$recipient.id == recipient.id }.map(EquipmentView.init) : []))
        }
        let openTasks = try await CareTaskService(database: req.db).open(ownerID: user.staffID)
        let taskRows = try await CareTasksController.rows(openTasks, req: req, language: language)
        let notices = try await StaffNoticeModel.query(on: req.db).filter(\.$staff.$id == user.staffID)
            .filter(\.$readAt == nil).sort(\.$createdAt, .descending).limit(10).all()
        let colleagues: [StaffMemberModel] =
            if let zone = user.zoneID {
                try await StaffMemberModel.query(on: req.db).filter(\.$zone.$id == zone).sort(\.$givenName).all()
            } else { [] }
        func choices<T: CaseIterable & RawRepresentable>(_ type: T.Type, _ name: (T) -> LocalizedText) -> [Choice]
        where T.RawValue == String {
            T.allCases.map { Choice(value: $0.rawValue, label: name($0).text(in: language)) }
        }
        var intakeForm: IntakeForm?
        var intakeDrafts: [IntakeDraft] = []
        if IntakeAccess.mayCreate(user.role) {
            let zones = try await ZoneModel.query(on: req.db).sort(\.$name).all()
            intakeForm = IntakeForm(
                zones: zones.map { Choice(value: $0.id!.uuidString, label: $0.name) },
                defaultZone: (user.zoneID ?? zones.first?.id)?.uuidString ?? "",
                referrals: choices(IntakeReferral.self, \.name), livings: choices(IntakeLiving.self, \.name),
                areas: choices(IntakeArea.self, \.name),
                levels: (1...5).map { Choice(value: String($0), label: IntakeArea.level($0).text(in: language)) },
                risks: choices(IntakeRisk.self, \.name), services: choices(IntakeServiceKind.self, \.name))
            for draft in try await IntakeService(database: req.db).drafts(of: user.staffID) {
                access.noteIntake(draft.id, action: .read, basis: .author)
                intakeDrafts.append(
                    IntakeDraft(
                        id: draft.clientID, zone: draft.$zone.id.uuidString, savedAt: draft.savedAt,
                        answers: draft.decodedAnswers()))
            }
        }
        return TabletDay(
            staffID: user.staffID.uuidString, staffName: user.name, date: today.description, generatedAt: Date(),
            csrf: user.csrfToken, language: language, visits: rows,
            tasks: openTasks.compactMap { task in
                taskRows[task.id!].map {
                    Task(
                        id: $0.id, kind: $0.kind, text: $0.text, recipient: $0.recipient, due: $0.due,
                        overdue: $0.overdue)
                }
            },
            notices: notices.map { language == "en" ? $0.english : $0.norwegian },
            reasons: choices(NotDoneReason.self, \.name), conditions: choices(GeneralCondition.self, \.name),
            meals: choices(MealEaten.self, \.name), taskKinds: choices(CareTaskKind.self, \.name),
            owners: CareTasksController.ownerOptions(colleagues, me: user.staffID, language).map {
                Choice(value: $0.value, label: $0.label)
            },
            intake: intakeForm, intakeDrafts: intakeDrafts,
            texts: req.application.catalogue.texts(for: language).filter {
                $0.key.hasPrefix("tablet_") || $0.key.hasPrefix("intake_")
            })
    }
}
