import Foundation

/// Ansatt: a member of the home-care staff.
public struct StaffMember: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public var id: UUID
    /// The employer's number for the person; unique, used by imports to refer to them.
    public var employeeNumber: String
    /// Given name.
    public var givenName: String
    /// Family name.
    public var familyName: String
    /// What the person does.
    public var role: StaffRole
    /// What the person may do on a visit.
    public var competences: Set<Competence>
    /// Home zone; nil for roles that serve a whole unit (unit leader, alarm operator, admin).
    public var zoneID: UUID?
    /// Stillingsprosent: 1–100.
    public var employmentPercent: Int

    /// Creates a staff member; call `validate()` before storing it.
    public init(
        id: UUID = UUID(), employeeNumber: String, givenName: String, familyName: String,
        role: StaffRole, competences: Set<Competence>, zoneID: UUID?, employmentPercent: Int
    ) {
        self.id = id
        self.employeeNumber = employeeNumber
        self.givenName = givenName
        self.familyName = familyName
        self.role = role
        self.competences = competences
        self.zoneID = zoneID
        self.employmentPercent = employmentPercent
    }

    /// "Given Family".
    public var fullName: String { "\(givenName) \(familyName)" }

    /// Whether the person holds every competence in `required`.
    public func isQualified(for required: Set<Competence>) -> Bool { required.isSubset(of: competences) }

    /// The rules a staff member must satisfy.
    public func validate() throws {
        var found: [Violation] = []
        if employeeNumber.trimmingCharacters(in: .whitespaces).isEmpty {
            found.append(.required("employeeNumber"))
        }
        if givenName.trimmingCharacters(in: .whitespaces).isEmpty { found.append(.required("givenName")) }
        if familyName.trimmingCharacters(in: .whitespaces).isEmpty { found.append(.required("familyName")) }
        if !(1...100).contains(employmentPercent) {
            found.append(
                Violation(
                    field: "employmentPercent", code: "staff.employmentPercent",
                    message: LocalizedText(
                        nb: "Stillingsprosenten må være mellom 1 og 100.",
                        en: "Employment percentage must be between 1 and 100.")))
        }
        let nurseOnlyHeld = competences.intersection(Competence.nurseOnly)
        if !role.isRegisteredNurse, !nurseOnlyHeld.isEmpty {
            let names = nurseOnlyHeld.sorted().map(\.rawValue).joined(separator: ", ")
            found.append(
                Violation(
                    field: "competences", code: "staff.nurseOnlyCompetence",
                    message: LocalizedText(
                        nb: "Bare sykepleiere kan ha kompetansen \(names).",
                        en: "Only nurses may hold the competence \(names).")))
        }
        if role.makesVisits, zoneID == nil {
            found.append(
                Violation(
                    field: "zone", code: "staff.zoneRequired",
                    message: LocalizedText(
                        nb: "Ansatte som går besøk må høre til en sone.",
                        en: "Staff who make visits must belong to a zone.")))
        }
        try ValidationFailure.throwIfAny(found)
    }
}

extension Violation {
    /// A required field that is missing or blank.
    public static func required(_ field: String) -> Violation {
        Violation(
            field: field, code: "required",
            message: LocalizedText(nb: "Feltet «\(field)» må fylles ut.", en: "The field '\(field)' is required."))
    }
}
