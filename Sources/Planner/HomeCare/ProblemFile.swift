import Foundation

/// A day to plan as a JSON file: what `tilsyn plan day` reads, and what `tilsyn plan example-day`
/// writes. Travel is the great-circle estimate with the given settings.
public struct ProblemFile: Sendable, Codable {
    public var visits: [CareVisit]
    public var staff: [StaffShift]
    public var weights: ObjectiveWeights?
    public var recentCaregivers: [String: Set<String>]?
    public var travel: TravelSettings?

    public init(_ problem: HomeCareProblem, travel: TravelSettings? = nil) {
        visits = problem.visits
        staff = problem.staff
        weights = problem.weights
        recentCaregivers = problem.recentCaregivers
        self.travel = travel
    }

    public var problem: HomeCareProblem {
        HomeCareProblem(
            visits: visits, staff: staff, travel: (travel ?? TravelSettings()).source,
            weights: weights ?? ObjectiveWeights(), recentCaregivers: recentCaregivers ?? [:])
    }

    /// Reads a problem file; a JSON error names the path in the file where it went wrong.
    public static func read(_ data: Data) throws(ProblemFileError) -> ProblemFile {
        do {
            return try JSONDecoder().decode(ProblemFile.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw ProblemFileError(reason: "not valid JSON at \(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw ProblemFileError(reason: "\(path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ProblemFileError(
                reason: "\(path(context.codingPath)) has the wrong type: \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ProblemFileError(reason: "\(path(context.codingPath)) is null")
        } catch {
            throw ProblemFileError(reason: "\(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

/// Settings of the great-circle travel estimate in a problem file.
public struct TravelSettings: Sendable, Codable, Hashable {
    public var detourFactor = 1.4
    public var carKilometresPerHour = 35.0
    public var bicycleKilometresPerHour = 14.0
    public var walkingKilometresPerHour = 4.5
    public var fixedMinutes = 2.0

    public init() {}

    public var source: GreatCircleTravel {
        GreatCircleTravel(
            detourFactor: detourFactor,
            kilometresPerHour: [
                .car: carKilometresPerHour, .bicycle: bicycleKilometresPerHour, .walking: walkingKilometresPerHour,
            ], fixedMinutes: fixedMinutes)
    }
}

public struct ProblemFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
