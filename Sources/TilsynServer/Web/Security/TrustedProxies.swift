import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The reverse proxies whose forwarded headers (`X-Forwarded-For`, `X-Forwarded-Proto`) are believed:
/// `tilsyn serve --trusted-proxy CIDR…`, none by default. A header from anyone else is ignored, so a
/// client cannot pick a new address for each guess (throttling) or write a forged one into the
/// audit log.
public struct TrustedProxies: Sendable, Equatable {
    /// One address range.
    public struct Range: Sendable, Equatable, CustomStringConvertible {
        let bytes: [UInt8]
        let prefixLength: Int

        /// Parses `192.0.2.0/24`, `2001:db8::/32` or a single address (a range of one).
        public init?(_ text: String) {
            let parts = text.trimmingCharacters(in: .whitespaces).split(
                separator: "/", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let bytes = TrustedProxies.addressBytes(String(parts[0])) else {
                return nil
            }
            let maximum = bytes.count * 8
            let length = parts.count == 2 ? Int(parts[1]) : maximum
            guard let length, (0...maximum).contains(length) else { return nil }
            self.bytes = bytes
            prefixLength = length
        }

        /// Whether `address` (its bytes) lies in the range.
        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for index in bytes.indices where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }

        public var description: String {
            "\(TrustedProxies.text(of: bytes))/\(prefixLength)"
        }
    }

    /// The ranges; empty means no proxy is trusted.
    public var ranges: [Range]

    /// Creates the list.
    public init(_ ranges: [Range] = []) {
        self.ranges = ranges
    }

    /// Whether `address` is a trusted proxy.
    public func isTrusted(_ address: String?) -> Bool {
        guard let address, let bytes = Self.addressBytes(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer itself, unless the peer is a trusted proxy; then the nearest
    /// address in `X-Forwarded-For` that is not itself a trusted proxy (the leftmost entries are
    /// whatever the client wrote and are never believed past the first untrusted hop).
    public func clientAddress(peer: String?, forwardedFor: [String]) -> String {
        guard let peer else { return "unknown" }
        guard isTrusted(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for hop in hops.reversed() {
            guard Self.addressBytes(hop) != nil else { return peer }
            if !isTrusted(hop) { return hop }
        }
        return hops.first.flatMap { Self.addressBytes($0) != nil ? $0 : nil } ?? peer
    }

    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            // An IPv4 address seen over IPv6 (::ffff:a.b.c.d) is that IPv4 address.
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                return Array(bytes[12...])
            }
            return bytes
        }
        return nil
    }

    static func text(of bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: bytes.count, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }.joined(separator: ":")
    }
}
