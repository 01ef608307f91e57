import Fluent
import Foundation
import TilsynCore
import Vapor

/// The server-rendered pages of the web shell: zone overview, recipient list and page, staff list.
struct WebPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: overview).classify(.aggregate)
        routes.get("recipients", use: recipients).classify(.recipientList(.keyFacts))
        routes.get("recipients", ":recipientID", use: recipient).classify(.recipientData(.keyFacts, .read))
        routes.get("staff", use: staff).classify(.noHealthData)
    }

    @Sendable func overview(req: Request) async throws -> Response {
        let today = req.application.today
        let zones = try await ZoneRepository(database: req.db).summaries(
            today: today, noticeDays: req.application.tilsyn.decisionExpiryNoticeDays)
        let page = OverviewPage(
            today: today.description, zones: zones, totalRecipients: zones.reduce(0) { $0 + $1.recipientCount },
            totalStaff: zones.reduce(0) { $0 + $1.staffCount }, totalVisits: zones.reduce(0) { $0 + $1.visitsToday })
        return try await req.renderPage("overview", titleKey: "overview_title", page)
    }

    @Sendable func recipients(req: Request) async throws -> Response {
        let query = req.query[String.self, at: "q"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let zoneID = req.query[String.self, at: "zone"].flatMap(UUID.init(uuidString:))
        let zones = try await ZoneRepository(database: req.db).zones()
        let zoneNames = Dictionary(uniqueKeysWithValues: zones.map { ($0.id, $0.name) })
        let candidates = try await RecipientRepository(database: req.db).search(
            query: query, zoneID: zoneID, limit: 300)
        let visible = try await req.recipientAccess.filterListed(
            candidates.map { ($0.id!, $0.$zone.id) }, part: .keyFacts)
        let found = candidates.filter { visible.contains($0.id!) }
        let page = RecipientListPage(
            query: query, zoneID: zoneID?.uuidString ?? "",
            zones: zones.map { ZoneOption(id: $0.id.uuidString, name: $0.name, selected: $0.id == zoneID) },
            recipients: found.map {
                RecipientRow(
                    id: $0.id!.uuidString, name: "\($0.familyName), \($0.givenName)", nationalID: $0.nationalID,
                    address: "\($0.street), \($0.postalCode) \($0.city)", zone: zoneNames[$0.$zone.id] ?? "")
            })
        return try await req.renderPage("recipients", titleKey: "recipients_title", page)
    }

    @Sendable func recipient(req: Request) async throws -> Response {
        let id = try req.uuidParameter("recipientID", notFound: .recipient)
        let page = try await RecipientPageBuilder(request: req).build(recipientID: id)
        return try await req.renderPage("recipient", titleKey: "recipient_title", title: page.name, page)
    }

    @Sendable func staff(req: Request) async throws -> Response {
        let language = req.language
        let zoneID = req.query[String.self, at: "zone"].flatMap(UUID.init(uuidString:))
        let zones = try await ZoneRepository(database: req.db).zones()
        let zoneNames = Dictionary(uniqueKeysWithValues: zones.map { ($0.id, $0.name) })
        let members = try await StaffRepository(database: req.db).list(zoneID: zoneID)
        let page = StaffListPage(
            zones: zones.map { ZoneOption(id: $0.id.uuidString, name: $0.name, selected: $0.id == zoneID) },
            staff: members.map {
                StaffRow(
                    name: "\($0.familyName), \($0.givenName)", employeeNumber: $0.employeeNumber,
                    role: $0.role.displayName.text(in: language),
                    competences: $0.competences.sorted().map { $0.displayName.text(in: language) }.joined(
                        separator: ", "),
                    zone: $0.zoneID.flatMap { zoneNames[$0] } ?? "–", employmentPercent: $0.employmentPercent)
            })
        return try await req.renderPage("staff", titleKey: "staff_title", page)
    }
}

struct OverviewPage: Encodable {
    var today: String
    var zones: [ZoneSummary]
    var totalRecipients: Int
    var totalStaff: Int
    var totalVisits: Int
}

struct ZoneOption: Encodable {
    var id: String
    var name: String
    var selected: Bool
}

struct RecipientRow: Encodable {
    var id: String
    var name: String
    var nationalID: String
    var address: String
    var zone: String
}

struct RecipientListPage: Encodable {
    var query: String
    var zoneID: String
    var zones: [ZoneOption]
    var recipients: [RecipientRow]
}

struct StaffRow: Encodable {
    var name: String
    var employeeNumber: String
    var role: String
    var competences: String
    var zone: String
    var employmentPercent: Int
}

struct StaffListPage: Encodable {
    var zones: [ZoneOption]
    var staff: [StaffRow]
}
