/// Decoding of the text forms OTLP/JSON uses for binary data: base64 for `bytes` values and
/// hexadecimal for trace and span identifiers.
enum TextCodecs {
    /// Decodes standard or URL-safe base64, with or without padding (as proto3 JSON parsers
    /// accept); `nil` for anything else.
    static func base64(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text.utf8 {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="):
                padding += 1
                continue
            default: return nil
            }
            guard padding == 0 else { return nil }  // data after padding
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // 6 leftover bits cannot come from whole bytes; more than two `=` is never valid.
        guard bits < 6, padding <= 2 else { return nil }
        return output
    }

    /// Decodes exactly `2 * byteCount` hexadecimal digits (either case) into big-endian
    /// 64-bit words: one word for 8 bytes, two for 16. `nil` for any other text.
    static func hexWords(_ text: String, byteCount: Int) -> [UInt64]? {
        let utf8 = text.utf8
        guard utf8.count == byteCount * 2 else { return nil }
        var words: [UInt64] = []
        var word: UInt64 = 0
        var digits = 0
        for byte in utf8 {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            word = word << 4 | UInt64(nibble)
            digits += 1
            if digits == 16 {
                words.append(word)
                word = 0
                digits = 0
            }
        }
        return words
    }
}
