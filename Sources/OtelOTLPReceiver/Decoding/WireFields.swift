import OtelOTLP

/// Iterates the fields of one protobuf message, turning wire-format failures into
/// ``OTLPDecodeError`` and offering typed accessors that check each field's wire type.
struct WireFields {
    private var reader: ProtobufReader

    init(_ bytes: ArraySlice<UInt8>) { reader = ProtobufReader(bytes) }

    /// The next field, or `nil` at the end of the message.
    mutating func next() throws(OTLPDecodeError) -> WireField? {
        do {
            guard let (number, value) = try reader.next() else { return nil }
            return WireField(number: number, value: value)
        } catch {
            throw .invalidProtobuf(path: "", reason: error.description)
        }
    }
}

/// One field of a protobuf message.
struct WireField {
    let number: UInt32
    let value: ProtobufReader.FieldValue

    private func wrongType(_ name: String, expected: String) -> OTLPDecodeError {
        let actual: String
        switch value {
        case .varint: actual = "varint"
        case .fixed64: actual = "fixed64"
        case .fixed32: actual = "fixed32"
        case .lengthDelimited: actual = "length-delimited"
        }
        return .invalidProtobuf(
            path: name, reason: "field \(number) has wire type \(actual); the schema says \(expected)")
    }

    /// A length-delimited field: an embedded message, bytes or packed values.
    func bytes(_ name: String) throws(OTLPDecodeError) -> ArraySlice<UInt8> {
        guard case .lengthDelimited(let slice) = value else { throw wrongType(name, expected: "length-delimited") }
        return slice
    }

    /// A UTF-8 string field.
    func string(_ name: String) throws(OTLPDecodeError) -> String {
        let slice = try bytes(name)
        // Validating contiguous memory takes the standard library's fast path.
        guard let text = slice.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) else {
            throw .invalidProtobuf(path: name, reason: "the string is not valid UTF-8")
        }
        return text
    }

    /// A varint field (int32, int64, uint32, uint64, bool, enum).
    func varint(_ name: String) throws(OTLPDecodeError) -> UInt64 {
        guard case .varint(let raw) = value else { throw wrongType(name, expected: "varint") }
        return raw
    }

    /// A uint32 field (counts), truncated to 32 bits as protobuf parsers do.
    func uint32(_ name: String) throws(OTLPDecodeError) -> UInt32 {
        UInt32(truncatingIfNeeded: try varint(name))
    }

    /// An int32 or enum field (negative values are sign-extended to 64 bits on the wire).
    func int32(_ name: String) throws(OTLPDecodeError) -> Int32 {
        Int32(truncatingIfNeeded: Int64(bitPattern: try varint(name)))
    }

    /// A zigzag-encoded sint32 field.
    func sint32(_ name: String) throws(OTLPDecodeError) -> Int32 {
        WireField.zigzag32(try varint(name))
    }

    /// A fixed64 or sfixed64 field (timestamps, counts, `as_int`) as its bit pattern.
    func fixed64(_ name: String) throws(OTLPDecodeError) -> UInt64 {
        guard case .fixed64(let raw) = value else { throw wrongType(name, expected: "fixed64") }
        return raw
    }

    /// A fixed32 field (flags).
    func fixed32(_ name: String) throws(OTLPDecodeError) -> UInt32 {
        guard case .fixed32(let raw) = value else { throw wrongType(name, expected: "fixed32") }
        return raw
    }

    /// A double field.
    func double(_ name: String) throws(OTLPDecodeError) -> Double {
        Double(bitPattern: try fixed64(name))
    }

    /// The values of a repeated fixed64 field: one unpacked value, or a packed run.
    func repeatedFixed64(_ name: String, budget: inout ElementBudget) throws(OTLPDecodeError) -> [UInt64] {
        switch value {
        case .fixed64(let raw):
            try budget.take()
            return [raw]
        case .lengthDelimited(let slice):
            guard slice.count % 8 == 0 else {
                throw .invalidProtobuf(
                    path: name, reason: "packed fixed64 run of \(slice.count) bytes is not a multiple of 8")
            }
            try budget.take(slice.count / 8)
            var values: [UInt64] = []
            values.reserveCapacity(slice.count / 8)
            var index = slice.startIndex
            while index < slice.endIndex {
                var word: UInt64 = 0
                for shift in 0..<8 { word |= UInt64(slice[index + shift]) << UInt64(8 * shift) }
                values.append(word)
                index += 8
            }
            return values
        default:
            throw wrongType(name, expected: "fixed64 or packed fixed64")
        }
    }

    /// The values of a repeated uint64 varint field: one unpacked value, or a packed run.
    func repeatedVarint(_ name: String, budget: inout ElementBudget) throws(OTLPDecodeError) -> [UInt64] {
        switch value {
        case .varint(let raw):
            try budget.take()
            return [raw]
        case .lengthDelimited(let slice):
            var values: [UInt64] = []
            var index = slice.startIndex
            while index < slice.endIndex {
                var result: UInt64 = 0
                var shift: UInt64 = 0
                while true {
                    guard index < slice.endIndex else {
                        throw .invalidProtobuf(path: name, reason: "packed varint run ends inside a varint")
                    }
                    let byte = slice[index]
                    index += 1
                    guard shift < 63 || byte <= 1 else {
                        throw .invalidProtobuf(path: name, reason: "varint longer than 10 bytes")
                    }
                    result |= UInt64(byte & 0x7F) << shift
                    if byte & 0x80 == 0 { break }
                    shift += 7
                }
                try budget.take()
                values.append(result)
            }
            return values
        default:
            throw wrongType(name, expected: "varint or packed varint")
        }
    }

    static func zigzag32(_ raw: UInt64) -> Int32 {
        let value = UInt32(truncatingIfNeeded: raw)
        return Int32(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }
}
