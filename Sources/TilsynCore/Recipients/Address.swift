/// A point on the map, WGS 84 degrees.
public struct Coordinate: Sendable, Hashable, Codable {
    /// Latitude in degrees, −90…90.
    public var latitude: Double
    /// Longitude in degrees, −180…180.
    public var longitude: Double

    /// Creates a coordinate.
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Whether both values are inside their ranges.
    public var isValid: Bool { (-90...90).contains(latitude) && (-180...180).contains(longitude) }
}

/// A street address with its position, used for visits and navigation (R15).
public struct Address: Sendable, Hashable, Codable {
    /// Street and number, e.g. "Storgata 12".
    public var street: String
    /// Four-digit Norwegian postal code.
    public var postalCode: String
    /// Poststed, e.g. "Tromsø".
    public var city: String
    /// Where the door is.
    public var coordinate: Coordinate

    /// Creates an address.
    public init(street: String, postalCode: String, city: String, coordinate: Coordinate) {
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.coordinate = coordinate
    }

    /// "Storgata 12, 9008 Tromsø".
    public var singleLine: String { "\(street), \(postalCode) \(city)" }

    /// The rules an address must satisfy; fields are prefixed with `prefix`.
    public func violations(prefix: String = "") -> [Violation] {
        var found: [Violation] = []
        if street.trimmingCharacters(in: .whitespaces).isEmpty { found.append(.required(prefix + "street")) }
        if city.trimmingCharacters(in: .whitespaces).isEmpty { found.append(.required(prefix + "city")) }
        if postalCode.count != 4 || !postalCode.allSatisfy(\.isNumber) {
            found.append(
                Violation(
                    field: prefix + "postalCode", code: "address.postalCode",
                    message: LocalizedText(
                        nb: "Postnummeret må ha fire siffer.", en: "The postal code must have four digits.")))
        }
        if !coordinate.isValid {
            found.append(
                Violation(
                    field: prefix + "coordinate", code: "address.coordinate",
                    message: LocalizedText(
                        nb: "Koordinatene er utenfor gyldig område.", en: "The coordinates are out of range.")))
        }
        return found
    }
}
