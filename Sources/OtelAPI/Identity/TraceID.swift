/// The 16-byte identifier of a distributed trace, as defined by W3C Trace Context.
///
/// The identifier is stored as two big-endian halves: ``high`` holds the first eight bytes and
/// ``low`` the last eight, so comparing `(high, low)` orders identifiers like their bytes.
/// An identifier whose bytes are all zero is ``invalid``.
public struct TraceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The first eight bytes of the identifier, read as a big-endian integer.
    public let high: UInt64

    /// The last eight bytes of the identifier, read as a big-endian integer.
    public let low: UInt64

    /// Creates an identifier from its two big-endian halves.
    ///
    /// - Parameters:
    ///   - high: The first eight bytes, as a big-endian integer.
    ///   - low: The last eight bytes, as a big-endian integer.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The all-zero identifier, which W3C Trace Context declares invalid.
    public static let invalid = TraceID(high: 0, low: 0)

    /// Whether at least one byte of the identifier is non-zero.
    public var isValid: Bool {
        high != 0 || low != 0
    }

    /// Parses exactly 32 lowercase hexadecimal characters.
    ///
    /// Uppercase digits, any other character and any other length yield `nil`. The all-zero
    /// string parses successfully to ``invalid``; check ``isValid`` when that matters.
    ///
    /// - Parameter hex: The text to parse.
    public init?(hex: some StringProtocol) {
        let parsed = withContiguousUTF8(hex) { bytes -> TraceID? in
            guard bytes.count == 32,
                let high = LowercaseHex.decode(bytes, from: 0, count: 16),
                let low = LowercaseHex.decode(bytes, from: 16, count: 16)
            else { return nil }
            return TraceID(high: high, low: low)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// The identifier as 32 lowercase hexadecimal characters.
    public var hexString: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            LowercaseHex.encode(high, digits: 16, into: buffer, at: 0)
            LowercaseHex.encode(low, digits: 16, into: buffer, at: 16)
            return 32
        }
    }

    /// Calls `body` with the 16 bytes of the identifier in big-endian order, without allocating.
    ///
    /// - Parameter body: A closure that reads the bytes; the pointer is valid only during the call.
    /// - Returns: Whatever `body` returns.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let bigEndian = (high.bigEndian, low.bigEndian)
        return try withUnsafeBytes(of: bigEndian, body)
    }

    /// The 16 bytes of the identifier in big-endian order.
    public var bytes: [UInt8] {
        withBytes { Array($0) }
    }

    /// Creates an identifier from exactly 16 bytes in big-endian order.
    ///
    /// - Parameter bytes: The bytes; any count other than 16 yields `nil`.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (offset, byte) in bytes.enumerated() {
            if offset < 8 {
                high = (high << 8) | UInt64(byte)
            } else {
                low = (low << 8) | UInt64(byte)
            }
        }
        self.init(high: high, low: low)
    }

    /// The identifier as 32 lowercase hexadecimal characters; the same as ``hexString``.
    public var description: String {
        hexString
    }

    /// Orders identifiers like their big-endian byte sequences.
    public static func < (lhs: TraceID, rhs: TraceID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
