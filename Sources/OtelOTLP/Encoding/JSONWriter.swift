/// Writes JSON into one byte buffer, with the conventions of the OTLP JSON mapping: keys in
/// lowerCamelCase (chosen by the caller), 64-bit integers as strings, ids as lowercase hex,
/// enums as integers, non-finite doubles as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
package struct JSONWriter {
    /// The encoded bytes.
    package private(set) var bytes: [UInt8]
    private var needsComma: [Bool] = [false]

    /// Creates a writer with room for `capacity` bytes.
    package init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes `{ ... }` as the next value.
    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
        body(&self)
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes `[ ... ]` as the next value.
    package mutating func array(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
        body(&self)
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"key":` inside an object; the next call writes its value.
    package mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        suppressNextComma()
    }

    /// Writes `"key":` with a key known only at run time.
    package mutating func key(dynamic key: String) {
        separate()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        suppressNextComma()
    }

    /// A string value.
    package mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    /// A boolean value.
    package mutating func bool(_ value: Bool) {
        separate()
        appendASCII(value ? "true" : "false")
    }

    /// A small integer (enum or 32-bit) as a JSON number.
    package mutating func int(_ value: Int) {
        separate()
        appendASCII(String(value))
    }

    /// A 64-bit integer as a JSON string, as the OTLP mapping requires.
    package mutating func int64String(_ value: Int64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendASCII(String(value))
        bytes.append(UInt8(ascii: "\""))
    }

    /// An unsigned 64-bit integer as a JSON string.
    package mutating func uint64String(_ value: UInt64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendASCII(String(value))
        bytes.append(UInt8(ascii: "\""))
    }

    /// A double: a JSON number, or a string for NaN and the infinities. Whole numbers are written
    /// without a fraction, except -0.0, which would lose its sign.
    package mutating func double(_ value: Double) {
        separate()
        if value.isNaN {
            appendASCII("\"NaN\"")
        } else if value.isInfinite {
            appendASCII(value < 0 ? "\"-Infinity\"" : "\"Infinity\"")
        } else if value == value.rounded(), abs(value) < 1e15, value != 0 || value.sign == .plus {
            appendASCII(String(Int64(value)))
        } else {
            appendASCII(String(value))
        }
    }

    /// Raw bytes as standard base64 (proto3 JSON `bytes`).
    package mutating func base64(_ value: some Collection<UInt8>) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        Base64.encode(value, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Lowercase hex of big-endian integer halves (OTLP ids).
    package mutating func hexID(high: UInt64, low: UInt64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendHex(high)
        appendHex(low)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Lowercase hex of an 8-byte id.
    package mutating func hexID(_ value: UInt64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendHex(value)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendHex(_ value: UInt64) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { table in
            var shift = 60
            while shift >= 0 {
                bytes.append(table[Int((value >> UInt64(shift)) & 0xF)])
                shift -= 4
            }
        }
    }

    private var skipComma = false

    private mutating func suppressNextComma() { skipComma = true }

    private mutating func separate() {
        if skipComma {
            skipComma = false
            return
        }
        if needsComma[needsComma.count - 1] {
            bytes.append(UInt8(ascii: ","))
        } else {
            needsComma[needsComma.count - 1] = true
        }
    }

    private mutating func appendASCII(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        let hex: StaticString = "0123456789abcdef"
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                hex.withUTF8Buffer { table in
                    bytes.append(table[Int(byte >> 4)])
                    bytes.append(table[Int(byte & 0xF)])
                }
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// Standard base64 with padding.
package enum Base64 {
    /// Appends the base64 encoding of `input` to `output`.
    package static func encode(_ input: some Collection<UInt8>, into output: inout [UInt8]) {
        let table: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        table.withUTF8Buffer { alphabet in
            var iterator = input.makeIterator()
            while let first = iterator.next() {
                let second = iterator.next()
                let third = iterator.next()
                let chunk = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
                output.append(alphabet[Int(chunk >> 18 & 0x3F)])
                output.append(alphabet[Int(chunk >> 12 & 0x3F)])
                output.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(chunk >> 6 & 0x3F)])
                output.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(chunk & 0x3F)])
            }
        }
    }
}
