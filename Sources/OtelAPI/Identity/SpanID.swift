/// The 8-byte identifier of a span (the W3C Trace Context `parent-id`).
///
/// The identifier is stored as one big-endian integer: the first byte is the most significant.
/// An identifier whose bytes are all zero is ``invalid``.
public struct SpanID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The eight bytes of the identifier, read as a big-endian integer.
    public let value: UInt64

    /// Creates an identifier from its eight bytes read as a big-endian integer.
    ///
    /// - Parameter value: The identifier's bytes as a big-endian integer.
    public init(_ value: UInt64) {
        self.value = value
    }

    /// The all-zero identifier, which W3C Trace Context declares invalid.
    public static let invalid = SpanID(0)

    /// Whether at least one byte of the identifier is non-zero.
    public var isValid: Bool {
        value != 0
    }

    /// Parses exactly 16 lowercase hexadecimal characters.
    ///
    /// Uppercase digits, any other character and any other length yield `nil`. The all-zero
    /// string parses successfully to ``invalid``; check ``isValid`` when that matters.
    ///
    /// - Parameter hex: The text to parse.
    public init?(hex: some StringProtocol) {
        let parsed = withContiguousUTF8(hex) { bytes -> UInt64? in
            guard bytes.count == 16 else { return nil }
            return LowercaseHex.decode(bytes, from: 0, count: 16)
        }
        guard let parsed else { return nil }
        self.init(parsed)
    }

    /// The identifier as 16 lowercase hexadecimal characters.
    public var hexString: String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            LowercaseHex.encode(value, digits: 16, into: buffer, at: 0)
            return 16
        }
    }

    /// Calls `body` with the 8 bytes of the identifier in big-endian order, without allocating.
    ///
    /// - Parameter body: A closure that reads the bytes; the pointer is valid only during the call.
    /// - Returns: Whatever `body` returns.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: value.bigEndian, body)
    }

    /// The 8 bytes of the identifier in big-endian order.
    public var bytes: [UInt8] {
        withBytes { Array($0) }
    }

    /// Creates an identifier from exactly 8 bytes in big-endian order.
    ///
    /// - Parameter bytes: The bytes; any count other than 8 yields `nil`.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 8 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            value = (value << 8) | UInt64(byte)
        }
        self.init(value)
    }

    /// The identifier as 16 lowercase hexadecimal characters; the same as ``hexString``.
    public var description: String {
        hexString
    }

    /// Orders identifiers like their big-endian byte sequences.
    public static func < (lhs: SpanID, rhs: SpanID) -> Bool {
        lhs.value < rhs.value
    }
}
