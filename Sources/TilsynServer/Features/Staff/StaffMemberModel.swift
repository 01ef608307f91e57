import Fluent
import Foundation
import TilsynCore

final class StaffMemberModel: Model, @unchecked Sendable {
    static let schema = "staff_members"
    @ID(key: .id) var id: UUID?
    @Field(key: "employee_number") var employeeNumber: String
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String
    @Field(key: "role") var role: String
    @Field(key: "competences") var competences: [String]
    @OptionalParent(key: "zone_id") var zone: ZoneModel?
    @Field(key: "employment_percent") var employmentPercent: Int

    init() {}

    init(_ member: StaffMember) {
        id = member.id
        update(from: member)
    }

    func update(from member: StaffMember) {
        employeeNumber = member.employeeNumber
        givenName = member.givenName
        familyName = member.familyName
        role = member.role.rawValue
        competences = member.competences.sorted().map(\.rawValue)
        $zone.id = member.zoneID
        employmentPercent = member.employmentPercent
    }

    var domain: StaffMember {
        StaffMember(
            id: id!, employeeNumber: employeeNumber, givenName: givenName, familyName: familyName,
            role: StaffRole(rawValue: role) ?? .assistant, competences: Set(competences.compactMap(Competence.init)),
            zoneID: $zone.id, employmentPercent: employmentPercent)
    }
}

struct CreateStaffMembers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffMemberModel.schema)
            .id()
            .field("employee_number", .string, .required)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("role", .string, .required)
            .field("competences", .array(of: .string), .required)
            .field("zone_id", .uuid, .references(ZoneModel.schema, "id"))
            .field("employment_percent", .int, .required)
            .unique(on: "employee_number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffMemberModel.schema).delete()
    }
}
