import Foundation
import TilsynCore
import Vapor

/// The body of `POST /api/v1/staff`.
struct StaffMemberRequest: Content {
    var employeeNumber: String
    var givenName: String
    var familyName: String
    var role: StaffRole
    var competences: [Competence]?
    var zoneId: UUID?
    var employmentPercent: Int?
}

/// A staff member in the JSON API.
struct StaffMemberResponse: Content {
    var id: UUID
    var employeeNumber: String
    var givenName: String
    var familyName: String
    var role: StaffRole
    var competences: [Competence]
    var zoneId: UUID?
    var employmentPercent: Int

    init(_ member: StaffMember) {
        id = member.id
        employeeNumber = member.employeeNumber
        givenName = member.givenName
        familyName = member.familyName
        role = member.role
        competences = member.competences.sorted()
        zoneId = member.zoneID
        employmentPercent = member.employmentPercent
    }
}

/// `/api/v1/staff`: list, create, read.
struct StaffAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped("staff")
        staff.get(use: list).classify(.noHealthData)
        staff.grouped(RequireRole.staffManagers).post(use: create).classify(.noHealthData)
        staff.get(":staffID", use: show).classify(.noHealthData)
    }

    @Sendable func list(req: Request) async throws -> [StaffMemberResponse] {
        let zone = try req.query.get(UUID?.self, at: "zone")
        return try await StaffRepository(database: req.db).list(zoneID: zone).map(StaffMemberResponse.init)
    }

    /// Creates a staff member with a role, if the signed-in user may grant that role there (`RoleGrants`).
    @Sendable func create(req: Request) async throws -> Response {
        let body = try req.content.decode(StaffMemberRequest.self)
        try await RoleGrantCheck.require(body.role, zoneID: body.zoneId, subject: nil, request: req)
        let member = StaffMember(
            employeeNumber: body.employeeNumber, givenName: body.givenName, familyName: body.familyName,
            role: body.role, competences: Set(body.competences ?? []), zoneID: body.zoneId,
            employmentPercent: body.employmentPercent ?? 100)
        let created = try await StaffRepository(database: req.db).create(member)
        try await AuditLog.record(
            [
                .init(
                    recipientID: nil, action: .roleGranted, parts: [], basis: nil, subjectStaffID: created.id,
                    detail: "role: – → \(created.role.rawValue) (zone \(created.zoneID?.uuidString ?? "–"))")
            ], request: req)
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/staff/\(created.id)")
        try response.content.encode(StaffMemberResponse(created))
        return response
    }

    @Sendable func show(req: Request) async throws -> StaffMemberResponse {
        let id = try req.uuidParameter("staffID", notFound: .staffMember)
        return StaffMemberResponse(try await StaffRepository(database: req.db).find(id))
    }
}
