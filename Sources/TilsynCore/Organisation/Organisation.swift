import Foundation

/// Kommune: the municipality that runs the home care.
public struct Municipality: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public var id: UUID
    /// Name, e.g. "Tromsø kommune".
    public var name: String

    /// Creates a municipality.
    public init(id: UUID = UUID(), name: String) {
        self.id = id
        self.name = name
    }
}

/// Enhet: an area unit of the home care, led by a unit leader.
public struct CareUnit: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public var id: UUID
    /// The municipality the unit belongs to.
    public var municipalityID: UUID
    /// Name, e.g. "Hjemmetjenesten Tromsøya".
    public var name: String

    /// Creates a unit.
    public init(id: UUID = UUID(), municipalityID: UUID, name: String) {
        self.id = id
        self.municipalityID = municipalityID
        self.name = name
    }
}

/// Sone / avdeling: a zone of a unit, led by a department leader; the studies keep it under 20 staff.
public struct Zone: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public var id: UUID
    /// The unit the zone belongs to.
    public var unitID: UUID
    /// Name, e.g. "Sentrum".
    public var name: String

    /// Creates a zone.
    public init(id: UUID = UUID(), unitID: UUID, name: String) {
        self.id = id
        self.unitID = unitID
        self.name = name
    }

    /// The size above which the studies found close leadership hard.
    public static let recommendedMaximumStaff = 20
}
