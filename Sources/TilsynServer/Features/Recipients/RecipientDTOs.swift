import Foundation
import TilsynCore
import Vapor

/// An address in the JSON API.
struct AddressDTO: Content {
    var street: String
    var postalCode: String
    var city: String
    var latitude: Double
    var longitude: Double

    init(_ address: Address) {
        street = address.street
        postalCode = address.postalCode
        city = address.city
        latitude = address.coordinate.latitude
        longitude = address.coordinate.longitude
    }

    var domain: Address {
        Address(
            street: street, postalCode: postalCode, city: city,
            coordinate: Coordinate(latitude: latitude, longitude: longitude))
    }
}

/// The body of `POST /api/v1/recipients` and, with `reason`, of `PUT /api/v1/recipients/{id}`.
struct RecipientRequest: Content {
    var nationalId: String
    var givenName: String
    var familyName: String
    var address: AddressDTO
    var zoneId: UUID
    var keySafeNote: String?
    var language: String?
    var contacts: [Contact]?
    var primaryContactId: UUID?
    /// For updates: the version the client edited (409 if someone changed it since).
    var version: Int?
    /// For updates: why the change is made.
    var reason: String?

    func domain(id: UUID) throws -> Recipient {
        Recipient(
            id: id, nationalID: try NationalIdentityNumber(nationalId), givenName: givenName, familyName: familyName,
            address: address.domain, zoneID: zoneId, keySafeNote: keySafeNote ?? "", language: language ?? "norsk",
            contacts: contacts ?? [], primaryContactID: primaryContactId)
    }
}

/// A recipient in the JSON API.
struct RecipientResponse: Content {
    var id: UUID
    var nationalId: String
    var givenName: String
    var familyName: String
    var address: AddressDTO
    var zoneId: UUID
    var keySafeNote: String
    var language: String
    var contacts: [Contact]
    var primaryContactId: UUID?
    var version: Int

    init(_ recipient: Recipient, version: Int) {
        id = recipient.id
        nationalId = recipient.nationalID.value
        givenName = recipient.givenName
        familyName = recipient.familyName
        address = AddressDTO(recipient.address)
        zoneId = recipient.zoneID
        keySafeNote = recipient.keySafeNote
        language = recipient.language
        contacts = recipient.contacts
        primaryContactId = recipient.primaryContactID
        self.version = version
    }
}

extension ChangeContext {
    /// The context of an API change: the request's author and the body's reason, which an update requires.
    static func from(_ request: Request, reason: String?, required: Bool) throws -> ChangeContext {
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if required, trimmed.isEmpty { throw ReasonRequiredError() }
        return ChangeContext(author: request.changeAuthor, reason: trimmed.isEmpty ? "Opprettet" : trimmed)
    }
}

extension Request {
    /// A UUID path parameter, or 404 when it is not one (no record can have that id).
    func uuidParameter(_ name: String, notFound: NotFoundError) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw notFound }
        return id
    }
}
