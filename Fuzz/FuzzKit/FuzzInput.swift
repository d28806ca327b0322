/// Reads a fuzz input front to back: single bytes for choices, and separator-delimited fields.
///
/// Reading past the end yields zeros and empty fields, so every input is usable.
public struct FuzzInput {
    /// The input's bytes.
    public let bytes: [UInt8]
    /// The index of the next unread byte.
    public private(set) var offset = 0

    /// Copies the input.
    public init(_ buffer: UnsafeRawBufferPointer) {
        bytes = Array(buffer)
    }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { offset >= bytes.count }

    /// The next byte, or 0 at the end.
    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The next `count` bytes as a big-endian integer (missing bytes count as 0).
    public mutating func integer(bytes count: Int) -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<count { value = value << 8 | UInt64(byte()) }
        return value
    }

    /// The bytes up to the next `separator` (which is consumed), or up to the end.
    public mutating func field(separator: UInt8) -> ArraySlice<UInt8> {
        let start = min(offset, bytes.count)
        let end = bytes[start...].firstIndex(of: separator) ?? bytes.count
        offset = end + 1
        return bytes[start..<end]
    }

    /// The bytes up to the next `separator`, as text (invalid UTF-8 becomes U+FFFD).
    public mutating func text(separator: UInt8) -> String {
        String(decoding: field(separator: separator), as: UTF8.self)
    }

    /// Everything not read yet.
    public mutating func rest() -> [UInt8] {
        let start = min(offset, bytes.count)
        offset = bytes.count
        return Array(bytes[start...])
    }
}
