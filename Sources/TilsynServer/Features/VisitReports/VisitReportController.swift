import Fluent
import Foundation
import TilsynCore
import Vapor

/// The on-site report from the visit page (a form with a camera input), and its photos, shown only
/// to those who may read the recipient's reports.
struct VisitReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "my-day", ":visitID", "report", body: .collect(maxSize: "32mb"), use: write)
            .classify(.recipientData(.reports, .change))
        routes.get("reports", ":reportID", "photos", ":photoID", use: photo).classify(.recipientData(.reports, .read))
    }

    struct Form: Content {
        var clientID: String?
        var measures: [String]?
        var observation: String?
        var condition: String?
        var meal: String?
        var pain: String?
        var followUp: String?
        var photos: [File]?
    }

    @Sendable func write(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let id = try req.uuidParameter("visitID", notFound: .visit)
        guard let visit = try await VisitModel.find(id, on: req.db), visit.assignedStaffIDs.contains(user.staffID)
        else { throw NotFoundError.visit }
        let form = try req.content.decode(Form.self)
        var draft = ReportDraft(
            clientID: form.clientID.flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString,
            observation: form.observation ?? "", writtenAt: Date())
        draft.measuresDone = try (form.measures ?? []).map {
            guard let id = UUID(uuidString: $0) else { throw VisitReportError.measure }
            return id
        }
        draft.condition = try Self.choice(form.condition, GeneralCondition.self, .empty)
        draft.meal = try Self.choice(form.meal, MealEaten.self, .empty)
        if let pain = form.pain, !pain.isEmpty {
            guard let value = Int(pain) else { throw VisitReportError.pain }
            draft.pain = value
        }
        draft.needsFollowUp = form.followUp != nil
        draft.photos = (form.photos ?? []).filter { $0.data.readableBytes > 0 }.map {
            ReportDraft.Photo(
                contentType: $0.contentType?.serialize().lowercased() ?? "", bytes: Data(buffer: $0.data))
        }
        try await VisitReportService(database: req.db).write(draft, visit: visit, author: user.staffID)
        return req.redirect(to: "/my-day/\(visit.id!.uuidString)?reported=1", redirectType: .normal)
    }

    static func choice<T: RawRepresentable>(_ text: String?, _ type: T.Type, _ error: VisitReportError) throws -> T?
    where T.RawValue == String {
        guard let text, !text.isEmpty else { return nil }
        guard let value = T(rawValue: text) else { throw error }
        return value
    }

    @Sendable func photo(req: Request) async throws -> Response {
        let reportID = try req.uuidParameter("reportID", notFound: .report)
        let photoID = try req.uuidParameter("photoID", notFound: .photo)
        guard let photo = try await ReportPhotoModel.find(photoID, on: req.db), photo.$report.id == reportID else {
            throw NotFoundError.photo
        }
        let response = Response(status: .ok, body: .init(data: photo.bytes))
        response.headers.contentType = HTTPMediaType.parse(photo.contentType) ?? .binary
        // Health data: never kept by shared caches; the tablet keeps what it needs itself.
        response.headers.cacheControl = .init(noStore: true, isPrivate: true)
        return response
    }
}

extension HTTPMediaType {
    static func parse(_ text: String) -> HTTPMediaType? {
        let parts = text.split(separator: "/")
        guard parts.count == 2 else { return nil }
        return HTTPMediaType(type: String(parts[0]), subType: String(parts[1]))
    }
}
