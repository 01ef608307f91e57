import Foundation

/// Where travel times come from: an estimate from coordinates, a matrix from a file, or (later) a
/// routing service. Minutes, possibly fractional.
public protocol TravelTimeSource: Sendable {
    func minutes(from: Place, to: Place, mode: TravelMode) -> Double
}

/// Great-circle distance times a detour factor, at a speed per travel mode. The defaults suit a
/// Norwegian town: roads wind around fjords and hills, so the detour factor is generous.
public struct GreatCircleTravel: TravelTimeSource, Hashable {
    public var detourFactor: Double
    public var kilometresPerHour: [TravelMode: Double]
    /// Added to every trip between two different places: parking, stairs, finding the door.
    public var fixedMinutes: Double

    public init(
        detourFactor: Double = 1.4, kilometresPerHour: [TravelMode: Double] = [.car: 35, .bicycle: 14, .walking: 4.5],
        fixedMinutes: Double = 2
    ) {
        self.detourFactor = detourFactor
        self.kilometresPerHour = kilometresPerHour
        self.fixedMinutes = fixedMinutes
    }

    public func minutes(from: Place, to: Place, mode: TravelMode) -> Double {
        if from == to { return 0 }
        let kilometres = Self.kilometres(from, to) * detourFactor
        return kilometres / (kilometresPerHour[mode] ?? 30) * 60 + fixedMinutes
    }

    /// Haversine distance on a sphere of the Earth's mean radius.
    public static func kilometres(_ a: Place, _ b: Place) -> Double {
        let radians = Double.pi / 180
        let dLatitude = (b.latitude - a.latitude) * radians
        let dLongitude = (b.longitude - a.longitude) * radians
        let h =
            sin(dLatitude / 2) * sin(dLatitude / 2) + cos(a.latitude * radians) * cos(b.latitude * radians)
            * sin(dLongitude / 2) * sin(dLongitude / 2)
        return 2 * 6371.0 * asin(min(1, h.squareRoot()))
    }
}

/// Travel times read from a matrix (for example exported from a routing service), with a fallback
/// source for pairs the matrix lacks.
public struct MatrixTravel: TravelTimeSource {
    private let table: [PlacePair: Double]
    private let fallback: any TravelTimeSource

    struct PlacePair: Hashable {
        var from: Place
        var to: Place
        var mode: TravelMode
    }

    public init(fallback: any TravelTimeSource = GreatCircleTravel()) {
        self.table = [:]
        self.fallback = fallback
    }

    /// Reads CSV lines `from_lat,from_lon,to_lat,to_lon,mode,minutes` (a header line is allowed).
    public init(csv: String, fallback: any TravelTimeSource = GreatCircleTravel()) throws(TravelMatrixError) {
        var table: [PlacePair: Double] = [:]
        for (index, raw) in csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || (index == 0 && line.lowercased().hasPrefix("from")) { continue }
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 6, let fromLatitude = Double(fields[0]), let fromLongitude = Double(fields[1]),
                let toLatitude = Double(fields[2]), let toLongitude = Double(fields[3])
            else {
                throw TravelMatrixError(
                    line: index + 1, reason: "expected from_lat,from_lon,to_lat,to_lon,mode,minutes")
            }
            guard let mode = TravelMode(rawValue: fields[4]) else {
                throw TravelMatrixError(
                    line: index + 1, reason: "unknown travel mode '\(fields[4])' (car, walking, bicycle)")
            }
            guard let minutes = Double(fields[5]), minutes >= 0 else {
                throw TravelMatrixError(line: index + 1, reason: "minutes must be a number of at least 0")
            }
            let pair = PlacePair(
                from: Place(latitude: fromLatitude, longitude: fromLongitude),
                to: Place(latitude: toLatitude, longitude: toLongitude), mode: mode)
            table[pair] = minutes
        }
        self.table = table
        self.fallback = fallback
    }

    public var count: Int { table.count }

    public func minutes(from: Place, to: Place, mode: TravelMode) -> Double {
        if from == to { return 0 }
        return table[PlacePair(from: from, to: to, mode: mode)] ?? fallback.minutes(from: from, to: to, mode: mode)
    }
}

/// A travel matrix file with a line at fault.
public struct TravelMatrixError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}
