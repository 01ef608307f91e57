import Vapor

/// The last check on every response before it reaches the network: no header may carry a byte that
/// would end it (CR, LF) or any other control character, and a `Location` must be a same-site path
/// (`RedirectTarget`).
///
/// Why this exists: Vapor's HTTP/1 pipeline has no outbound header validator (SwiftNIO's
/// `NIOHTTPResponseHeadersValidator` is not in it), so a value holding `\r\n` was written to the
/// socket as it was and became a header of its own. Rather than trust every place that writes a
/// header, the server refuses such a response here: the browser gets a plain 500 without the
/// header, and the log says which header it was (never its value).
struct ResponseHeaderGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if let problem = Self.problem(in: response.headers) {
            request.logger.error(
                "Response refused: unsafe header",
                metadata: ["http.header": "\(problem)", "http.path": "\(request.url.path)"])
            return Self.refusal()
        }
        return response
    }

    /// The name of the first header that may not be sent, or nil when all may.
    static func problem(in headers: HTTPHeaders) -> String? {
        for (name, value) in headers {
            guard isToken(name) else { return "invalid name" }
            guard isFieldValue(value) else { return name }
            if name.lowercased() == "location", !RedirectTarget.isSameSitePath(value) { return name }
        }
        return nil
    }

    /// RFC 9110 field-name: a token.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }

    /// RFC 9110 field-value: visible characters, spaces and tabs; no CR, LF, NUL or other controls.
    static func isFieldValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }

    private static func refusal() -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .plainText
        return Response(
            status: .internalServerError, headers: headers,
            body: .init(string: "Noe gikk galt på serveren. / Something went wrong on the server.\n"))
    }
}
