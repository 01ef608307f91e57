/// Voice after a handled alarm (`<mre>`).
public enum SCAIPVoiceMode: Int, Sendable, Hashable, Codable {
    case none = 0
    case duplex = 1
    case microphoneOnly = 2
    case speakerOnly = 3
}

/// The centre's response, `<mrs>`, sent in a new MESSAGE to the device.
public struct SCAIPResponse: Sendable, Hashable, Codable {
    public var reference: String
    public var code: SCAIPResponseCode
    public var statusText: String?
    public var version: String?
    public var voice: SCAIPVoiceMode?
    /// `cre`: 1–60 auto-answer a call-back for that many minutes; 61 call the predefined receiver;
    /// 62 call `callNumber`.
    public var callback: Int?
    public var callNumber: String?
    /// `hbi`: heartbeat interval in minutes (1–1440), only when the request had `hbo` 001.
    public var heartbeatMinutes: Int?

    public init(
        reference: String, code: SCAIPResponseCode, statusText: String? = nil, voice: SCAIPVoiceMode? = nil,
        callback: Int? = nil, heartbeatMinutes: Int? = nil
    ) {
        self.reference = reference
        self.code = code
        self.statusText = statusText
        self.voice = voice
        self.callback = callback
        self.heartbeatMinutes = heartbeatMinutes
    }

    /// The body, strict: elements in the standard's order, `cre` with two digits.
    public func serialized() -> [UInt8] {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><mrs>"
        func add(_ name: String, _ value: String?) {
            if let value { xml += "<\(name)>\(LenientXMLReader.escape(value))</\(name)>" }
        }
        add("ref", reference)
        add("snu", String(code.rawValue))
        add("ste", statusText)
        add("cve", version)
        add("mre", voice.map { String($0.rawValue) })
        add("cre", callback.map { $0 < 10 ? "0\($0)" : String($0) })
        add("tnu", callNumber)
        add("hbi", heartbeatMinutes.map(String.init))
        xml += "</mrs>"
        return Array(xml.utf8)
    }

    /// Reads an `<mrs>` (what a device, or a test playing one, receives).
    public static func parse(_ body: [UInt8]) throws(SCAIPBodyError) -> SCAIPResponse {
        let root: XMLNode
        do { root = try LenientXMLReader.read(body) } catch {
            throw SCAIPBodyError(code: .invalidFormat, reason: error.description)
        }
        guard root.name == "mrs" else {
            throw SCAIPBodyError(code: .invalidFormat, reason: "the root element is <\(root.name)>, not <mrs>")
        }
        var values: [String: String] = [:]
        for child in root.children where values[child.name] == nil { values[child.name] = child.text }
        guard let reference = values["ref"], !reference.isEmpty else {
            throw SCAIPBodyError(code: .referenceMissing, reason: "<ref> is missing")
        }
        guard let codeText = values["snu"], let number = Int(codeText), let code = SCAIPResponseCode(rawValue: number)
        else {
            throw SCAIPBodyError(code: .wrongContent, reason: "<snu> is missing or unknown", reference: reference)
        }
        var response = SCAIPResponse(reference: reference, code: code)
        response.statusText = values["ste"]
        response.version = values["cve"]
        response.voice = values["mre"].flatMap(Int.init).flatMap(SCAIPVoiceMode.init)
        response.callback = values["cre"].flatMap(Int.init)
        response.callNumber = values["tnu"]
        response.heartbeatMinutes = values["hbi"].flatMap(Int.init)
        return response
    }
}
