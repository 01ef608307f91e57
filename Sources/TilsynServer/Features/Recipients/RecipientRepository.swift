import Fluent
import Foundation
import TilsynCore
import Vapor

/// A recipient whose national id is already registered.
struct DuplicateNationalIDError: UserFacingError {
    var status: HTTPResponseStatus { .conflict }
    var code: String { "duplicateNationalId" }
    var field: String? { "nationalId" }
    var message: LocalizedText {
        LocalizedText(
            nb: "Det finnes allerede en tjenestemottaker med dette fødselsnummeret.",
            en: "A care recipient with this national identity number already exists.")
    }
}

/// Reads and changes recipients; every change is versioned.
struct RecipientRepository {
    let database: any Database

    func find(_ id: UUID) async throws -> Recipient {
        guard let model = try await RecipientModel.find(id, on: database) else { throw NotFoundError.recipient }
        return model.domain
    }

    func model(_ id: UUID) async throws -> RecipientModel {
        guard let model = try await RecipientModel.find(id, on: database) else { throw NotFoundError.recipient }
        return model
    }

    /// Recipients matching every word of `query` (name, national id, street), in a zone if given.
    func search(query: String?, zoneID: UUID?, limit: Int = 500) async throws -> [RecipientModel] {
        var builder = RecipientModel.query(on: database)
        if let zoneID { builder = builder.filter(\.$zone.$id == zoneID) }
        let words = (query ?? "").lowercased().split(separator: " ").map(String.init).prefix(5)
        for word in words { builder = builder.filter(\.$searchText ~~ word) }
        return try await builder.sort(\.$familyName).sort(\.$givenName).limit(limit).all()
    }

    /// Stores a new recipient after checking its rules and references.
    func create(_ recipient: Recipient, context: ChangeContext) async throws -> Recipient {
        try recipient.validate()
        try await checkReferences(recipient, excluding: nil)
        return try await database.writeTransaction { database in
            let model = RecipientModel(recipient)
            do {
                try await model.create(on: database)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Two requests raced past the check above; the unique index decides.
                throw DuplicateNationalIDError()
            }
            try await VersionHistory.record(
                .recipient, id: recipient.id, version: 1, change: "created", value: recipient, context: context,
                on: database)
            return recipient
        }
    }

    /// Replaces a recipient's data, keeping the earlier version.
    func update(_ recipient: Recipient, expectedVersion: Int?, context: ChangeContext) async throws -> Int {
        try recipient.validate()
        try await checkReferences(recipient, excluding: recipient.id)
        return try await database.writeTransaction { database in
            guard let model = try await RecipientModel.find(recipient.id, on: database) else {
                throw NotFoundError.recipient
            }
            try VersionHistory.checkVersion(expected: expectedVersion, current: model.version)
            model.update(from: recipient)
            model.version += 1
            try await model.save(on: database)
            try await VersionHistory.record(
                .recipient, id: recipient.id, version: model.version, change: "updated", value: recipient,
                context: context, on: database)
            return model.version
        }
    }

    private func checkReferences(_ recipient: Recipient, excluding id: UUID?) async throws {
        var duplicate = RecipientModel.query(on: database).filter(\.$nationalID == recipient.nationalID.value)
        if let id { duplicate = duplicate.filter(\.$id != id) }
        if try await duplicate.count() > 0 { throw DuplicateNationalIDError() }
        if try await ZoneModel.find(recipient.zoneID, on: database) == nil {
            throw UnknownReferenceError(field: "zoneId", value: recipient.zoneID.uuidString)
        }
        if let contact = recipient.primaryContactID, try await StaffMemberModel.find(contact, on: database) == nil {
            throw UnknownReferenceError(field: "primaryContactId", value: contact.uuidString)
        }
    }
}
