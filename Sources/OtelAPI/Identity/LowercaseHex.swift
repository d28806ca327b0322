/// Allocation-free lowercase hexadecimal encoding and decoding over UTF-8 bytes.
///
/// W3C Trace Context only admits lowercase hex digits (`0-9`, `a-f`), so decoding rejects
/// uppercase letters on purpose.
enum LowercaseHex {
    /// The value of one lowercase hex digit, or `nil` for any other byte.
    @inline(__always)
    static func nibble(_ byte: UInt8) -> UInt8? {
        let digit = byte &- 0x30  // "0"
        if digit < 10 { return digit }
        let letter = byte &- 0x61  // "a"
        if letter < 6 { return letter &+ 10 }
        return nil
    }

    /// The lowercase hex digit for the low four bits of `nibble`.
    @inline(__always)
    static func digit(_ nibble: UInt8) -> UInt8 {
        let value = nibble & 0x0F
        return value < 10 ? 0x30 &+ value : 0x57 &+ value
    }

    /// Decodes `count` (at most 16) lowercase hex digits starting at `start`.
    ///
    /// The caller guarantees that `start ..< start + count` lies inside `buffer`.
    /// Returns `nil` when any byte is not a lowercase hex digit.
    static func decode(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> UInt64? {
        var result: UInt64 = 0
        var index = start
        let end = start + count
        while index < end {
            guard let value = nibble(buffer[index]) else { return nil }
            result = (result << 4) | UInt64(value)
            index += 1
        }
        return result
    }

    /// Writes the low `digits` nibbles of `value` as lowercase hex, most significant first,
    /// into `buffer[offset ..< offset + digits]`.
    static func encode(
        _ value: UInt64,
        digits: Int,
        into buffer: UnsafeMutableBufferPointer<UInt8>,
        at offset: Int
    ) {
        var remaining = value
        var index = offset + digits
        while index > offset {
            index -= 1
            buffer[index] = digit(UInt8(truncatingIfNeeded: remaining))
            remaining >>= 4
        }
    }
}

/// Calls `body` with the UTF-8 bytes of `text` in contiguous memory, copying only when the
/// string is not already stored contiguously.
func withContiguousUTF8<Result>(
    _ text: some StringProtocol,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result
) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) {
        return result
    }
    let copy = Array(text.utf8)
    return copy.withUnsafeBufferPointer(body)
}
