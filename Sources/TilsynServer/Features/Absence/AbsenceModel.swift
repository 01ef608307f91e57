import Fluent
import Foundation
import TilsynCore

/// Why a staff member is away (R7, R41). Medical content is never recorded, only the kind.
enum AbsenceKind: String, Codable, Sendable, CaseIterable {
    /// Egenmelding.
    case selfCertified
    /// Sykmelding fra lege.
    case doctorCertified
    /// Ferie.
    case holiday
    /// Annet fravær.
    case other

    var displayName: LocalizedText {
        switch self {
        case .selfCertified: LocalizedText(nb: "Egenmelding", en: "Self-certified")
        case .doctorCertified: LocalizedText(nb: "Sykmelding", en: "Doctor-certified")
        case .holiday: LocalizedText(nb: "Ferie", en: "Holiday")
        case .other: LocalizedText(nb: "Annet", en: "Other")
        }
    }
}

/// A staff member's absence from a date (and a time of day on that date, for a sick call during
/// a shift) through a last date. The planner leaves absent staff out from then on.
final class AbsenceModel: Model, @unchecked Sendable {
    static let schema = "absences"
    @ID(key: .id) var id: UUID?
    @Parent(key: "staff_id") var staff: StaffMemberModel
    @Field(key: "kind") var kind: String
    @Field(key: "first_date") var firstDate: String
    @Field(key: "last_date") var lastDate: String
    /// Minutes after midnight on the first date when the absence begins; nil for the whole day.
    @OptionalField(key: "from_minute") var fromMinute: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalParent(key: "created_by") var createdBy: StaffMemberModel?

    init() {}

    init(staffID: UUID, kind: AbsenceKind, first: LocalDate, last: LocalDate, fromMinute: Int?, by: UUID?) {
        $staff.id = staffID
        self.kind = kind.rawValue
        firstDate = first.description
        lastDate = last.description
        self.fromMinute = fromMinute
        createdAt = Date()
        $createdBy.id = by
    }

    /// From which minute of `date` the person is away: 0 for the whole day, nil when not away.
    func awayFrom(on date: LocalDate) -> Int? {
        let day = date.description
        guard firstDate <= day, day <= lastDate else { return nil }
        return day == firstDate ? (fromMinute ?? 0) : 0
    }
}

struct CreateAbsences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AbsenceModel.schema)
            .id()
            .field("staff_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("kind", .string, .required)
            .field("first_date", .string, .required)
            .field("last_date", .string, .required)
            .field("from_minute", .int)
            .field("created_at", .datetime, .required)
            .field("created_by", .uuid, .references(StaffMemberModel.schema, "id"))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AbsenceModel.schema).delete()
    }
}
