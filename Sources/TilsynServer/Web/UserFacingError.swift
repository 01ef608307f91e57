import TilsynCore
import Vapor

/// An error that knows how a person should see it: an HTTP status, a stable code, the field at
/// fault if any, and a message in both languages. Feature error enums conform to it; the error
/// middleware renders it as JSON for the API and as a page for the web UI.
protocol UserFacingError: Error {
    var status: HTTPResponseStatus { get }
    var code: String { get }
    var field: String? { get }
    var message: LocalizedText { get }
}

/// A record that does not exist.
struct NotFoundError: UserFacingError {
    var what: LocalizedText
    var status: HTTPResponseStatus { .notFound }
    var code: String { "notFound" }
    var field: String? { nil }
    var message: LocalizedText {
        LocalizedText(nb: "Fant ikke \(what.nb).", en: "Could not find \(what.en).")
    }

    static let recipient = NotFoundError(what: LocalizedText(nb: "tjenestemottakeren", en: "the care recipient"))
    static let staffMember = NotFoundError(what: LocalizedText(nb: "den ansatte", en: "the staff member"))
    static let decision = NotFoundError(what: LocalizedText(nb: "vedtaket", en: "the decision"))
    static let measure = NotFoundError(what: LocalizedText(nb: "tiltaket", en: "the measure"))
    static let zone = NotFoundError(what: LocalizedText(nb: "sonen", en: "the zone"))
    static let visit = NotFoundError(what: LocalizedText(nb: "besøket", en: "the visit"))
    static let page = NotFoundError(what: LocalizedText(nb: "siden", en: "the page"))
    static let alarm = NotFoundError(what: LocalizedText(nb: "alarmen", en: "the alarm"))
    static let deviation = NotFoundError(what: LocalizedText(nb: "avviket", en: "the deviation"))
    static let actionPoint = NotFoundError(what: LocalizedText(nb: "tiltaket", en: "the action point"))
    static let report = NotFoundError(what: LocalizedText(nb: "rapporten", en: "the report"))
    static let photo = NotFoundError(what: LocalizedText(nb: "bildet", en: "the photo"))
    static let equipment = NotFoundError(what: LocalizedText(nb: "utstyret", en: "the equipment"))
    static let task = NotFoundError(what: LocalizedText(nb: "oppgaven", en: "the task"))
    static let intake = NotFoundError(what: LocalizedText(nb: "kartleggingen", en: "the intake assessment"))
    static let reportMeeting = NotFoundError(what: LocalizedText(nb: "rapportmøtet", en: "the report meeting"))
}

/// A change based on a version someone else has changed since (optimistic locking).
struct StaleVersionError: UserFacingError {
    var expected: Int
    var current: Int
    var status: HTTPResponseStatus { .conflict }
    var code: String { "staleVersion" }
    var field: String? { "version" }
    var message: LocalizedText {
        LocalizedText(
            nb:
                "Noen andre har endret dette i mellomtiden (versjon \(current), du redigerte versjon \(expected)). Last inn på nytt.",
            en: "Someone else changed this meanwhile (version \(current), you edited version \(expected)). Reload.")
    }
}

/// A reference to another record that does not exist, named by the field that holds it.
struct UnknownReferenceError: UserFacingError {
    var field: String?
    var value: String
    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "unknownReference" }
    var message: LocalizedText {
        LocalizedText(
            nb: "«\(field ?? "")» viser til «\(value)», som ikke finnes.",
            en: "'\(field ?? "")' refers to '\(value)', which does not exist.")
    }
}

/// A change of health data without a reason.
struct ReasonRequiredError: UserFacingError {
    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "reasonRequired" }
    var field: String? { "reason" }
    var message: LocalizedText {
        LocalizedText(
            nb: "Oppgi hvorfor endringen gjøres; tidligere versjoner tas vare på med begrunnelsen.",
            en: "Give a reason for the change; earlier versions are kept with it.")
    }
}

/// A request parameter that is not what it should be (a date, an id).
struct InvalidParameterError: UserFacingError {
    var field: String?
    var expected: LocalizedText
    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "invalidParameter" }
    var message: LocalizedText {
        LocalizedText(nb: "«\(field ?? "")» må være \(expected.nb).", en: "'\(field ?? "")' must be \(expected.en).")
    }

    static func date(_ field: String) -> InvalidParameterError {
        InvalidParameterError(
            field: field, expected: LocalizedText(nb: "en dato (ÅÅÅÅ-MM-DD)", en: "a date (YYYY-MM-DD)"))
    }
}
