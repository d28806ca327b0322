/// Reads protocol buffers wire format, for the collector's export responses (and, in the demo's
/// receiver, requests). Unknown fields are skipped; malformed input is an error, never a crash.
package struct ProtobufReader {
    private let bytes: ArraySlice<UInt8>
    private var offset: Int
    private let end: Int

    /// Why decoding failed.
    package enum DecodeError: Error, Hashable, CustomStringConvertible {
        /// The input ended inside a field.
        case truncated
        /// A varint ran over 10 bytes.
        case malformedVarint
        /// A wire type the format does not define (3, 4 groups are not supported).
        case unsupportedWireType(UInt8)
        /// A string field was not valid UTF-8.
        case invalidUTF8
        /// A length prefix pointed past the end.
        case badLength

        /// What was wrong with the input.
        package var description: String {
            switch self {
            case .truncated: return "protobuf input ended inside a field"
            case .malformedVarint: return "protobuf varint longer than 10 bytes"
            case .unsupportedWireType(let type): return "unsupported protobuf wire type \(type)"
            case .invalidUTF8: return "protobuf string field is not valid UTF-8"
            case .badLength: return "protobuf length prefix runs past the end of the input"
            }
        }
    }

    /// A field's value as the wire carries it.
    package enum FieldValue {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case lengthDelimited(ArraySlice<UInt8>)

        /// The varint as a signed integer, or zero.
        package var int64: Int64 {
            if case .varint(let v) = self { return Int64(bitPattern: v) }
            return 0
        }

        /// The bytes of a length-delimited field, or empty.
        package var slice: ArraySlice<UInt8> {
            if case .lengthDelimited(let s) = self { return s }
            return []
        }

        /// The field as a UTF-8 string.
        package func string() throws(DecodeError) -> String {
            guard let text = String(validating: slice, as: UTF8.self) else { throw .invalidUTF8 }
            return text
        }
    }

    /// A reader over `bytes`.
    package init(_ bytes: some Collection<UInt8>) {
        self.init(Array(bytes)[...])
    }

    /// A reader over `bytes`, without copying them.
    package init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    /// A reader over `bytes` (such as a nested message's ``FieldValue/slice``), without copying
    /// them: nested messages share the outer buffer, so decoding deep nesting costs no memory.
    package init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.offset = bytes.startIndex
        self.end = bytes.endIndex
    }

    /// Whether everything has been read.
    package var isAtEnd: Bool { offset >= end }

    /// The next field number and value, or `nil` at the end.
    package mutating func next() throws(DecodeError) -> (field: UInt32, value: FieldValue)? {
        guard offset < end else { return nil }
        let key = try readVarint()
        let field = UInt32(truncatingIfNeeded: key >> 3)
        switch UInt8(key & 7) {
        case 0: return (field, .varint(try readVarint()))
        case 1: return (field, .fixed64(try readFixed64()))
        case 5: return (field, .fixed32(try readFixed32()))
        case 2:
            let length = try readVarint()
            guard length <= UInt64(end - offset) else { throw .badLength }
            let slice = bytes[offset..<offset + Int(length)]
            offset += Int(length)
            return (field, .lengthDelimited(slice))
        case let other: throw .unsupportedWireType(other)
        }
    }

    private mutating func readVarint() throws(DecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw .truncated }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 { throw .malformedVarint }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .malformedVarint }
        }
    }

    private mutating func readFixed64() throws(DecodeError) -> UInt64 {
        guard end - offset >= 8 else { throw .truncated }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return value
    }

    private mutating func readFixed32() throws(DecodeError) -> UInt32 {
        guard end - offset >= 4 else { throw .truncated }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * UInt32(index)) }
        offset += 4
        return value
    }
}
