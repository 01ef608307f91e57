import Fluent
import Foundation
import TilsynCore
import Vapor

/// An employee number that is already taken.
struct DuplicateEmployeeNumberError: UserFacingError {
    var status: HTTPResponseStatus { .conflict }
    var code: String { "duplicateEmployeeNumber" }
    var field: String? { "employeeNumber" }
    var message: LocalizedText {
        LocalizedText(
            nb: "Ansattnummeret er allerede i bruk.", en: "The employee number is already in use.")
    }
}

/// Reads and adds staff members.
struct StaffRepository {
    let database: any Database

    func find(_ id: UUID) async throws -> StaffMember {
        guard let model = try await StaffMemberModel.find(id, on: database) else { throw NotFoundError.staffMember }
        return model.domain
    }

    func list(zoneID: UUID?) async throws -> [StaffMember] {
        var query = StaffMemberModel.query(on: database)
        if let zoneID { query = query.filter(\.$zone.$id == zoneID) }
        return try await query.sort(\.$familyName).sort(\.$givenName).all().map(\.domain)
    }

    func create(_ member: StaffMember) async throws -> StaffMember {
        try member.validate()
        if let zone = member.zoneID, try await ZoneModel.find(zone, on: database) == nil {
            throw UnknownReferenceError(field: "zoneId", value: zone.uuidString)
        }
        if try await StaffMemberModel.query(on: database).filter(\.$employeeNumber == member.employeeNumber).count() > 0
        {
            throw DuplicateEmployeeNumberError()
        }
        do {
            try await StaffMemberModel(member).create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DuplicateEmployeeNumberError()
        }
        return member
    }
}
