import Foundation

/// The kind of service a decision grants.
public enum ServiceType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Helsetjenester i hjemmet (hjemmesykepleie).
    case homeNursing
    /// Praktisk bistand (hjemmehjelp).
    case practicalAssistance
    /// Praktisk bistand – opplæring.
    case trainingInDailyLiving
    /// Trygghetsalarm.
    case safetyAlarm
    /// Avlastning i hjemmet.
    case respiteCare

    /// Name for people.
    public var displayName: LocalizedText {
        switch self {
        case .homeNursing: LocalizedText(nb: "Helsetjenester i hjemmet", en: "Home nursing")
        case .practicalAssistance: LocalizedText(nb: "Praktisk bistand", en: "Practical assistance")
        case .trainingInDailyLiving:
            LocalizedText(nb: "Praktisk bistand – opplæring", en: "Training in daily living")
        case .safetyAlarm: LocalizedText(nb: "Trygghetsalarm", en: "Safety alarm")
        case .respiteCare: LocalizedText(nb: "Avlastning", en: "Respite care")
        }
    }
}

/// Vedtak: the allocation office's decision granting a recipient a service, for a period (R6).
public struct Decision: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public var id: UUID
    /// Whom the decision is for.
    public var recipientID: UUID
    /// What is granted.
    public var serviceType: ServiceType
    /// Vedtakstimer: hours granted per week.
    public var hoursPerWeek: Double
    /// First day the decision is valid.
    public var validFrom: LocalDate
    /// Last day the decision is valid; nil means until further notice.
    public var validTo: LocalDate?

    /// Creates a decision; call `validate()` before storing it.
    public init(
        id: UUID = UUID(), recipientID: UUID, serviceType: ServiceType, hoursPerWeek: Double,
        validFrom: LocalDate, validTo: LocalDate?
    ) {
        self.id = id
        self.recipientID = recipientID
        self.serviceType = serviceType
        self.hoursPerWeek = hoursPerWeek
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// Whether the decision covers `date`.
    public func isValid(on date: LocalDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }

    /// Whether the decision's period ended before `date`.
    public func hasExpired(on date: LocalDate) -> Bool { validTo.map { $0 < date } ?? false }

    /// Days left of the decision on `date` (0 on its last day), or nil if it has no end.
    public func daysLeft(on date: LocalDate) -> Int? { validTo.map { date.days(until: $0) } }

    /// The rules a decision must satisfy.
    public func validate() throws {
        var found: [Violation] = []
        if !(hoursPerWeek >= 0 && hoursPerWeek <= 168) {
            found.append(
                Violation(
                    field: "hoursPerWeek", code: "decision.hoursPerWeek",
                    message: LocalizedText(
                        nb: "Timer per uke må være mellom 0 og 168.", en: "Hours per week must be between 0 and 168.")))
        }
        if let validTo, validTo < validFrom {
            found.append(
                Violation(
                    field: "validTo", code: "decision.period",
                    message: LocalizedText(
                        nb: "Vedtaket kan ikke slutte (\(validTo)) før det begynner (\(validFrom)).",
                        en: "The decision cannot end (\(validTo)) before it starts (\(validFrom)).")))
        }
        try ValidationFailure.throwIfAny(found)
    }
}
