import TilsynCore
import Vapor

/// One broken rule as the JSON API reports it.
struct ErrorDetail: Content {
    var field: String?
    var code: String
    var reason: String
}

/// The JSON body of every API error.
struct ErrorResponse: Content {
    var error: Bool = true
    var status: Int
    var code: String
    var field: String?
    var reason: String
    var violations: [ErrorDetail]
}

/// Turns any error into a clear answer: JSON for `/api/…` and JSON clients, a Norwegian (or English)
/// page for the web UI. Unknown errors are logged and answered with 500 without internals.
struct ErrorRenderingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let busy = DatabaseBusyError.isBusy(error)
            let body = Self.describe(
                busy ? DatabaseBusyError() : error, language: request.language, logger: request.logger)
            let response: Response
            if Self.wantsJSON(request) {
                response = Response(status: HTTPResponseStatus(statusCode: body.status))
                try response.content.encode(body)
            } else {
                let denied = error as? AccessDeniedError
                response = try await ErrorPage.render(
                    body, emergencyRecipientID: denied?.emergencyPossible == true ? denied?.recipientID : nil,
                    for: request)
            }
            if busy {
                request.logger.warning("Database busy", metadata: ["error": "\(String(reflecting: error))"])
                response.headers.replaceOrAdd(name: .retryAfter, value: String(WriteTransaction.retryAfterSeconds))
            }
            return response
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        request.url.path.hasPrefix("/api/") || request.headers.accept.mediaTypes.first == .json
    }

    static func describe(_ error: any Error, language: String, logger: Logger) -> ErrorResponse {
        switch error {
        case let failure as ValidationFailure:
            let details = failure.violations.map {
                ErrorDetail(field: $0.field, code: $0.code, reason: $0.message.text(in: language))
            }
            return ErrorResponse(
                status: 422, code: details[0].code, field: details[0].field, reason: details[0].reason,
                violations: details)
        case let violation as Violation:
            return describe(ValidationFailure([violation]), language: language, logger: logger)
        case let known as any UserFacingError:
            let reason = known.message.text(in: language)
            return ErrorResponse(
                status: Int(known.status.code), code: known.code, field: known.field, reason: reason,
                violations: [ErrorDetail(field: known.field, code: known.code, reason: reason)])
        case let decoding as DecodingError:
            return describe(DecodingProblem(decoding), language: language, logger: logger)
        case let abort as any AbortError where abort.status == .notFound:
            return describe(NotFoundError.page, language: language, logger: logger)
        case let abort as any AbortError:
            return ErrorResponse(
                status: Int(abort.status.code), code: "http\(abort.status.code)", field: nil, reason: abort.reason,
                violations: [])
        default:
            logger.error("Unhandled error", metadata: ["error.type": "\(type(of: error))", "error": "\(error)"])
            let reason = LocalizedText(
                nb: "Noe gikk galt på serveren. Ingenting er endret. Prøv igjen, eller kontakt brukerstøtte.",
                en: "Something went wrong on the server. Nothing was changed. Try again or contact support.")
            return ErrorResponse(
                status: 500, code: "internal", field: nil, reason: reason.text(in: language), violations: [])
        }
    }
}

/// A JSON body that could not be decoded, reported as 422 with the path of the field at fault.
struct DecodingProblem: UserFacingError {
    var field: String?
    var detail: String

    init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            field = path(context.codingPath + [key])
            detail = "is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            field = path(context.codingPath)
            detail = "has the wrong type"
        case .dataCorrupted(let context):
            field = context.codingPath.isEmpty ? nil : path(context.codingPath)
            detail = context.debugDescription
        @unknown default:
            field = nil
            detail = "is not valid"
        }
    }

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "invalidBody" }
    var message: LocalizedText {
        guard let field else {
            return LocalizedText(
                nb: "Innholdet er ikke gyldig JSON: \(detail).", en: "The body is not valid JSON: \(detail).")
        }
        let norwegian =
            detail == "is missing"
            ? "mangler" : (detail == "has the wrong type" ? "har feil type" : "er ugyldig (\(detail))")
        return LocalizedText(nb: "Feltet «\(field)» \(norwegian).", en: "The field '\(field)' \(detail).")
    }
}
