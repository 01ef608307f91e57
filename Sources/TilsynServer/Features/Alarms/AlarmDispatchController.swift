import Fluent
import Foundation
import TilsynCore
import Vapor

/// Dispatch in the console (send a proposed staff member) and on the staff member's own device
/// (`/my-alarms`: the alarms they are asked to go to, with accept, decline and "on site").
struct AlarmDispatchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(AlarmConsoleController.roles).post("alarms", ":alarmID", "send", use: send)
            .classify(.recipientData(.keyFacts, .change))
        let mine = routes.grouped("my-alarms")
        mine.get(use: myAlarms).classify(.recipientList(.keyFacts))
        mine.get("version", use: version).classify(.noHealthData)
        mine.post(":dispatchID", "accept", use: accept).classify(.aggregate)
        mine.post(":dispatchID", "decline", use: decline).classify(.aggregate)
        mine.post(":dispatchID", "on-site", use: onSite).classify(.aggregate)
        mine.post("notices", "read", use: readNotices).classify(.noHealthData)
    }

    struct SendForm: Content {
        var staff: String
    }

    @Sendable func send(req: Request) async throws -> Response {
        let event = try await AlarmConsoleController.event(req)
        let form = try req.content.decode(SendForm.self)
        guard let staffID = UUID(uuidString: form.staff) else { throw NotFoundError.staffMember }
        let dispatch = Self.dispatch(req)
        // The estimate is the server's, not the form's. The operator may ask anyone in the unit;
        // the proposals are those on shift with the competence, nearest first.
        guard
            let eta = try await dispatch.estimate(
                staffID, for: event, now: Date(), timeZone: req.application.tilsyn.timeZone)
        else { throw AlarmConsoleError.notACandidate }
        try await dispatch.send(event, to: staffID, etaMinutes: eta, by: req.signedInUser?.staffID, now: Date())
        return req.redirect(to: "/alarms/\(event.id!.uuidString)", redirectType: .normal)
    }

    static func dispatch(_ req: Request) -> AlarmDispatch {
        AlarmDispatch(database: req.db, answerSeconds: req.application.tilsyn.alarms.dispatchAnswerSeconds)
    }

    struct MyAlarm: Encodable {
        var id: String
        var what: String
        var address: String
        var keySafe: String
        var sent: String
        var eta: Int
        var state: String
        var asked: Bool
        var accepted: Bool
        var onSite: Bool
    }

    struct Notice: Encodable {
        var at: String
        var text: String
    }

    struct MyAlarmsPage: Encodable {
        var alarms: [MyAlarm]
        var notices: [Notice]
        var version: String
    }

    @Sendable func myAlarms(req: Request) async throws -> Response {
        guard let staffID = req.signedInUser?.staffID else { throw Abort(.forbidden) }
        let since = Date().addingTimeInterval(-12 * 3600)
        let dispatches = try await AlarmDispatchModel.query(on: req.db).filter(\.$staff.$id == staffID)
            .filter(\.$sentAt >= since).sort(\.$sentAt, .descending).all()
        let events = Dictionary(
            uniqueKeysWithValues: try await AlarmEventModel.query(on: req.db)
                .filter(\.$id ~~ dispatches.map { $0.$event.id }).all().map { ($0.id!, $0) })
        let recipients = try await RecipientModel.query(on: req.db)
            .filter(\.$id ~~ events.values.compactMap { $0.$recipient.id }).all()
        let visible = try await req.recipientAccess.filterListed(
            recipients.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        let byID = Dictionary(uniqueKeysWithValues: recipients.map { ($0.id!, $0) })
        let devices = Dictionary(
            uniqueKeysWithValues: try await AlarmDeviceModel.query(on: req.db)
                .filter(\.$id ~~ events.values.compactMap { $0.$device.id }).all().map { ($0.id!, $0) })
        let codes = try await AlarmConsoleController.codes(req.db)
        let language = req.language
        let alarms = dispatches.compactMap { dispatch -> MyAlarm? in
            guard let event = events[dispatch.$event.id] else { return nil }
            let recipient = event.$recipient.id.flatMap { visible.contains($0) ? byID[$0] : nil }
            return MyAlarm(
                id: dispatch.id!.uuidString, what: AlarmConsoleController.what(event, codes, language),
                address: recipient.map { "\($0.givenName) \($0.familyName), \($0.street), \($0.postalCode) \($0.city)" }
                    ?? "–",
                keySafe: [recipient?.keySafeNote ?? "", event.$device.id.flatMap { devices[$0]?.keySafe } ?? ""]
                    .filter { !$0.isEmpty }.joined(separator: " · "),
                sent: req.localDateTime(dispatch.sentAt), eta: dispatch.etaMinutes,
                state: Self.stateName(dispatch.state).text(in: language), asked: dispatch.state == "sent",
                accepted: dispatch.state == "accepted", onSite: event.onSiteAt != nil)
        }
        let notices = try await StaffNoticeModel.query(on: req.db).filter(\.$staff.$id == staffID)
            .filter(\.$readAt == nil).sort(\.$createdAt, .descending).all()
            .map { Notice(at: req.localDateTime($0.createdAt), text: language == "en" ? $0.english : $0.norwegian) }
        return try await req.renderPage(
            "my-alarms", titleKey: "my_alarms_title",
            MyAlarmsPage(alarms: alarms, notices: notices, version: try await Self.version(req.db, staffID)))
    }

    static func version(_ database: any Database, _ staffID: UUID) async throws -> String {
        let mine = try await AlarmDispatchModel.query(on: database).filter(\.$staff.$id == staffID).all()
        let notices = try await StaffNoticeModel.query(on: database).filter(\.$staff.$id == staffID)
            .filter(\.$readAt == nil).count()
        return "\(mine.count)-\(mine.filter { $0.state == "sent" }.count)-\(notices)"
    }

    @Sendable func readNotices(req: Request) async throws -> Response {
        guard let staffID = req.signedInUser?.staffID else { throw Abort(.forbidden) }
        try await StaffNoticeModel.query(on: req.db).filter(\.$staff.$id == staffID).filter(\.$readAt == nil)
            .set(\.$readAt, to: Date()).update()
        return req.redirect(to: "/my-alarms", redirectType: .normal)
    }

    @Sendable func version(req: Request) async throws -> [String: String] {
        guard let staffID = req.signedInUser?.staffID else { throw Abort(.forbidden) }
        return ["version": try await Self.version(req.db, staffID)]
    }

    static func stateName(_ state: String) -> LocalizedText {
        switch state {
        case "sent": LocalizedText(nb: "Du er spurt", en: "You are asked")
        case "accepted": LocalizedText(nb: "Du har sagt ja", en: "You accepted")
        case "declined": LocalizedText(nb: "Du sa nei", en: "You declined")
        default: LocalizedText(nb: "Ikke besvart i tide", en: "Not answered in time")
        }
    }

    /// The signed-in person's own dispatch, or 404.
    private func mine(_ req: Request) async throws -> (AlarmDispatchModel, StaffMember) {
        let id = try req.uuidParameter("dispatchID", notFound: .alarm)
        guard let staffID = req.signedInUser?.staffID,
            let dispatch = try await AlarmDispatchModel.find(id, on: req.db), dispatch.$staff.id == staffID,
            let staff = try await StaffMemberModel.find(staffID, on: req.db)
        else { throw NotFoundError.alarm }
        return (dispatch, staff.domain)
    }

    @Sendable func accept(req: Request) async throws -> Response {
        let (dispatch, staff) = try await mine(req)
        try await Self.dispatch(req).answer(
            dispatch, accepted: true, by: staff, now: Date(), timeZone: req.application.tilsyn.timeZone,
            replanSeconds: min(1, req.application.tilsyn.planningSeconds))
        return req.redirect(to: "/my-alarms", redirectType: .normal)
    }

    @Sendable func decline(req: Request) async throws -> Response {
        let (dispatch, staff) = try await mine(req)
        try await Self.dispatch(req).answer(
            dispatch, accepted: false, by: staff, now: Date(), timeZone: req.application.tilsyn.timeZone,
            replanSeconds: 0)
        return req.redirect(to: "/my-alarms", redirectType: .normal)
    }

    @Sendable func onSite(req: Request) async throws -> Response {
        let (dispatch, staff) = try await mine(req)
        guard dispatch.state == "accepted" else { throw AlarmConsoleError.notAsked }
        guard let event = try await AlarmEventModel.find(dispatch.$event.id, on: req.db) else {
            throw NotFoundError.alarm
        }
        if event.onSiteAt == nil {
            try await req.db.writeTransaction { database in
                event.onSiteAt = Date()
                try await event.save(on: database)
                try await AlarmStepModel(eventID: event.id!, kind: "onSite", note: "", staffID: staff.id)
                    .save(on: database)
            }
        }
        return req.redirect(to: "/my-alarms", redirectType: .normal)
    }
}
