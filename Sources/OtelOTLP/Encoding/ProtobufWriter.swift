/// Writes protocol buffers wire format into one growing byte buffer.
///
/// Nested messages are written in place: ``message(_:_:)`` reserves one byte for the length,
/// writes the body, then fixes the length, moving the body only when the length needs more than
/// one byte. That keeps encoding to one buffer and no intermediate copies per submessage.
package struct ProtobufWriter {
    /// The encoded bytes.
    package private(set) var bytes: [UInt8]

    /// Creates a writer with room for `capacity` bytes.
    package init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The wire types of the protobuf encoding.
    package enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    @inline(__always)
    mutating func tag(_ field: UInt32, _ type: WireType) {
        varint(UInt64(field << 3 | UInt32(type.rawValue)))
    }

    @inline(__always)
    package mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// An unsigned varint field; zero is the default and is omitted (proto3).
    package mutating func uint64(_ field: UInt32, _ value: UInt64) {
        guard value != 0 else { return }
        tag(field, .varint)
        varint(value)
    }

    /// A signed (two's complement) varint field, omitted when zero.
    package mutating func int64(_ field: UInt32, _ value: Int64) {
        guard value != 0 else { return }
        tag(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    /// An int32/enum field, omitted when zero.
    package mutating func int32(_ field: UInt32, _ value: Int32) {
        guard value != 0 else { return }
        tag(field, .varint)
        varint(UInt64(bitPattern: Int64(value)))
    }

    /// A uint32 field, omitted when zero.
    package mutating func uint32(_ field: UInt32, _ value: UInt32) {
        guard value != 0 else { return }
        tag(field, .varint)
        varint(UInt64(value))
    }

    /// A bool field, omitted when false.
    package mutating func bool(_ field: UInt32, _ value: Bool) {
        guard value else { return }
        tag(field, .varint)
        bytes.append(1)
    }

    /// A bool field written even when false (for `oneof` members, where presence matters).
    package mutating func boolAlways(_ field: UInt32, _ value: Bool) {
        tag(field, .varint)
        bytes.append(value ? 1 : 0)
    }

    /// A signed varint written even when zero (for `oneof` members).
    package mutating func int64Always(_ field: UInt32, _ value: Int64) {
        tag(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    /// A fixed64 field, omitted when zero.
    package mutating func fixed64(_ field: UInt32, _ value: UInt64) {
        guard value != 0 else { return }
        fixed64Always(field, value)
    }

    /// A fixed64 field written even when zero.
    package mutating func fixed64Always(_ field: UInt32, _ value: UInt64) {
        tag(field, .fixed64)
        appendLittleEndian(value)
    }

    /// A fixed32 field, omitted when zero.
    package mutating func fixed32(_ field: UInt32, _ value: UInt32) {
        guard value != 0 else { return }
        tag(field, .fixed32)
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
    }

    /// A double field, omitted when zero (+0.0).
    package mutating func double(_ field: UInt32, _ value: Double) {
        guard value.bitPattern != 0 else { return }
        doubleAlways(field, value)
    }

    /// A double field written even when zero (for `optional` and `oneof` members).
    package mutating func doubleAlways(_ field: UInt32, _ value: Double) {
        tag(field, .fixed64)
        appendLittleEndian(value.bitPattern)
    }

    /// A string field, omitted when empty.
    package mutating func string(_ field: UInt32, _ value: String) {
        guard !value.isEmpty else { return }
        stringAlways(field, value)
    }

    /// A string field written even when empty (for `oneof` members).
    package mutating func stringAlways(_ field: UInt32, _ value: String) {
        tag(field, .lengthDelimited)
        var copy = value
        copy.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A bytes field, omitted when empty.
    package mutating func bytesField(_ field: UInt32, _ value: some Collection<UInt8>) {
        guard !value.isEmpty else { return }
        bytesAlways(field, value)
    }

    /// A bytes field written even when empty.
    package mutating func bytesAlways(_ field: UInt32, _ value: some Collection<UInt8>) {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A 16- or 8-byte identifier written big-endian from its integer halves.
    package mutating func id(_ field: UInt32, high: UInt64, low: UInt64) {
        tag(field, .lengthDelimited)
        bytes.append(16)
        appendBigEndian(high)
        appendBigEndian(low)
    }

    /// An 8-byte identifier written big-endian.
    package mutating func id(_ field: UInt32, _ value: UInt64) {
        tag(field, .lengthDelimited)
        bytes.append(8)
        appendBigEndian(value)
    }

    /// Packed repeated fixed64 (histogram bucket counts).
    package mutating func packedFixed64(_ field: UInt32, _ values: [UInt64]) {
        guard !values.isEmpty else { return }
        tag(field, .lengthDelimited)
        varint(UInt64(values.count * 8))
        for value in values { appendLittleEndian(value) }
    }

    /// Packed repeated double (histogram bounds).
    package mutating func packedDouble(_ field: UInt32, _ values: [Double]) {
        guard !values.isEmpty else { return }
        tag(field, .lengthDelimited)
        varint(UInt64(values.count * 8))
        for value in values { appendLittleEndian(value.bitPattern) }
    }

    /// Packed repeated uint64 varints (exponential histogram bucket counts).
    package mutating func packedUInt64(_ field: UInt32, _ values: [UInt64]) {
        guard !values.isEmpty else { return }
        tag(field, .lengthDelimited)
        let lengthAt = beginLength()
        for value in values { varint(value) }
        endLength(lengthAt)
    }

    /// A nested message written in place by `body`. Always written, even when empty, because
    /// presence of a submessage is meaningful (an empty `AnyValue` is not a missing one).
    package mutating func message(_ field: UInt32, _ body: (inout ProtobufWriter) -> Void) {
        tag(field, .lengthDelimited)
        let lengthAt = beginLength()
        body(&self)
        endLength(lengthAt)
    }

    @inline(__always)
    private mutating func beginLength() -> Int {
        bytes.append(0)
        return bytes.count
    }

    /// Writes the length of the bytes after `start` into the byte reserved before it, moving
    /// the body right when the varint needs more than one byte.
    private mutating func endLength(_ start: Int) {
        let length = bytes.count - start
        if length < 0x80 {
            bytes[start - 1] = UInt8(length)
            return
        }
        var width = 1
        var remaining = UInt64(length) >> 7
        while remaining > 0 {
            width += 1
            remaining >>= 7
        }
        let extra = width - 1
        bytes.append(contentsOf: repeatElement(0, count: extra))
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            (base + start + extra).update(from: base + start, count: length)
            var v = UInt64(length)
            var at = start - 1
            while v >= 0x80 {
                base[at] = UInt8(truncatingIfNeeded: v) | 0x80
                v >>= 7
                at += 1
            }
            base[at] = UInt8(v)
        }
    }

    @inline(__always)
    private mutating func appendLittleEndian(_ value: UInt64) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    private mutating func appendBigEndian(_ value: UInt64) {
        var v = value.bigEndian
        withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
    }
}
