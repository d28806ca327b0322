/// The 8-bit `trace-flags` field of W3C Trace Context.
///
/// Only ``sampled`` (Trace Context level 1) and ``random`` (level 2) are defined; the other
/// bits are reserved and, per the recommendation, vendors must send them as zero.
public struct TraceFlags: OptionSet, Sendable, Hashable {
    /// The flags as the single byte carried on the wire.
    public let rawValue: UInt8

    /// Creates flags from the byte carried on the wire, keeping every bit as given.
    ///
    /// - Parameter rawValue: The flags byte.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The caller may have recorded trace data (bit `0x01`).
    public static let sampled = TraceFlags(rawValue: 0x01)

    /// The trace id's rightmost 7 bytes are random (bit `0x02`, W3C Trace Context level 2).
    public static let random = TraceFlags(rawValue: 0x02)

    /// The flags this implementation knows the meaning of; every other bit is reserved.
    static let defined: TraceFlags = [.sampled, .random]

    /// The flags byte as 2 lowercase hexadecimal characters.
    public var hexString: String {
        String(unsafeUninitializedCapacity: 2) { buffer in
            LowercaseHex.encode(UInt64(rawValue), digits: 2, into: buffer, at: 0)
            return 2
        }
    }
}
