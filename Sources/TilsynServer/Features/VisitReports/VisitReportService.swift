import Fluent
import Foundation
import SQLKit
import TilsynCore
import Vapor

/// A report as written, before it is stored: from the visit page's form or the tablet's outbox.
struct ReportDraft: Sendable {
    struct Photo: Sendable {
        var contentType: String
        var bytes: Data
    }

    var clientID: String
    var measuresDone: [UUID] = []
    var observation: String = ""
    var condition: GeneralCondition?
    var meal: MealEaten?
    var pain: Int?
    var needsFollowUp = false
    var photos: [Photo] = []
    var writtenAt: Date
}

/// Checks and stores visit reports, each client id once.
struct VisitReportService {
    static let maxPhotoBytes = 5 * 1024 * 1024
    static let maxPhotos = 6
    static let maxObservation = 4000
    static let photoTypes: Set<String> = ["image/jpeg", "image/png", "image/webp"]

    let database: any Database

    /// Stores the report; `false` when this client id was stored before (nothing changes).
    @discardableResult
    func write(_ draft: ReportDraft, visit: VisitModel, author: UUID, now: Date = Date()) async throws -> Bool {
        if try await VisitReportModel.query(on: database).filter(\.$clientID == draft.clientID).first() != nil {
            return false
        }
        try await validate(draft, visit: visit)
        let report = VisitReportModel()
        report.clientID = draft.clientID
        report.$visit.id = try visit.requireID()
        report.$recipient.id = visit.$recipient.id
        report.authorID = author
        report.writtenAt = min(draft.writtenAt, now)
        report.receivedAt = now
        report.measuresDone = draft.measuresDone
        report.observation = draft.observation.trimmingCharacters(in: .whitespacesAndNewlines)
        report.condition = draft.condition?.rawValue
        report.meal = draft.meal?.rawValue
        report.pain = draft.pain
        report.needsFollowUp = draft.needsFollowUp
        try await database.writeTransaction { db in
            try await report.create(on: db)
            for photo in draft.photos {
                let stored = ReportPhotoModel()
                stored.$report.id = try report.requireID()
                stored.contentType = photo.contentType
                stored.bytes = photo.bytes
                stored.size = photo.bytes.count
                try await stored.create(on: db)
            }
        }
        return true
    }

    private func validate(_ draft: ReportDraft, visit: VisitModel) async throws {
        let observation = draft.observation.trimmingCharacters(in: .whitespacesAndNewlines)
        guard
            !observation.isEmpty || !draft.measuresDone.isEmpty || draft.condition != nil || !draft.photos.isEmpty
        else { throw VisitReportError.empty }
        guard observation.count <= Self.maxObservation else { throw VisitReportError.tooLong }
        if let pain = draft.pain, !(0...10).contains(pain) { throw VisitReportError.pain }
        guard draft.photos.count <= Self.maxPhotos else { throw VisitReportError.tooManyPhotos }
        for photo in draft.photos {
            guard Self.photoTypes.contains(photo.contentType) else { throw VisitReportError.photoType }
            guard photo.bytes.count <= Self.maxPhotoBytes, !photo.bytes.isEmpty else {
                throw VisitReportError.photoSize
            }
            guard ImageSignature.matches(photo.bytes, contentType: photo.contentType) else {
                throw VisitReportError.photoContent
            }
        }
        if !draft.measuresDone.isEmpty {
            let known = try await MeasureModel.query(on: database).filter(\.$recipient.$id == visit.$recipient.id)
                .all().compactMap(\.id)
            guard Set(draft.measuresDone).isSubset(of: known) else { throw VisitReportError.measure }
        }
    }

    /// The latest reports about a recipient with their authors' names and photo ids, newest first.
    func latest(recipientID: UUID, limit: Int, language: String, timeZone: TimeZone) async throws -> [ReportView] {
        try await latest(recipientIDs: [recipientID], limit: limit, language: language, timeZone: timeZone)[
            recipientID] ?? []
    }

    /// The latest `limit` reports of each recipient, in one query for all of them (the tablet's day
    /// shows every recipient of the day at once).
    func latest(
        recipientIDs: Set<UUID>, limit: Int, language: String, timeZone: TimeZone
    ) async throws
        -> [UUID: [ReportView]]
    {
        guard !recipientIDs.isEmpty else { return [:] }
        var reports: [VisitReportModel]
        if let sql = database as? any SQLDatabase {
            let ids = try await sql.raw(
                """
                SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY recipient_id ORDER BY written_at DESC) AS n
                FROM visit_reports WHERE recipient_id IN (\(binds: Array(recipientIDs)))) AS ranked WHERE n <= \(bind: limit)
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            reports = ids.isEmpty ? [] : try await VisitReportModel.query(on: database).filter(\.$id ~~ ids).all()
        } else {
            reports = try await VisitReportModel.query(on: database).filter(\.$recipient.$id ~~ recipientIDs).all()
        }
        reports.sort { $0.writtenAt > $1.writtenAt }
        let views = try await self.views(reports, language: language, timeZone: timeZone)
        var byRecipient: [UUID: [ReportView]] = [:]
        for (report, view) in zip(reports, views) where byRecipient[report.$recipient.id, default: []].count < limit {
            byRecipient[report.$recipient.id, default: []].append(view)
        }
        return byRecipient
    }

    func views(_ reports: [VisitReportModel], language: String, timeZone: TimeZone) async throws -> [ReportView] {
        guard !reports.isEmpty else { return [] }
        let authors = try await StaffMemberModel.query(on: database).filter(\.$id ~~ Set(reports.map(\.authorID)))
            .all()
        let names = Dictionary(uniqueKeysWithValues: authors.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
        let visits = try await VisitModel.query(on: database).filter(\.$id ~~ Set(reports.map { $0.$visit.id }))
            .all()
        let titles = Dictionary(uniqueKeysWithValues: visits.map { ($0.id!, $0.title) })
        let measureIDs = Set(reports.flatMap(\.measuresDone))
        let measures =
            measureIDs.isEmpty
            ? [] : try await MeasureModel.query(on: database).filter(\.$id ~~ measureIDs).all()
        let measureNames = Dictionary(uniqueKeysWithValues: measures.map { ($0.id!, $0.title) })
        let photos = try await ReportPhotoModel.query(on: database).filter(\.$report.$id ~~ reports.compactMap(\.id))
            .field(\.$id).field(\.$report.$id).all()
        let timeFormat = Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: timeZone)
            .locale(Locale(identifier: language == "en" ? "en_GB" : "nb_NO"))
        return reports.map { report in
            var facts: [String] = []
            if let condition = report.condition.flatMap(GeneralCondition.init(rawValue:)) {
                facts.append(condition.name.text(in: language))
            }
            if let meal = report.meal.flatMap(MealEaten.init(rawValue:)) { facts.append(meal.name.text(in: language)) }
            if let pain = report.pain {
                facts.append(LocalizedText(nb: "Smerte \(pain)/10", en: "Pain \(pain)/10").text(in: language))
            }
            return ReportView(
                id: report.id!.uuidString, at: report.writtenAt.formatted(timeFormat),
                author: names[report.authorID] ?? "?", visit: titles[report.$visit.id] ?? "",
                measures: report.measuresDone.compactMap { measureNames[$0] }.joined(separator: ", "),
                observation: report.observation, facts: facts.joined(separator: " · "),
                followUp: report.needsFollowUp,
                photos: photos.filter { $0.$report.id == report.id }.map {
                    "/reports/\(report.id!.uuidString)/photos/\($0.id!.uuidString)"
                })
        }
    }
}

/// A report as pages and the tablet show it.
struct ReportView: Codable, Sendable {
    var id: String
    var at: String
    var author: String
    var visit: String
    var measures: String
    var observation: String
    var facts: String
    var followUp: Bool
    var photos: [String]
}

/// Why a report was refused.
enum VisitReportError: UserFacingError {
    case empty, tooLong, pain, tooManyPhotos, photoType, photoSize, photoContent, measure

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "\(self)" }
    var field: String? {
        switch self {
        case .empty, .tooLong: "observation"
        case .pain: "pain"
        case .tooManyPhotos, .photoType, .photoSize, .photoContent: "photos"
        case .measure: "measures"
        }
    }
    var message: LocalizedText {
        switch self {
        case .empty:
            LocalizedText(
                nb: "Rapporten er tom: kryss av tiltak, skriv en observasjon eller legg ved et bilde.",
                en: "The report is empty: tick measures, write an observation or attach a photo.")
        case .tooLong:
            LocalizedText(
                nb: "Observasjonen er lengre enn \(VisitReportService.maxObservation) tegn.",
                en: "The observation is longer than \(VisitReportService.maxObservation) characters.")
        case .pain: LocalizedText(nb: "Smerte angis fra 0 til 10.", en: "Pain is rated from 0 to 10.")
        case .tooManyPhotos:
            LocalizedText(
                nb: "Høyst \(VisitReportService.maxPhotos) bilder per rapport.",
                en: "At most \(VisitReportService.maxPhotos) photos per report.")
        case .photoType:
            LocalizedText(nb: "Bilder må være JPEG, PNG eller WebP.", en: "Photos must be JPEG, PNG or WebP.")
        case .photoSize: LocalizedText(nb: "Et bilde kan være høyst 5 MB.", en: "A photo may be at most 5 MB.")
        case .photoContent:
            LocalizedText(
                nb: "Et vedlagt bilde er ikke et bilde av typen det oppgir.",
                en: "An attached photo is not an image of the type it declares.")
        case .measure:
            LocalizedText(
                nb: "Et avkrysset tiltak hører ikke til denne tjenestemottakeren.",
                en: "A ticked measure does not belong to this care recipient.")
        }
    }
}
