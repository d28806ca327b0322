/// Writes protocol buffers wire format, with minimal length prefixes and without moving bytes.
///
/// A nested message's length prefix comes before its body, so the length has to be known before
/// the body is written. ``encode(lengthHint:_:)`` gets every length by running the same
/// field-writing code twice:
///
/// 1. a *measuring* pass adds up sizes without writing anything, and records the length of every
///    message written with ``message(_:_:)``, in the order the messages start;
/// 2. an *emitting* pass writes into one buffer of exactly the measured size, taking each nested
///    message's length from that record.
///
/// The body closures must therefore make the same calls in both passes (they only read their
/// inputs). The emitting pass checks that every message ends where it was measured to end, and
/// that it never writes past the buffer, so a body that broke the rule traps instead of writing
/// out of bounds or producing wrong bytes.
///
/// Where the caller can compute a message's length cheaply (attributes, ``AnyValue``), it passes
/// it to ``message(_:length:_:)``: the measuring pass then adds the length without running the
/// body. The body of such a message may write fields and other messages of known length only.
///
/// A writer made with ``init(capacity:)`` appends to ``bytes`` instead: each message written at its
/// top level is measured, then emitted in place at the end of ``bytes``. Hot paths use
/// ``encode(lengthHint:_:)``, which allocates the output once, at its exact size.
package struct ProtobufWriter {
    /// What a writer does with the fields it is given.
    private enum Mode {
        /// Appends to `bytes` (``init(capacity:)``).
        case append
        /// Counts bytes in `position` and records nested message lengths in `lengths`.
        case measure
        /// Writes at `base + position`, below `limit`, reading nested message lengths from `lengths`.
        case emit
    }

    private let mode: Mode

    /// The encoded bytes, for a writer made with ``init(capacity:)``.
    package private(set) var bytes: [UInt8]

    /// Measuring: the bytes counted so far. Emitting: the bytes written so far.
    private var position: Int = 0

    /// Emitting: where the bytes go; `limit` bytes are writable from there.
    private let base: UnsafeMutablePointer<UInt8>?
    private let limit: Int

    /// The lengths of the messages written with ``message(_:_:)``, in the order they start:
    /// appended by the measuring pass, read in the same order by the emitting pass.
    private var lengths: [Int]
    private var nextLength: Int = 0

    /// Creates a writer that appends to ``bytes``, with room for `capacity` bytes.
    package init(capacity: Int = 1024) {
        mode = .append
        bytes = []
        bytes.reserveCapacity(capacity)
        base = nil
        limit = 0
        lengths = []
    }

    private init(measuringWithRoomFor messages: Int) {
        mode = .measure
        bytes = []
        base = nil
        limit = 0
        lengths = []
        lengths.reserveCapacity(messages)
    }

    private init(emittingInto base: UnsafeMutablePointer<UInt8>, count: Int, lengths: [Int]) {
        mode = .emit
        bytes = []
        self.base = base
        limit = count
        self.lengths = lengths
    }

    /// The bytes `body` writes, measured first and then emitted into one exactly sized array.
    ///
    /// - Parameters:
    ///   - lengthHint: About how many messages `body` writes with ``message(_:_:)`` (for the
    ///     capacity of the record of their lengths); a guess is fine.
    ///   - body: Writes the fields. It runs twice and must make the same calls both times.
    package static func encode(lengthHint: Int = 16, _ body: (inout ProtobufWriter) -> Void) -> [UInt8] {
        var measurer = ProtobufWriter(measuringWithRoomFor: lengthHint)
        body(&measurer)
        let count = measurer.position
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var emitter = ProtobufWriter(
                emittingInto: buffer.baseAddress.unsafelyUnwrapped, count: count, lengths: measurer.lengths)
            body(&emitter)
            emitter.finishEmitting()
            initialized = count
        }
    }

    /// Traps unless the emitting pass wrote exactly what the measuring pass counted.
    private func finishEmitting() {
        precondition(
            position == limit && nextLength == lengths.count,
            "ProtobufWriter: the emitting pass wrote other fields than the measuring pass counted")
    }

    /// The wire types of the protobuf encoding.
    package enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    // MARK: sizes and raw stores

    /// The number of bytes of `value` as a varint: 1 to 10.
    @inline(__always)
    package static func varintSize(_ value: UInt64) -> Int {
        // 7 bits per byte: ceil(significant bits / 7), with 0 taking one byte.
        (70 &- (value | 1).leadingZeroBitCount) / 7
    }

    /// The number of bytes of a length-delimited field with a one-byte tag (fields 1 to 15)
    /// and a payload of `length` bytes.
    @inline(__always)
    static func smallFieldSize(length: Int) -> Int {
        1 &+ varintSize(UInt64(length)) &+ length
    }

    @inline(__always)
    private static func key(_ field: UInt32, _ type: WireType) -> UInt64 {
        UInt64(field) << 3 | UInt64(type.rawValue)
    }

    /// Stores `value` as a varint at `pointer`; returns the number of bytes stored.
    @inline(__always)
    private static func store(varint value: UInt64, at pointer: UnsafeMutablePointer<UInt8>) -> Int {
        var v = value
        var count = 0
        while v >= 0x80 {
            pointer[count] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            count &+= 1
        }
        pointer[count] = UInt8(truncatingIfNeeded: v)
        return count &+ 1
    }

    /// Counts, writes or appends `count` bytes, which `fill` stores from the pointer it is given.
    @inline(__always)
    private mutating func write(_ count: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Void) {
        switch mode {
        case .measure:
            position &+= count
        case .emit:
            precondition(count <= limit &- position, "ProtobufWriter: writing past the measured size")
            fill(base.unsafelyUnwrapped + position)
            position &+= count
        case .append:
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: count))
            bytes.withUnsafeMutableBufferPointer { fill($0.baseAddress.unsafelyUnwrapped + start) }
        }
    }

    /// A field key followed by a varint.
    @inline(__always)
    private mutating func keyAndVarint(_ key: UInt64, _ value: UInt64) {
        write(Self.varintSize(key) &+ Self.varintSize(value)) { pointer in
            let at = Self.store(varint: key, at: pointer)
            _ = Self.store(varint: value, at: pointer + at)
        }
    }

    /// A field key followed by 8 bytes, little-endian.
    @inline(__always)
    private mutating func keyAndFixed64(_ field: UInt32, _ value: UInt64) {
        let key = Self.key(field, .fixed64)
        write(Self.varintSize(key) &+ 8) { pointer in
            let at = Self.store(varint: key, at: pointer)
            UnsafeMutableRawPointer(pointer + at).storeBytes(of: value.littleEndian, as: UInt64.self)
        }
    }

    /// A length-delimited field holding `payload`.
    @inline(__always)
    private mutating func lengthDelimited(_ field: UInt32, _ payload: UnsafeRawBufferPointer) {
        let key = Self.key(field, .lengthDelimited)
        let count = payload.count
        write(Self.varintSize(key) &+ Self.varintSize(UInt64(count)) &+ count) { pointer in
            var at = Self.store(varint: key, at: pointer)
            at &+= Self.store(varint: UInt64(count), at: pointer + at)
            if let source = payload.baseAddress, count > 0 {
                UnsafeMutableRawPointer(pointer + at).copyMemory(from: source, byteCount: count)
            }
        }
    }

    // MARK: fields

    /// A varint of `value`, without a field key (the caller wrote it).
    package mutating func varint(_ value: UInt64) {
        write(Self.varintSize(value)) { _ = Self.store(varint: value, at: $0) }
    }

    /// An unsigned varint field; zero is the default and is omitted (proto3).
    package mutating func uint64(_ field: UInt32, _ value: UInt64) {
        guard value != 0 else { return }
        keyAndVarint(Self.key(field, .varint), value)
    }

    /// A signed (two's complement) varint field, omitted when zero.
    package mutating func int64(_ field: UInt32, _ value: Int64) {
        guard value != 0 else { return }
        keyAndVarint(Self.key(field, .varint), UInt64(bitPattern: value))
    }

    /// An int32/enum field, omitted when zero.
    package mutating func int32(_ field: UInt32, _ value: Int32) {
        guard value != 0 else { return }
        keyAndVarint(Self.key(field, .varint), UInt64(bitPattern: Int64(value)))
    }

    /// A uint32 field, omitted when zero.
    package mutating func uint32(_ field: UInt32, _ value: UInt32) {
        guard value != 0 else { return }
        keyAndVarint(Self.key(field, .varint), UInt64(value))
    }

    /// A bool field, omitted when false.
    package mutating func bool(_ field: UInt32, _ value: Bool) {
        guard value else { return }
        keyAndVarint(Self.key(field, .varint), 1)
    }

    /// A bool field written even when false (for `oneof` members, where presence matters).
    package mutating func boolAlways(_ field: UInt32, _ value: Bool) {
        keyAndVarint(Self.key(field, .varint), value ? 1 : 0)
    }

    /// A signed varint written even when zero (for `oneof` members).
    package mutating func int64Always(_ field: UInt32, _ value: Int64) {
        keyAndVarint(Self.key(field, .varint), UInt64(bitPattern: value))
    }

    /// A fixed64 field, omitted when zero.
    package mutating func fixed64(_ field: UInt32, _ value: UInt64) {
        guard value != 0 else { return }
        keyAndFixed64(field, value)
    }

    /// A fixed64 field written even when zero.
    package mutating func fixed64Always(_ field: UInt32, _ value: UInt64) {
        keyAndFixed64(field, value)
    }

    /// A fixed32 field, omitted when zero.
    package mutating func fixed32(_ field: UInt32, _ value: UInt32) {
        guard value != 0 else { return }
        let key = Self.key(field, .fixed32)
        write(Self.varintSize(key) &+ 4) { pointer in
            let at = Self.store(varint: key, at: pointer)
            UnsafeMutableRawPointer(pointer + at).storeBytes(of: value.littleEndian, as: UInt32.self)
        }
    }

    /// A double field, omitted when zero (+0.0).
    package mutating func double(_ field: UInt32, _ value: Double) {
        guard value.bitPattern != 0 else { return }
        keyAndFixed64(field, value.bitPattern)
    }

    /// A double field written even when zero (for `optional` and `oneof` members).
    package mutating func doubleAlways(_ field: UInt32, _ value: Double) {
        keyAndFixed64(field, value.bitPattern)
    }

    /// A string field, omitted when empty.
    package mutating func string(_ field: UInt32, _ value: String) {
        guard !value.isEmpty else { return }
        stringAlways(field, value)
    }

    /// A string field written even when empty (for `oneof` members).
    package mutating func stringAlways(_ field: UInt32, _ value: String) {
        if case .measure = mode {
            let count = value.utf8.count
            position &+= Self.varintSize(Self.key(field, .lengthDelimited)) &+ Self.varintSize(UInt64(count)) &+ count
            return
        }
        let written: Void? = value.utf8.withContiguousStorageIfAvailable { utf8 in
            lengthDelimited(field, UnsafeRawBufferPointer(utf8))
        }
        if written == nil {
            var copy = value
            copy.withUTF8 { lengthDelimited(field, UnsafeRawBufferPointer($0)) }
        }
    }

    /// A bytes field, omitted when empty.
    package mutating func bytesField(_ field: UInt32, _ value: some Collection<UInt8>) {
        guard !value.isEmpty else { return }
        bytesAlways(field, value)
    }

    /// A bytes field written even when empty.
    package mutating func bytesAlways(_ field: UInt32, _ value: some Collection<UInt8>) {
        let written: Void? = value.withContiguousStorageIfAvailable {
            lengthDelimited(field, UnsafeRawBufferPointer($0))
        }
        guard written == nil else { return }
        let key = Self.key(field, .lengthDelimited)
        let count = value.count
        write(Self.varintSize(key) &+ Self.varintSize(UInt64(count)) &+ count) { pointer in
            var at = Self.store(varint: key, at: pointer)
            at &+= Self.store(varint: UInt64(count), at: pointer + at)
            let (_, stored) = UnsafeMutableBufferPointer(start: pointer + at, count: count).initialize(from: value)
            precondition(stored == count, "ProtobufWriter: a collection yielded fewer bytes than its count")
        }
    }

    /// A 16-byte identifier written big-endian from its integer halves.
    package mutating func id(_ field: UInt32, high: UInt64, low: UInt64) {
        let key = Self.key(field, .lengthDelimited)
        write(Self.varintSize(key) &+ 17) { pointer in
            let at = Self.store(varint: key, at: pointer)
            pointer[at] = 16
            let raw = UnsafeMutableRawPointer(pointer + at + 1)
            raw.storeBytes(of: high.bigEndian, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
    }

    /// An 8-byte identifier written big-endian.
    package mutating func id(_ field: UInt32, _ value: UInt64) {
        let key = Self.key(field, .lengthDelimited)
        write(Self.varintSize(key) &+ 9) { pointer in
            let at = Self.store(varint: key, at: pointer)
            pointer[at] = 8
            UnsafeMutableRawPointer(pointer + at + 1).storeBytes(of: value.bigEndian, as: UInt64.self)
        }
    }

    /// Packed repeated fixed64 (histogram bucket counts).
    package mutating func packedFixed64(_ field: UInt32, _ values: [UInt64]) {
        packed64(field, values) { $0 }
    }

    /// Packed repeated double (histogram bounds).
    package mutating func packedDouble(_ field: UInt32, _ values: [Double]) {
        packed64(field, values) { $0.bitPattern }
    }

    private mutating func packed64<Value>(_ field: UInt32, _ values: [Value], _ bits: (Value) -> UInt64) {
        guard !values.isEmpty else { return }
        message(field, length: values.count &* 8) { writer in
            writer.write(values.count &* 8) { pointer in
                let raw = UnsafeMutableRawPointer(pointer)
                for (index, value) in values.enumerated() {
                    raw.storeBytes(of: bits(value).littleEndian, toByteOffset: index &* 8, as: UInt64.self)
                }
            }
        }
    }

    /// Packed repeated uint64 varints (exponential histogram bucket counts).
    package mutating func packedUInt64(_ field: UInt32, _ values: [UInt64]) {
        guard !values.isEmpty else { return }
        var length = 0
        for value in values { length &+= Self.varintSize(value) }
        message(field, length: length) { writer in
            writer.write(length) { pointer in
                var at = 0
                for value in values { at &+= Self.store(varint: value, at: pointer + at) }
            }
        }
    }

    // MARK: nested messages

    /// A field key and a length prefix.
    @inline(__always)
    private mutating func prefix(_ field: UInt32, length: Int) {
        keyAndVarint(Self.key(field, .lengthDelimited), UInt64(length))
    }

    /// A nested message written by `body`. Always written, even when empty, because presence of a
    /// submessage is meaningful (an empty `AnyValue` is not a missing one).
    package mutating func message(_ field: UInt32, _ body: (inout ProtobufWriter) -> Void) {
        switch mode {
        case .measure:
            let slot = lengths.count
            lengths.append(0)
            let start = position
            body(&self)
            let length = position &- start
            lengths[slot] = length
            position &+= Self.varintSize(Self.key(field, .lengthDelimited)) &+ Self.varintSize(UInt64(length))
        case .emit:
            let length = lengths[nextLength]
            nextLength &+= 1
            prefix(field, length: length)
            let end = position &+ length
            body(&self)
            precondition(position == end, "ProtobufWriter: a message's emitting pass differs from its measuring pass")
        case .append:
            var measurer = ProtobufWriter(measuringWithRoomFor: 4)
            body(&measurer)
            let length = measurer.position
            prefix(field, length: length)
            guard length > 0 else { return }
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: length))
            bytes.withUnsafeMutableBufferPointer { buffer in
                var emitter = ProtobufWriter(
                    emittingInto: buffer.baseAddress.unsafelyUnwrapped + start, count: length,
                    lengths: measurer.lengths)
                body(&emitter)
                emitter.finishEmitting()
            }
        }
    }

    /// A nested message of `length` bytes, which the caller computed, written by `body`.
    ///
    /// The measuring pass adds the length without running `body`, so `body` may write fields and
    /// messages of known length only, never ``message(_:_:)``. Writing another length traps.
    @inline(__always)
    package mutating func message(_ field: UInt32, length: Int, _ body: (inout ProtobufWriter) -> Void) {
        let key = Self.key(field, .lengthDelimited)
        switch mode {
        case .measure:
            position &+= Self.varintSize(key) &+ Self.varintSize(UInt64(length)) &+ length
        case .emit:
            keyAndVarint(key, UInt64(length))
            let end = position &+ length
            body(&self)
            precondition(position == end, "ProtobufWriter: a message of known length wrote another length")
        case .append:
            keyAndVarint(key, UInt64(length))
            let end = bytes.count &+ length
            body(&self)
            precondition(bytes.count == end, "ProtobufWriter: a message of known length wrote another length")
        }
    }
}
