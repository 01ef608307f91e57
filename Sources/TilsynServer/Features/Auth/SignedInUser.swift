import Foundation
import TilsynCore
import Vapor

/// The person behind a request, from a valid device session.
struct SignedInUser: Sendable {
    var accountID: UUID
    var sessionID: UUID
    var staffID: UUID
    var username: String
    var name: String
    var role: StaffRole
    var zoneID: UUID?
    var csrfToken: String
    /// Whether the device waits for the PIN.
    var isLocked: Bool
    var hasPIN: Bool
    /// The password was set by someone else and must be replaced before anything else opens.
    var mustChangePassword = false
}

extension Request {
    private struct SignedInUserKey: StorageKey {
        typealias Value = SignedInUser
    }

    /// The signed-in user of this request, if any (locked sessions included).
    var signedInUser: SignedInUser? {
        get { storage[SignedInUserKey.self] }
        set { storage[SignedInUserKey.self] = newValue }
    }

    /// The signed-in, unlocked user; routes behind `RequireSignIn` can rely on it.
    func requireUser() throws -> SignedInUser {
        guard let user = signedInUser, !user.isLocked else { throw AuthError.notSignedIn }
        return user
    }

    /// The client's address, for throttling and the audit log: `X-Forwarded-For` counts only when
    /// the peer is a configured proxy (`--trusted-proxy`).
    var clientAddress: String {
        application.tilsyn.auth.trustedProxies.clientAddress(
            peer: remoteAddress?.ipAddress, forwardedFor: headers[canonicalForm: "X-Forwarded-For"].map(String.init))
    }

    /// Whether the request came over TLS (directly, or through a configured proxy that says so).
    var isSecure: Bool {
        if application.tilsyn.auth.secureCookies || url.scheme == "https" { return true }
        return application.tilsyn.auth.trustedProxies.isTrusted(remoteAddress?.ipAddress)
            && headers.first(name: "X-Forwarded-Proto") == "https"
    }
}

/// Why a request about signing in was refused.
enum AuthError: UserFacingError {
    case notSignedIn
    case locked
    case wrongCredentials
    case throttled(minutes: Int)
    case invalidCSRF
    case wrongPIN(remaining: Int)
    case pinAttemptsExhausted
    case invalidPIN
    case noPINSet
    case forbiddenRole
    case passwordChangeRequired
    case passwordsDiffer

    var status: HTTPResponseStatus {
        switch self {
        case .notSignedIn, .wrongCredentials, .pinAttemptsExhausted: .unauthorized
        case .locked: HTTPResponseStatus(statusCode: 423, reasonPhrase: "Locked")
        case .throttled: .tooManyRequests
        case .invalidCSRF, .forbiddenRole, .passwordChangeRequired: .forbidden
        case .passwordsDiffer: .unprocessableEntity
        case .wrongPIN, .invalidPIN, .noPINSet: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .notSignedIn: "notSignedIn"
        case .locked: "locked"
        case .wrongCredentials: "wrongCredentials"
        case .throttled: "throttled"
        case .invalidCSRF: "invalidCsrf"
        case .wrongPIN: "wrongPin"
        case .pinAttemptsExhausted: "pinAttemptsExhausted"
        case .invalidPIN: "invalidPin"
        case .noPINSet: "noPin"
        case .forbiddenRole: "forbiddenRole"
        case .passwordChangeRequired: "passwordChangeRequired"
        case .passwordsDiffer: "passwordsDiffer"
        }
    }

    var field: String? {
        switch self {
        case .wrongPIN, .invalidPIN: "pin"
        case .wrongCredentials: "password"
        case .passwordsDiffer: "repeat"
        default: nil
        }
    }

    var message: LocalizedText {
        switch self {
        case .notSignedIn:
            LocalizedText(nb: "Du må logge inn.", en: "You need to sign in.")
        case .locked:
            LocalizedText(
                nb: "Enheten er låst. Lås opp med PIN-koden.", en: "The device is locked. Unlock with your PIN.")
        case .wrongCredentials:
            LocalizedText(nb: "Feil brukernavn eller passord.", en: "Wrong username or password.")
        case .throttled(let minutes):
            LocalizedText(
                nb: "For mange mislykkede innlogginger. Vent \(minutes) minutter og prøv igjen, eller kontakt leder.",
                en: "Too many failed sign-ins. Wait \(minutes) minutes and try again, or contact your leader.")
        case .invalidCSRF:
            LocalizedText(
                nb: "Skjemaet er utløpt eller kom fra et annet nettsted. Last inn siden og prøv igjen.",
                en: "The form has expired or came from another site. Reload the page and try again.")
        case .wrongPIN(let remaining):
            LocalizedText(
                nb: "Feil PIN-kode. \(remaining) forsøk igjen før du må logge inn med passord.",
                en: "Wrong PIN. \(remaining) attempts left before you must sign in with your password.")
        case .pinAttemptsExhausted:
            LocalizedText(
                nb: "Fem feil PIN-koder: økten på denne enheten er avsluttet. Logg inn med passord.",
                en: "Five wrong PINs: the session on this device has ended. Sign in with your password.")
        case .invalidPIN:
            LocalizedText(nb: "PIN-koden må være 4 til 8 siffer.", en: "The PIN must be 4 to 8 digits.")
        case .noPINSet:
            LocalizedText(
                nb: "Ingen PIN-kode er satt på denne enheten. Logg inn med passord.",
                en: "No PIN is set on this device. Sign in with your password.")
        case .forbiddenRole:
            LocalizedText(
                nb: "Rollen din gir ikke tilgang til denne funksjonen.",
                en: "Your role does not give access to this function.")
        case .passwordChangeRequired:
            LocalizedText(
                nb: "Passordet ditt ble satt av en annen og må byttes før du går videre (/password).",
                en: "Your password was set by someone else and must be changed before you go on (/password).")
        case .passwordsDiffer:
            LocalizedText(nb: "De to nye passordene er ikke like.", en: "The two new passwords differ.")
        }
    }
}
