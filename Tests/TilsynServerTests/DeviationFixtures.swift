import Foundation
import Vapor

@testable import TilsynServer

extension Application {
    /// Files an open deviation in a zone, about a recipient when one is given, `daysAgo` days ago
    /// and to be followed up `followUpInDays` from now (negative: overdue).
    @discardableResult
    func fileDeviation(
        zone: UUID?, recipient: UUID? = nil, by reporter: UUID, what: String, category: String, severity: String,
        daysAgo: Double = 0, followUpInDays: Double
    ) async throws -> DeviationModel {
        let deviation = DeviationModel()
        deviation.$reporter.id = reporter
        deviation.anonymousToColleagues = false
        deviation.$zone.id = zone
        deviation.$recipient.id = recipient
        deviation.what = what
        deviation.place = ""
        deviation.category = category
        deviation.severity = severity
        deviation.status = "open"
        deviation.occurredAt = Date().addingTimeInterval(-daysAgo * 86_400)
        deviation.reportedAt = deviation.occurredAt
        deviation.followUpBy = Date().addingTimeInterval(followUpInDays * 86_400)
        try await deviation.save(on: db)
        return deviation
    }
}
