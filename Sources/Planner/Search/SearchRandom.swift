/// The planner's random source: SplitMix64, so a seed gives the same search on every platform.
/// Kept inside the planner (which depends on nothing) and tuned for the hot loop: no generic
/// `Double.random(in:using:)` on the way to a number.
public struct SearchRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// Uniform in [0, 1).
    @inline(__always) public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in 0..<bound; `bound` must be positive.
    @inline(__always) public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: (next() >> 1) % UInt64(bound))
    }
}
