import OtelAPI

/// Hashes of attribute keys and values computed in place, without allocating: the first step of
/// finding a series on the recording path.
///
/// Every key and value is first reduced to two words, its *fingerprint*: a string of up to 15
/// bytes is its bytes (little-endian, zero-padded) with its length in the top byte; a longer one,
/// a hash of its bytes with a marker; numbers and booleans, their bits with a type marker. A
/// pair hashes by one multiply-mix of its key's and value's fingerprints, and an attribute set is
/// the wrapping sum of its pairs' hashes, so it does not depend on the order of the pairs.
///
/// It is a fast, non-cryptographic hash for in-process tables only: never persist it. A key or
/// string value has the same fingerprint whether it arrives in ``Attributes`` or in the tag
/// pairs of `CodexSessionTelemetry`'s metrics client, and whatever the `String`'s storage.
enum AttributeHashing {
    /// A key's or value's two-word fingerprint.
    typealias Fingerprint = (low: UInt64, high: UInt64)

    /// The hash of the empty attribute set.
    static var emptySet: UInt64 { 0 }

    /// Mixes two words into one (the 128-bit product folded, as wyhash does).
    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// The hash of one key/value pair.
    @inline(__always)
    static func pair(key: Fingerprint, value: Fingerprint) -> UInt64 {
        mix(
            key.low ^ (key.high << 29 | key.high >> 35) ^ 0x2d35_8dcc_aa6c_78a5,
            value.low ^ (value.high << 29 | value.high >> 35) ^ 0x8bb8_4b93_962e_acc9)
    }

    // MARK: - Strings

    /// Bit 61 of a string's second word: set when the string's bytes are stored inline.
    private static var inlineFlag: UInt64 { 1 << 61 }
    /// The top byte of a long string's fingerprint (short ones hold their length, 0...15).
    private static var longMarker: UInt64 { 0xFF << 56 }

    /// The fingerprint of a string.
    @inline(__always)
    static func string(_ text: String) -> Fingerprint {
        inlineString(text) ?? storedString(text)
    }

    /// The fingerprint of `text` computed from the `String` value alone, when its bytes are
    /// stored inline (up to 15 bytes: nearly every key and tag value); `nil` otherwise.
    ///
    /// Pure arithmetic on the value's two words: no call, no memory access, no reference count.
    /// Reading the same bytes through `utf8.withContiguousStorageIfAvailable` copies them to the
    /// stack and reads them back at unaligned offsets, which stalls store-to-load forwarding and
    /// measured twice as slow. The layout read here is the standard library's on 64-bit
    /// little-endian platforms: bytes 0–7 in the first word, bytes 8–14 in the low 56 bits of the
    /// second, the length in bits 56–59, flags in bits 60–63 (bit 61 marks the inline form), and
    /// every unused byte zero (an invariant `_SmallString` checks). ``storedString(_:)`` computes
    /// the same fingerprint from the bytes, so a string hashes the same however it is stored; a
    /// test checks that the two agree.
    @inline(__always)
    static func inlineString(_ text: String) -> Fingerprint? {
        #if _pointerBitWidth(_64) && _endian(little)
        return inlineString(words: unsafeBitCast(text, to: StringWords.self))
        #else
        return nil
        #endif
    }

    /// The two words of a `String` value on 64-bit platforms.
    typealias StringWords = (UInt64, UInt64)

    /// ``inlineString(_:)`` from the string's words, read where the string is stored: reading
    /// the words (a trivial type) from memory, instead of loading the `String` itself, takes no
    /// reference.
    @inline(__always)
    static func inlineString(words: StringWords) -> Fingerprint? {
        guard words.1 & inlineFlag != 0 else { return nil }
        return (words.0, words.1 & 0x0FFF_FFFF_FFFF_FFFF)
    }

    /// Whether two strings are equal, when their values alone tell: the same words (equal), or
    /// two different inline strings (not equal: an inline string's words are a function of its
    /// bytes). `nil` when only a full comparison can tell.
    @inline(__always)
    static func inlineEqual(_ lhs: String, _ rhs: String) -> Bool? {
        #if _pointerBitWidth(_64) && _endian(little)
        return inlineEqual(words: unsafeBitCast(lhs, to: StringWords.self), unsafeBitCast(rhs, to: StringWords.self))
        #else
        return nil
        #endif
    }

    /// ``inlineEqual(_:_:)`` from the strings' words.
    @inline(__always)
    static func inlineEqual(words lhs: StringWords, _ rhs: StringWords) -> Bool? {
        if lhs.0 == rhs.0, lhs.1 == rhs.1 { return true }
        if lhs.1 & rhs.1 & inlineFlag != 0 { return false }
        return nil
    }

    /// The fingerprint of a string from its bytes, whatever its storage.
    @inline(never)
    static func storedString(_ text: String) -> Fingerprint {
        if let fingerprint = text.utf8.withContiguousStorageIfAvailable({ bytes(UnsafeRawBufferPointer($0)) }) {
            return fingerprint
        }
        var copy = text
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable { bytes(UnsafeRawBufferPointer($0)) } ?? (0, longMarker)
    }

    /// The fingerprint of a byte buffer.
    static func bytes(_ buffer: UnsafeRawBufferPointer) -> Fingerprint {
        let count = buffer.count
        guard let base = buffer.baseAddress, count > 0 else { return (0, 0) }
        if count <= 8 { return (word(base, count), UInt64(count) << 56) }
        if count <= 15 {
            return (base.loadUnaligned(as: UInt64.self), word(base + 8, count - 8) | UInt64(count) << 56)
        }
        var seed = UInt64(truncatingIfNeeded: count)
        var offset = 0
        while offset + 16 < count {
            seed = mix(
                base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ 0x8bb8_4b93_962e_acc9 ^ seed,
                base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self) ^ 0x4b33_a62e_d433_d4a3)
            offset += 16
        }
        let low = base.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
        let high = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        return (
            mix(low ^ seed, high ^ 0x2d35_8dcc_aa6c_78a5), (UInt64(truncatingIfNeeded: count) & 0xFF_FFFF) | longMarker
        )
    }

    /// The little-endian word of `count` (1...8) bytes, zero above them.
    private static func word(_ base: UnsafeRawPointer, _ count: Int) -> UInt64 {
        if count >= 4 {
            // Two overlapping loads; the overlapping bytes agree, so OR-ing them is exact.
            return UInt64(base.loadUnaligned(as: UInt32.self))
                | UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << (UInt64(count - 4) &* 8)
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var word = UInt64(bytes[0])
        if count > 1 { word |= UInt64(bytes[1]) << 8 }
        if count > 2 { word |= UInt64(bytes[2]) << 16 }
        return word
    }

    // MARK: - Values

    /// The fingerprint of an attribute value. A string value's is the string's.
    @inline(__always)
    static func value(_ value: AttributeValue) -> Fingerprint {
        if case .string(let text) = value { return string(text) }
        return nonStringValue(value)
    }

    /// The fingerprint of a value computed without a call (inline strings, integers), or `nil`.
    @inline(__always)
    static func inlineValue(_ value: AttributeValue) -> Fingerprint? {
        if case .string(let text) = value { return inlineString(text) }
        if case .int(let number) = value { return int(number) }
        return nil
    }

    @inline(__always)
    private static func int(_ number: Int64) -> Fingerprint { (UInt64(bitPattern: number), 0xF1 << 56) }

    @inline(never)
    static func nonStringValue(_ value: AttributeValue) -> Fingerprint {
        switch value {
        case .string(let text): return string(text)
        case .int(let number): return int(number)
        case .bool(let flag): return (flag ? 1 : 0, 0xF2 << 56)
        case .double(let number): return (canonicalBits(number), 0xF3 << 56)
        case .bytes(let bytes):
            let fingerprint = bytes.withUnsafeBytes { self.bytes($0) }
            return (fingerprint.low, fingerprint.high ^ 0xF4 << 56)
        case .stringArray(let items):
            return (items.reduce(0x74) { mix($0 ^ fold(string($1)), 0x9E37_79B9_7F4A_7C15) }, 0xF5 << 56)
        case .boolArray(let items):
            return (items.reduce(0x75) { mix($0 ^ ($1 ? 1 : 2), 0x9E37_79B9_7F4A_7C15) }, 0xF6 << 56)
        case .intArray(let items):
            return (items.reduce(0x76) { mix($0 ^ UInt64(bitPattern: $1), 0x9E37_79B9_7F4A_7C15) }, 0xF7 << 56)
        case .doubleArray(let items):
            return (items.reduce(0x77) { mix($0 ^ canonicalBits($1), 0x9E37_79B9_7F4A_7C15) }, 0xF8 << 56)
        }
    }

    private static func fold(_ fingerprint: Fingerprint) -> UInt64 {
        fingerprint.low ^ (fingerprint.high << 29 | fingerprint.high >> 35)
    }

    /// Whether two values identify the same series, when that can be told without a call
    /// (strings with the same words or stored inline, integers); `nil` otherwise.
    @inline(__always)
    static func inlineSameValue(_ lhs: AttributeValue, _ rhs: AttributeValue) -> Bool? {
        if case .string(let left) = lhs, case .string(let right) = rhs { return inlineEqual(left, right) }
        if case .int(let left) = lhs, case .int(let right) = rhs { return left == right }
        return nil
    }

    /// Whether two values identify the same series. Unlike `==`, a NaN equals a NaN here (and
    /// `-0.0` equals `0.0`), so a NaN attribute does not open a new series on every measurement.
    static func sameValue(_ lhs: AttributeValue, _ rhs: AttributeValue) -> Bool {
        switch (lhs, rhs) {
        case (.double(let left), .double(let right)): return canonicalBits(left) == canonicalBits(right)
        case (.doubleArray(let left), .doubleArray(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { canonicalBits($0) == canonicalBits($1) }
        default: return lhs == rhs
        }
    }

    /// The bits of `value` with every NaN made one NaN and `-0.0` made `0.0`.
    @inline(__always)
    static func canonicalBits(_ value: Double) -> UInt64 {
        if value.isNaN { return Double.nan.bitPattern }
        return value == 0 ? 0 : value.bitPattern
    }
}

/// The attribute hashing, for name caches elsewhere in this package (the metrics client of
/// `CodexSessionTelemetry` finds its instruments by name with it).
package enum MetricNameHashing {
    /// A hash of `name`'s bytes; no allocation, no reference count for names of up to 15 bytes.
    @inline(__always)
    package static func hash(_ name: String) -> UInt64 {
        AttributeHashing.pair(key: AttributeHashing.string(name), value: (0, 0))
    }

    /// Whether two names are equal; decided from the values alone for names stored inline.
    @inline(__always)
    package static func equal(_ lhs: String, _ rhs: String) -> Bool {
        AttributeHashing.inlineEqual(lhs, rhs) ?? (lhs == rhs)
    }
}
