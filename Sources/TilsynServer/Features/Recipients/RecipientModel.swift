import Fluent
import Foundation
import TilsynCore

final class RecipientModel: Model, @unchecked Sendable {
    static let schema = "recipients"
    @ID(key: .id) var id: UUID?
    @Field(key: "national_id") var nationalID: String
    @Field(key: "given_name") var givenName: String
    @Field(key: "family_name") var familyName: String
    @Field(key: "street") var street: String
    @Field(key: "postal_code") var postalCode: String
    @Field(key: "city") var city: String
    @Field(key: "latitude") var latitude: Double
    @Field(key: "longitude") var longitude: Double
    @Parent(key: "zone_id") var zone: ZoneModel
    @Field(key: "key_safe_note") var keySafeNote: String
    @Field(key: "language") var language: String
    @Field(key: "contacts") var contacts: [Contact]
    @OptionalParent(key: "primary_contact_id") var primaryContact: StaffMemberModel?
    /// Lower-cased name, national id and street, for search.
    @Field(key: "search_text") var searchText: String
    @Field(key: "version") var version: Int

    init() {}

    init(_ recipient: Recipient) {
        id = recipient.id
        version = 1
        update(from: recipient)
    }

    func update(from recipient: Recipient) {
        nationalID = recipient.nationalID.value
        givenName = recipient.givenName
        familyName = recipient.familyName
        street = recipient.address.street
        postalCode = recipient.address.postalCode
        city = recipient.address.city
        latitude = recipient.address.coordinate.latitude
        longitude = recipient.address.coordinate.longitude
        $zone.id = recipient.zoneID
        keySafeNote = recipient.keySafeNote
        language = recipient.language
        contacts = recipient.contacts
        $primaryContact.id = recipient.primaryContactID
        searchText = [recipient.givenName, recipient.familyName, recipient.nationalID.value, recipient.address.street]
            .joined(separator: " ").lowercased()
    }

    var domain: Recipient {
        Recipient(
            id: id!, nationalID: try! NationalIdentityNumber(nationalID), givenName: givenName, familyName: familyName,
            address: Address(
                street: street, postalCode: postalCode, city: city,
                coordinate: Coordinate(latitude: latitude, longitude: longitude)),
            zoneID: $zone.id, keySafeNote: keySafeNote, language: language, contacts: contacts,
            primaryContactID: $primaryContact.id)
    }
}

struct CreateRecipients: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RecipientModel.schema)
            .id()
            .field("national_id", .string, .required)
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            .field("street", .string, .required)
            .field("postal_code", .string, .required)
            .field("city", .string, .required)
            .field("latitude", .double, .required)
            .field("longitude", .double, .required)
            .field("zone_id", .uuid, .required, .references(ZoneModel.schema, "id"))
            .field("key_safe_note", .string, .required)
            .field("language", .string, .required)
            .field("contacts", .array(of: .json), .required)
            .field("primary_contact_id", .uuid, .references(StaffMemberModel.schema, "id"))
            .field("search_text", .string, .required)
            .field("version", .int, .required)
            .unique(on: "national_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecipientModel.schema).delete()
    }
}
