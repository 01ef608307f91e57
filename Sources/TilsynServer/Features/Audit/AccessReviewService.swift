import Fluent
import Foundation
import TilsynCore

/// What a leader follows up: emergency accesses, refusals, and staff who opened unusually many records.
struct AccessReview: Sendable, Encodable {
    struct Emergency: Sendable, Encodable {
        var time: String
        var who: String
        var recipientID: String
        var recipientName: String
        var reason: String
    }

    struct Unusual: Sendable, Encodable {
        var day: String
        var who: String
        var count: Int
        var kind: String
    }

    /// A change to an account or a role: who, whom, what, before → after.
    struct AccountChange: Sendable, Encodable {
        var time: String
        var who: String
        var whom: String
        var action: String
        var detail: String
    }

    var from: String
    var to: String
    var emergencies: [Emergency]
    var unusual: [Unusual]
    var accountChanges: [AccountChange]
}

/// Builds the review list from the audit log.
struct AccessReviewService {
    let database: any Database
    let log: AccessLogService
    /// Distinct records opened by one person in one day above which it is flagged.
    var recordsPerDayThreshold = 30
    /// Refusals of one person in one day from which it is flagged.
    var denialsPerDayThreshold = 3

    func review(
        from: LocalDate, to: LocalDate, unitRecipients: Set<UUID>?, language: String
    ) async throws
        -> AccessReview
    {
        let events = try await AuditEventModel.query(on: database)
            .filter(\.$at >= log.start(of: from)).filter(\.$at < log.start(of: to.adding(days: 1)))
            .filter(
                \.$action ~~ [
                    AuditAction.emergencyGranted.rawValue, AuditAction.read.rawValue, AuditAction.denied.rawValue,
                ]
            )
            .sort(\.$at).all()
            .filter { event in unitRecipients.map { set in event.recipientID.map(set.contains) ?? false } ?? true }
        let names = try await recipientNames(Set(events.compactMap(\.recipientID)))
        let emergencies = events.filter { $0.action == AuditAction.emergencyGranted.rawValue }.map {
            AccessReview.Emergency(
                time: log.time($0.at), who: "\($0.actorName) (\($0.role))",
                recipientID: $0.recipientID?.uuidString ?? "", recipientName: names[$0.recipientID!] ?? "",
                reason: $0.emergencyReason ?? "")
        }
        var unusual: [AccessReview.Unusual] = []
        let byPersonDay = Dictionary(grouping: events) { event in
            "\(log.time(event.at).prefix(10))|\(event.actorName) (\(event.role))"
        }
        for (key, group) in byPersonDay.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            let opened = Set(group.filter { $0.action == AuditAction.read.rawValue }.compactMap(\.recipientID)).count
            let denied = group.filter { $0.action == AuditAction.denied.rawValue }.count
            if opened > recordsPerDayThreshold {
                unusual.append(
                    .init(
                        day: parts[0], who: parts[1], count: opened,
                        kind: LocalizedText(nb: "journaler åpnet", en: "records opened").text(in: language)))
            }
            if denied >= denialsPerDayThreshold {
                unusual.append(
                    .init(
                        day: parts[0], who: parts[1], count: denied,
                        kind: LocalizedText(nb: "nektede forsøk", en: "refused attempts").text(in: language)))
            }
        }
        return AccessReview(
            from: from.description, to: to.description, emergencies: emergencies.reversed(), unusual: unusual,
            accountChanges: try await accountChanges(from: from, to: to, language: language))
    }

    /// Every account and role change of the period, and every refused one, newest first.
    private func accountChanges(
        from: LocalDate, to: LocalDate, language: String
    ) async throws
        -> [AccessReview.AccountChange]
    {
        let actions: [AuditAction] = [
            .roleGranted, .accountCreated, .passwordSet, .passwordChanged, .accountDisabled, .accountEnabled,
        ]
        let events = try await AuditEventModel.query(on: database)
            .filter(\.$at >= log.start(of: from)).filter(\.$at < log.start(of: to.adding(days: 1)))
            .filter(\.$action ~~ (actions + [.denied]).map(\.rawValue)).filter(\.$detail != nil)
            .sort(\.$at, .descending).all()
            // Refused grants and account changes (`RoleGrantCheck`, `AccountService`), not other refusals.
            .filter {
                $0.action != AuditAction.denied.rawValue || $0.detail!.hasPrefix("role:")
                    || $0.detail!.hasPrefix("account of")
            }
        let ids = Set(events.compactMap(\.subjectStaffID))
        let staff = ids.isEmpty ? [] : try await StaffMemberModel.query(on: database).filter(\.$id ~~ Array(ids)).all()
        let names = Dictionary(uniqueKeysWithValues: staff.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
        return events.map {
            AccessReview.AccountChange(
                time: log.time($0.at), who: "\($0.actorName) (\($0.role))",
                whom: $0.subjectStaffID.flatMap { names[$0] } ?? "–",
                action: AccessLogService.actionText($0.action).text(in: language), detail: $0.detail ?? "")
        }
    }

    private func recipientNames(_ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let recipients = try await RecipientModel.query(on: database).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(uniqueKeysWithValues: recipients.map { ($0.id!, "\($0.givenName) \($0.familyName)") })
    }
}
