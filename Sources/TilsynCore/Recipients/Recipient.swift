import Foundation

/// Tjenestemottaker: a person who receives home care.
public struct Recipient: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public var id: UUID
    /// Fødselsnummer; unique.
    public var nationalID: NationalIdentityNumber
    /// Given name.
    public var givenName: String
    /// Family name.
    public var familyName: String
    /// Home address, where visits take place.
    public var address: Address
    /// The zone that serves the recipient.
    public var zoneID: UUID
    /// Where the key is and how to open (nøkkelboks); shown only to those on the visit.
    public var keySafeNote: String
    /// Preferred language, e.g. "norsk", "samisk", "engelsk".
    public var language: String
    /// Relatives, GP, case worker, caretaker and others (R60).
    public var contacts: [Contact]
    /// Primærkontakt: the staff member chosen on knowledge and chemistry (R4).
    public var primaryContactID: UUID?

    /// Creates a recipient; call `validate()` before storing it.
    public init(
        id: UUID = UUID(), nationalID: NationalIdentityNumber, givenName: String, familyName: String,
        address: Address, zoneID: UUID, keySafeNote: String = "", language: String = "norsk",
        contacts: [Contact] = [], primaryContactID: UUID? = nil
    ) {
        self.id = id
        self.nationalID = nationalID
        self.givenName = givenName
        self.familyName = familyName
        self.address = address
        self.zoneID = zoneID
        self.keySafeNote = keySafeNote
        self.language = language
        self.contacts = contacts
        self.primaryContactID = primaryContactID
    }

    /// "Given Family".
    public var fullName: String { "\(givenName) \(familyName)" }

    /// The fixed case worker at the allocation office, if one is on the contact list (R60).
    public var caseWorker: Contact? { contacts.first { $0.kind == .caseWorker } }

    /// The rules a recipient must satisfy.
    public func validate() throws {
        var found: [Violation] = []
        if givenName.trimmingCharacters(in: .whitespaces).isEmpty { found.append(.required("givenName")) }
        if familyName.trimmingCharacters(in: .whitespaces).isEmpty { found.append(.required("familyName")) }
        found += address.violations(prefix: "address.")
        for (index, contact) in contacts.enumerated()
        where contact.name.trimmingCharacters(in: .whitespaces).isEmpty {
            found.append(.required("contacts[\(index)].name"))
        }
        try ValidationFailure.throwIfAny(found)
    }
}
