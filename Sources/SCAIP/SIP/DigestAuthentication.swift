import Crypto

/// SIP Digest authentication (RFC 3261 §22.4 with RFC 2617's MD5 and `qop=auth`): the centre's
/// challenge, the device's credentials, and the check of the device's answer.
public enum DigestAuthentication {
    /// The `WWW-Authenticate` value of a 401 answer.
    public static func challenge(realm: String, nonce: String, stale: Bool = false) -> String {
        "Digest realm=\"\(realm)\", nonce=\"\(nonce)\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=true" : "")
    }

    /// What a device sends in `Authorization`.
    public struct Credentials: Sendable, Hashable {
        public var username: String
        public var realm: String
        public var nonce: String
        public var uri: String
        public var response: String
        public var algorithm: String?
        public var qop: String?
        public var nonceCount: String?
        public var clientNonce: String?
        public var opaque: String?
    }

    /// Why an `Authorization` value cannot be read.
    public struct FormatError: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var description: String { "Authorization: \(reason)" }
    }

    /// Reads `Digest username="…", realm="…", …`.
    public static func credentials(_ header: String) throws(FormatError) -> Credentials {
        let text = header.trimmingCharacters(in: " ")
        guard text.lowercased().hasPrefix("digest ") else { throw FormatError(reason: "not a Digest answer") }
        var parameters: [String: String] = [:]
        for part in splitList(String(text.dropFirst(7))) {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingCharacters(in: " ").lowercased()
            var value = part[part.index(after: equals)...].trimmingCharacters(in: " ")
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacingBackslashEscapes()
            }
            parameters[name] = value
        }
        func required(_ name: String) throws(FormatError) -> String {
            guard let value = parameters[name], !value.isEmpty else { throw FormatError(reason: "\(name) is missing") }
            return value
        }
        let credentials = Credentials(
            username: try required("username"), realm: try required("realm"), nonce: try required("nonce"),
            uri: try required("uri"), response: try required("response").lowercased(),
            algorithm: parameters["algorithm"], qop: parameters["qop"], nonceCount: parameters["nc"],
            clientNonce: parameters["cnonce"], opaque: parameters["opaque"])
        if let algorithm = credentials.algorithm, algorithm.uppercased() != "MD5" {
            throw FormatError(reason: "algorithm \(algorithm) is not supported")
        }
        if credentials.qop != nil, credentials.nonceCount == nil || credentials.clientNonce == nil {
            throw FormatError(reason: "qop needs nc and cnonce")
        }
        return credentials
    }

    /// The response a device that knows `password` computes for `method`.
    public static func expectedResponse(_ credentials: Credentials, password: String, method: String) -> String {
        expectedResponse(
            credentials, ha1: ha1(username: credentials.username, realm: credentials.realm, password: password),
            method: method)
    }

    /// MD5(username:realm:password): what a centre keeps instead of the password.
    public static func ha1(username: String, realm: String, password: String) -> String {
        md5Hex("\(username):\(realm):\(password)")
    }

    /// The expected response from the stored `ha1`.
    public static func expectedResponse(_ credentials: Credentials, ha1: String, method: String) -> String {
        let ha2 = md5Hex("\(method):\(credentials.uri)")
        if let qop = credentials.qop, let count = credentials.nonceCount, let clientNonce = credentials.clientNonce {
            return md5Hex("\(ha1):\(credentials.nonce):\(count):\(clientNonce):\(qop):\(ha2)")
        }
        return md5Hex("\(ha1):\(credentials.nonce):\(ha2)")
    }

    /// Whether the device's answer proves it knows `password` (compared in constant time).
    public static func verify(_ credentials: Credentials, password: String, method: String) -> Bool {
        verify(
            credentials, ha1: ha1(username: credentials.username, realm: credentials.realm, password: password),
            method: method)
    }

    /// Whether the device's answer matches the stored `ha1` (compared in constant time).
    public static func verify(_ credentials: Credentials, ha1: String, method: String) -> Bool {
        let expected = Array(expectedResponse(credentials, ha1: ha1, method: method).utf8)
        let given = Array(credentials.response.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A device's `Authorization` value (for tests and tools that play a device).
    public static func authorization(
        username: String, password: String, realm: String, nonce: String, uri: String, method: String,
        clientNonce: String = "0a4f113b", nonceCount: String = "00000001"
    ) -> String {
        let credentials = Credentials(
            username: username, realm: realm, nonce: nonce, uri: uri, response: "", algorithm: "MD5", qop: "auth",
            nonceCount: nonceCount, clientNonce: clientNonce, opaque: nil)
        let response = expectedResponse(credentials, password: password, method: method)
        return "Digest username=\"\(username)\", realm=\"\(realm)\", nonce=\"\(nonce)\", uri=\"\(uri)\", "
            + "response=\"\(response)\", algorithm=MD5, qop=auth, nc=\(nonceCount), cnonce=\"\(clientNonce)\""
    }

    static func md5Hex(_ text: String) -> String {
        Insecure.MD5.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension String {
    func replacingBackslashEscapes() -> String {
        var result = ""
        var escaped = false
        for character in self {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
