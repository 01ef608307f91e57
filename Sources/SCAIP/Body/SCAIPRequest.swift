/// What kind of request a device sends (`<mty>`).
public enum SCAIPMessageType: Sendable, Hashable, Codable {
    /// ME, or no `mty`: an event, usually an alarm.
    case event
    /// PI: a heartbeat.
    case heartbeat
    /// IN: more information about an earlier request (same `ref`).
    case informationUpdate
    /// RE: the device gives up this session (same `ref`) and takes its alternative path.
    case reset
    /// A type this centre does not know, kept as sent.
    case other(String)

    /// From an `mty` code (absent or ME: an event).
    public init(_ code: String?) {
        switch code?.uppercased() {
        case nil, "", "ME": self = .event
        case "PI": self = .heartbeat
        case "IN": self = .informationUpdate
        case "RE": self = .reset
        case let other?: self = .other(other)
        }
    }

    var code: String? {
        switch self {
        case .event: nil
        case .heartbeat: "PI"
        case .informationUpdate: "IN"
        case .reset: "RE"
        case .other(let code): code
        }
    }
}

/// A location from `<lge>`: a position, its time, and the raw NMEA sentence, as sent.
public struct SCAIPGeoLocation: Sendable, Hashable, Codable {
    public var position: String?
    public var time: String?
    public var nmea: String?

    public init(position: String? = nil, time: String? = nil, nmea: String? = nil) {
        self.position = position
        self.time = time
        self.nmea = nmea
    }

    /// Latitude and longitude from `position` ("lat,lon", WGS-84), when it reads as numbers.
    public var coordinates: (latitude: Double, longitude: Double)? {
        guard let parts = position?.split(separator: ",").map({ $0.trimmingCharacters(in: " ") }), parts.count == 2,
            let latitude = Double(parts[0]), let longitude = Double(parts[1]),
            (-90...90).contains(latitude), (-180...180).contains(longitude)
        else { return nil }
        return (latitude, longitude)
    }
}

/// An element this library does not interpret, kept with its text so nothing a device sent is lost.
public struct SCAIPUnknownElement: Sendable, Hashable, Codable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// A device's request, `<mrq>`. Read leniently (codes without padding, stray spaces, any order,
/// unknown elements kept); written strictly (codes padded, the standard's order).
public struct SCAIPRequest: Sendable, Hashable, Codable {
    /// `ref`: the session, 1–16 letters and digits.
    public var reference: String
    public var version: String?
    public var systemConfiguration: Int?
    /// `cha` 1: the device asks to be called back.
    public var callbackRequested: Bool
    public var messageType: SCAIPMessageType
    /// `hbo` 001: the device accepts a heartbeat interval from the centre.
    public var acceptsHeartbeatInterval: Bool
    /// `cid`: the controller (alarm unit), digits.
    public var controllerID: String
    /// `dty`: the device type, as a number (2 = local unit, 3 = pendant, 5 = fall detector …).
    public var deviceType: Int
    public var deviceID: String?
    public var component: String?
    public var deviceText: String?
    /// `crd`, repeated: how to reach the device by voice (`no-voice:`, `gsm:+47…`, `sip:…`).
    public var voiceContacts: [String]
    /// `stc`: the status; nil (absent) means an alarm.
    public var statusCode: Int?
    public var statusText: String?
    /// `pri`: 0 (lowest) to 9.
    public var priority: Int?
    public var locationCode: Int?
    public var locationValue: String?
    public var geoLocation: SCAIPGeoLocation?
    public var locationText: String?
    public var infoCode: Int?
    public var infoText: String?
    /// `ame`: how many fragments follow (0 = this is the last).
    public var fragmentsFollowing: Int?
    public var unknownElements: [SCAIPUnknownElement]

    public init(
        reference: String, controllerID: String, deviceType: Int, messageType: SCAIPMessageType = .event,
        statusCode: Int? = nil
    ) {
        self.reference = reference
        self.controllerID = controllerID
        self.deviceType = deviceType
        self.messageType = messageType
        self.statusCode = statusCode
        version = nil
        systemConfiguration = nil
        callbackRequested = false
        acceptsHeartbeatInterval = false
        voiceContacts = []
        unknownElements = []
    }

    /// Whether the device can take a voice call (a `crd` other than `no-voice:`).
    public var isVoiceCapable: Bool { voiceContacts.contains { !$0.lowercased().hasPrefix("no-voice") } }

    // MARK: Reading

    /// Reads an `<mrq>` body. Errors carry the `snu` to answer with and, when it was readable, the `ref`.
    public static func parse(_ body: [UInt8]) throws(SCAIPBodyError) -> SCAIPRequest {
        let root: XMLNode
        do { root = try LenientXMLReader.read(body) } catch {
            throw SCAIPBodyError(code: .invalidFormat, reason: error.description)
        }
        guard root.name == "mrq" else {
            throw SCAIPBodyError(code: .invalidFormat, reason: "the root element is <\(root.name)>, not <mrq>")
        }
        var values: [String: String] = [:]
        var contacts: [String] = []
        var unknown: [SCAIPUnknownElement] = []
        var geo: SCAIPGeoLocation?
        for child in root.children {
            switch child.name {
            case "crd": contacts.append(child.text)
            case "lge":
                var location = SCAIPGeoLocation()
                for part in child.children {
                    switch part.name {
                    case "geo": location.position = part.text
                    case "tim": location.time = part.text
                    case "gga": location.nmea = part.text
                    default: unknown.append(SCAIPUnknownElement(name: "lge/\(part.name)", text: part.text))
                    }
                }
                geo = location
            case let name where Self.known.contains(name):
                // The first of a repeated element counts; later ones are kept as unknown.
                if values[name] == nil {
                    values[name] = child.text
                } else {
                    unknown.append(SCAIPUnknownElement(name: name, text: child.text))
                }
            default: unknown.append(SCAIPUnknownElement(name: child.name, text: child.text))
            }
        }
        let reference = values["ref"].flatMap { $0.isEmpty ? nil : $0 }
        func wrong(_ reason: String) -> SCAIPBodyError {
            SCAIPBodyError(code: .wrongContent, reason: reason, reference: reference)
        }
        func missing(_ name: String) -> SCAIPBodyError {
            SCAIPBodyError(code: .mandatoryElementMissing, reason: "<\(name)> is missing", reference: reference)
        }
        guard let reference else { throw SCAIPBodyError(code: .referenceMissing, reason: "<ref> is missing") }
        guard reference.count <= 16, reference.unicodeScalars.allSatisfy(Self.isReferenceCharacter) else {
            // Not echoed: a malformed reference is no reference to answer to.
            throw SCAIPBodyError(code: .wrongContent, reason: "<ref> must be 1–16 letters and digits")
        }
        func number(_ name: String) throws(SCAIPBodyError) -> Int? {
            guard let text = values[name], !text.isEmpty else { return nil }
            guard text.count <= 9, let value = Int(text), value >= 0 else { throw wrong("<\(name)> is not a number") }
            return value
        }
        guard let controller = values["cid"], !controller.isEmpty else { throw missing("cid") }
        guard controller.count <= 32, controller.allSatisfy(\.isASCIIDigit) else {
            throw wrong("<cid> must be digits")
        }
        guard let deviceType = try number("dty") else { throw missing("dty") }

        var request = SCAIPRequest(
            reference: reference, controllerID: controller, deviceType: deviceType,
            messageType: SCAIPMessageType(values["mty"]), statusCode: try number("stc"))
        request.version = values["ver"]
        request.systemConfiguration = try number("sco")
        request.callbackRequested = try number("cha") == 1
        request.acceptsHeartbeatInterval = try number("hbo") == 1
        request.deviceID = values["did"]
        request.component = values["dco"]
        request.deviceText = values["dte"]
        request.voiceContacts = contacts
        request.statusText = values["stt"]
        request.priority = try number("pri")
        if let priority = request.priority, priority > 9 { throw wrong("<pri> must be 0–9") }
        request.locationCode = try number("lco")
        request.locationValue = values["lva"]
        request.geoLocation = geo
        request.locationText = values["lte"]
        request.infoCode = try number("ico")
        request.infoText = values["ite"]
        request.fragmentsFollowing = try number("ame")
        request.unknownElements = unknown
        return request
    }

    static let known: Set<String> = [
        "ref", "ver", "sco", "cha", "mty", "hbo", "cid", "dty", "did", "dco", "dte", "stc", "stt", "pri", "lco", "lva",
        "lte", "ico", "ite", "ame",
    ]

    static func isReferenceCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    // MARK: Writing

    /// The body as the standard writes it: codes padded, elements in the standard's order.
    public func serialized() -> [UInt8] {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><mrq>"
        func add(_ name: String, _ value: String?) {
            if let value { xml += "<\(name)>\(LenientXMLReader.escape(value))</\(name)>" }
        }
        func padded(_ value: Int?, _ width: Int) -> String? {
            value.map { String(repeating: "0", count: max(0, width - String($0).count)) + String($0) }
        }
        add("ref", reference)
        add("ver", version)
        add("sco", systemConfiguration.map(String.init))
        add("cha", callbackRequested ? "1" : nil)
        add("mty", messageType.code)
        add("hbo", acceptsHeartbeatInterval ? "001" : nil)
        add("cid", controllerID)
        add("dty", padded(deviceType, 4))
        add("did", deviceID)
        add("dco", component)
        add("dte", deviceText)
        for contact in voiceContacts { add("crd", contact) }
        add("stc", padded(statusCode, 4))
        add("stt", statusText)
        add("pri", priority.map(String.init))
        add("lco", padded(locationCode, 3))
        add("lva", locationValue)
        if let geoLocation {
            xml += "<lge>"
            add("geo", geoLocation.position)
            add("tim", geoLocation.time)
            add("gga", geoLocation.nmea)
            xml += "</lge>"
        }
        add("lte", locationText)
        add("ico", padded(infoCode, 3))
        add("ite", infoText)
        add("ame", fragmentsFollowing.map(String.init))
        for element in unknownElements where !element.name.contains("/") { add(element.name, element.text) }
        xml += "</mrq>"
        return Array(xml.utf8)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
