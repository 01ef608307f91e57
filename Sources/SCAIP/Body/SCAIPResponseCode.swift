/// The centre's answer in `<snu>`: what the device should do next.
public enum SCAIPResponseCode: Int, Sendable, Hashable, Codable, CaseIterable {
    /// Handled: the device may stop.
    case handled = 0
    case tooLong = 1
    case invalidFormat = 2
    case wrongContent = 3
    /// Hold: the centre has it; re-send the same request later.
    case hold = 4
    /// Not handled: take the next action (another receiver).
    case notHandled = 5
    case busy = 6
    case mandatoryElementMissing = 7
    case referenceMissing = 10
    case undefinedError = 99
}

/// Why a SCAIP body was refused, and the `snu` that tells the device so.
public struct SCAIPBodyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: SCAIPResponseCode
    public var reason: String
    /// The request's `ref`, when it could be read (the answer must carry it).
    public var reference: String?

    public var description: String { "snu \(code.rawValue): \(reason)" }
}
