import Foundation
import TilsynCore
import Vapor

/// What an intake assessment asks (R17): who the person is, why they applied, how they live, how
/// they manage daily life (the IPLOS-style 1–5 scale the municipalities report on), risks in the
/// home, the services they ask for, a relative, consent, and the assessor's notes.
struct IntakeAnswers: Codable, Sendable, Equatable {
    var givenName = ""
    var familyName = ""
    /// YYYY-MM-DD, or empty.
    var birthDate = ""
    var address = ""
    var phone = ""
    var referredBy = ""
    var reason = ""
    var living = ""
    /// Area (`IntakeArea`) → level 1 (manages alone) … 5 (needs full help).
    var functions: [String: Int] = [:]
    var risks: [String] = []
    var services: [String] = []
    var relativeName = ""
    var relativePhone = ""
    var consent = false
    var notes = ""

    var name: String { "\(givenName) \(familyName)".trimmingCharacters(in: .whitespaces) }

    init() {}

    /// As stored: keys sorted, so the same answers always read the same.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A draft may leave out anything: what is missing reads as not answered.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        givenName = try c.decodeIfPresent(String.self, forKey: .givenName) ?? ""
        familyName = try c.decodeIfPresent(String.self, forKey: .familyName) ?? ""
        birthDate = try c.decodeIfPresent(String.self, forKey: .birthDate) ?? ""
        address = try c.decodeIfPresent(String.self, forKey: .address) ?? ""
        phone = try c.decodeIfPresent(String.self, forKey: .phone) ?? ""
        referredBy = try c.decodeIfPresent(String.self, forKey: .referredBy) ?? ""
        reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
        living = try c.decodeIfPresent(String.self, forKey: .living) ?? ""
        functions = try c.decodeIfPresent([String: Int].self, forKey: .functions) ?? [:]
        risks = try c.decodeIfPresent([String].self, forKey: .risks) ?? []
        services = try c.decodeIfPresent([String].self, forKey: .services) ?? []
        relativeName = try c.decodeIfPresent(String.self, forKey: .relativeName) ?? ""
        relativePhone = try c.decodeIfPresent(String.self, forKey: .relativePhone) ?? ""
        consent = try c.decodeIfPresent(Bool.self, forKey: .consent) ?? false
        notes = try c.decodeIfPresent(String.self, forKey: .notes) ?? ""
    }

    /// The form's label for a field, as the person sees it.
    static func label(_ field: String) -> LocalizedText {
        switch field {
        case "givenName": LocalizedText(nb: "Fornavn", en: "Given name")
        case "familyName": LocalizedText(nb: "Etternavn", en: "Family name")
        case "address": LocalizedText(nb: "Adresse", en: "Address")
        case "phone": LocalizedText(nb: "Telefon", en: "Phone")
        case "reason": LocalizedText(nb: "Hva søkes det hjelp til", en: "What help is asked for")
        case "relativeName": LocalizedText(nb: "Pårørende", en: "Relative")
        case "relativePhone": LocalizedText(nb: "Pårørendes telefon", en: "Relative's phone")
        case "notes": LocalizedText(nb: "Notater", en: "Notes")
        case "referredBy": LocalizedText(nb: "Henvist av", en: "Referred by")
        case "living": LocalizedText(nb: "Bosituasjon", en: "Living situation")
        case "risks": LocalizedText(nb: "Risiko i hjemmet", en: "Risks in the home")
        case "services": LocalizedText(nb: "Tjenester det søkes om", en: "Services applied for")
        default: LocalizedText(nb: field, en: field)
        }
    }

    /// Checks what any save must hold (known choices, lengths); `complete` adds what sending in
    /// needs. The first problem is thrown, naming its field.
    func validate(complete: Bool) throws {
        let limits: [(String, String, Int)] = [
            ("givenName", givenName, 100), ("familyName", familyName, 100), ("address", address, 200),
            ("phone", phone, 40), ("reason", reason, 2000), ("relativeName", relativeName, 200),
            ("relativePhone", relativePhone, 40), ("notes", notes, 4000),
        ]
        for (field, value, limit) in limits where value.count > limit {
            throw IntakeError.tooLong(field: field, limit: limit)
        }
        if !birthDate.isEmpty {
            guard let date = LocalDate(birthDate), date <= LocalDate(Date(), in: .current)
            else { throw IntakeError.birthDate }
        }
        if !referredBy.isEmpty, IntakeReferral(rawValue: referredBy) == nil { throw IntakeError.choice("referredBy") }
        if !living.isEmpty, IntakeLiving(rawValue: living) == nil { throw IntakeError.choice("living") }
        for (area, level) in functions {
            guard IntakeArea(rawValue: area) != nil else { throw IntakeError.choice("functions") }
            guard (1...5).contains(level) else { throw IntakeError.level }
        }
        for risk in risks where IntakeRisk(rawValue: risk) == nil { throw IntakeError.choice("risks") }
        for service in services where IntakeServiceKind(rawValue: service) == nil {
            throw IntakeError.choice("services")
        }
        guard complete else { return }
        if givenName.trimmingCharacters(in: .whitespaces).isEmpty { throw IntakeError.required("givenName") }
        if familyName.trimmingCharacters(in: .whitespaces).isEmpty { throw IntakeError.required("familyName") }
        if address.trimmingCharacters(in: .whitespaces).isEmpty { throw IntakeError.required("address") }
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw IntakeError.required("reason") }
        if let missing = IntakeArea.allCases.first(where: { functions[$0.rawValue] == nil }) {
            throw IntakeError.area(missing)
        }
        if !consent { throw IntakeError.consent }
    }
}

/// Daily-life areas assessed, as in IPLOS.
enum IntakeArea: String, CaseIterable, Sendable {
    case mobility, personalHygiene, dressing, meals, medication, memory, housework, socialLife

    var name: LocalizedText {
        switch self {
        case .mobility: LocalizedText(nb: "Bevege seg innendørs", en: "Moving about indoors")
        case .personalHygiene: LocalizedText(nb: "Personlig hygiene", en: "Personal hygiene")
        case .dressing: LocalizedText(nb: "På- og avkledning", en: "Dressing")
        case .meals: LocalizedText(nb: "Lage mat og spise", en: "Preparing food and eating")
        case .medication: LocalizedText(nb: "Ta medisiner", en: "Taking medicines")
        case .memory: LocalizedText(nb: "Hukommelse", en: "Memory")
        case .housework: LocalizedText(nb: "Husarbeid", en: "Housework")
        case .socialLife: LocalizedText(nb: "Sosial deltakelse", en: "Social participation")
        }
    }

    /// The five levels, in words.
    static func level(_ value: Int) -> LocalizedText {
        switch value {
        case 1: LocalizedText(nb: "1 – klarer seg selv", en: "1 – manages alone")
        case 2: LocalizedText(nb: "2 – noe hjelp", en: "2 – some help")
        case 3: LocalizedText(nb: "3 – middels hjelp", en: "3 – moderate help")
        case 4: LocalizedText(nb: "4 – mye hjelp", en: "4 – much help")
        default: LocalizedText(nb: "5 – full hjelp", en: "5 – full help")
        }
    }
}

enum IntakeReferral: String, CaseIterable, Sendable {
    case applicant, relative, hospital, doctor, other

    var name: LocalizedText {
        switch self {
        case .applicant: LocalizedText(nb: "Søkeren selv", en: "The applicant")
        case .relative: LocalizedText(nb: "Pårørende", en: "A relative")
        case .hospital: LocalizedText(nb: "Sykehus", en: "Hospital")
        case .doctor: LocalizedText(nb: "Fastlege", en: "GP")
        case .other: LocalizedText(nb: "Annet", en: "Other")
        }
    }
}

enum IntakeLiving: String, CaseIterable, Sendable {
    case alone, withSpouse, withOthers

    var name: LocalizedText {
        switch self {
        case .alone: LocalizedText(nb: "Bor alene", en: "Lives alone")
        case .withSpouse: LocalizedText(nb: "Bor med ektefelle/samboer", en: "Lives with a spouse or partner")
        case .withOthers: LocalizedText(nb: "Bor med andre", en: "Lives with others")
        }
    }
}

enum IntakeRisk: String, CaseIterable, Sendable {
    case stairs, rugsAndThresholds, noSmokeDetector, poorLighting, bathroomWithoutSupport, fallsLastYear

    var name: LocalizedText {
        switch self {
        case .stairs: LocalizedText(nb: "Trapper", en: "Stairs")
        case .rugsAndThresholds: LocalizedText(nb: "Løse tepper og terskler", en: "Loose rugs and thresholds")
        case .noSmokeDetector: LocalizedText(nb: "Mangler røykvarsler", en: "No smoke detector")
        case .poorLighting: LocalizedText(nb: "Dårlig belysning", en: "Poor lighting")
        case .bathroomWithoutSupport: LocalizedText(nb: "Bad uten støttehåndtak", en: "Bathroom without grab rails")
        case .fallsLastYear: LocalizedText(nb: "Fall siste år", en: "Falls in the last year")
        }
    }
}

enum IntakeServiceKind: String, CaseIterable, Sendable {
    case homeNursing, practicalHelp, safetyAlarm, mealsOnWheels, dayCentre, respite, assistiveDevices

    var name: LocalizedText {
        switch self {
        case .homeNursing: LocalizedText(nb: "Hjemmesykepleie", en: "Home nursing")
        case .practicalHelp: LocalizedText(nb: "Praktisk bistand", en: "Practical help")
        case .safetyAlarm: LocalizedText(nb: "Trygghetsalarm", en: "Safety alarm")
        case .mealsOnWheels: LocalizedText(nb: "Middagslevering", en: "Meals on wheels")
        case .dayCentre: LocalizedText(nb: "Dagsenter", en: "Day centre")
        case .respite: LocalizedText(nb: "Avlastning", en: "Respite care")
        case .assistiveDevices: LocalizedText(nb: "Hjelpemidler", en: "Assistive devices")
        }
    }
}

/// Why an intake assessment was refused.
enum IntakeError: UserFacingError {
    case tooLong(field: String, limit: Int)
    case birthDate, level, consent, notAllowed, alreadySubmitted, notSubmitted, badID
    case choice(String)
    case required(String)
    case area(IntakeArea)

    var status: HTTPResponseStatus {
        switch self {
        case .notAllowed: .forbidden
        case .alreadySubmitted, .notSubmitted: .conflict
        default: .unprocessableEntity
        }
    }
    var code: String {
        switch self {
        case .tooLong: "tooLong"
        case .birthDate: "birthDate"
        case .level: "functionLevel"
        case .consent: "consentRequired"
        case .notAllowed: "intakeNotAllowed"
        case .alreadySubmitted: "alreadySubmitted"
        case .notSubmitted: "notSubmitted"
        case .badID: "intakeID"
        case .choice: "unknownChoice"
        case .required: "required"
        case .area: "functionMissing"
        }
    }
    var field: String? {
        switch self {
        case .tooLong(let field, _), .choice(let field), .required(let field): field
        case .birthDate: "birthDate"
        case .level, .area: "functions"
        case .consent: "consent"
        case .badID: "id"
        case .notAllowed, .alreadySubmitted, .notSubmitted: nil
        }
    }
    var message: LocalizedText {
        switch self {
        case .tooLong(let field, let limit):
            let name = IntakeAnswers.label(field)
            return LocalizedText(
                nb: "«\(name.nb)» kan ha høyst \(limit) tegn.", en: "'\(name.en)' may have at most \(limit) characters."
            )
        case .birthDate:
            return LocalizedText(
                nb: "Fødselsdato må være en dato (ÅÅÅÅ-MM-DD) som ikke er i framtiden.",
                en: "Date of birth must be a date (YYYY-MM-DD) not in the future.")
        case .level: return LocalizedText(nb: "Funksjonsnivå må være 1–5.", en: "Function levels must be 1–5.")
        case .consent:
            return LocalizedText(
                nb: "Kartleggingen kan ikke sendes inn uten samtykke fra søkeren.",
                en: "The assessment cannot be submitted without the applicant's consent.")
        case .notAllowed:
            return LocalizedText(
                nb: "Du har ikke tilgang til denne kartleggingen.", en: "You have no access to this intake assessment.")
        case .alreadySubmitted:
            return LocalizedText(
                nb: "Kartleggingen er allerede sendt inn og kan ikke endres.",
                en: "The assessment is already submitted and cannot be changed.")
        case .notSubmitted:
            return LocalizedText(nb: "Kartleggingen er ikke sendt inn.", en: "The assessment is not submitted.")
        case .badID:
            return LocalizedText(nb: "Kartleggingen mangler en gyldig id.", en: "The assessment lacks a valid id.")
        case .choice(let field):
            let name = IntakeAnswers.label(field)
            return LocalizedText(nb: "Ukjent valg i «\(name.nb)».", en: "Unknown choice in '\(name.en)'.")
        case .required(let field):
            let name = IntakeAnswers.label(field)
            return LocalizedText(
                nb: "«\(name.nb)» må fylles ut før innsending.", en: "'\(name.en)' must be filled in to submit.")
        case .area(let area):
            return LocalizedText(
                nb: "Funksjonsnivå for «\(area.name.nb)» mangler.", en: "The level for '\(area.name.en)' is missing.")
        }
    }
}
