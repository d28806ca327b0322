/// How attribute keys are compared: byte for byte, as UTF-8, the way OpenTelemetry's other SDKs
/// (Rust, Go, Java, C++) compare them. (`String.==` compares by Unicode canonical equivalence,
/// under which `"é"` written as one scalar or as `e` + combining accent are the same key; no
/// exporter or collector treats them so.)
///
/// Keys are compared constantly (every set into an ``Attributes`` looks for the key first), so
/// the usual cases are settled from the two words of each `String` value, without reading
/// their bytes:
/// - equal words are the same string (the same storage, or the same bytes stored inline);
/// - two keys of up to 15 UTF-8 bytes are stored inline ("small" strings) on 64-bit platforms,
///   their words *are* their bytes and length, so different words are different keys;
/// - keys of different UTF-8 lengths differ, and the length of a small string, and of a native
///   or literal one, is in its words.
///
/// The second rule reads the standard library's string layout (the small-string flag, bit 61 of
/// the second word). That layout is checked against strings of known bytes wherever the rule is
/// used: if a future standard library lays strings out otherwise, the rule switches itself off
/// and every comparison reads the bytes.
@usableFromInline
package enum AttributeKeyComparison {
    /// The small-string flag of the second word when the layout is the expected one, else 0
    /// (which turns the second rule off). The check reads literals, whose words the compiler
    /// knows, so it folds to a constant: no global, no one-time initialisation on the hot path.
    @inlinable
    package static var smallFlag: UInt64 {
        #if _pointerBitWidth(_64)
        // Known small strings: words are bytes; the top byte holds the flags and the length.
        let laidOutAsExpected =
            words("") == (0, 0xE0 << 56) && words("ab") == (0x6261, 0xE2 << 56)
            && words("\u{E9}") == (0xA9C3, 0xA2 << 56)
            && words("abcdefghijklmnopq").0 & countMask == 17 && words("abcdefghijklmnopq").1 >> 60 == 0x8
        return laidOutAsExpected ? 1 << 61 : 0
        #else
        return 0
        #endif
    }

    /// The bits of a large string's first word that hold its UTF-8 length.
    @inlinable
    static var countMask: UInt64 { 0x0000_FFFF_FFFF_FFFF }

    /// The UTF-8 length of a string from its words, or `nil` when the words do not say it
    /// plainly (a string bridged from another runtime). Only called when ``smallFlag`` is set.
    @inlinable @inline(__always)
    static func utf8Count(_ words: (UInt64, UInt64), smallFlag: UInt64) -> UInt64? {
        if words.1 & smallFlag != 0 { return (words.1 >> 56) & 0xF }
        // Large: native (top bits 0) or literal (immortal, 0x8); anything else is left alone.
        let discriminator = words.1 >> 60
        return discriminator == 0 || discriminator == 0x8 ? words.0 & countMask : nil
    }

    /// The two words of a `String` value (64-bit platforms).
    @inlinable @inline(__always)
    static func words(_ key: String) -> (UInt64, UInt64) {
        #if _pointerBitWidth(_64)
        unsafeBitCast(key, to: (UInt64, UInt64).self)
        #else
        (0, 0)
        #endif
    }

    /// Whether `a` and `b` hold the same UTF-8 bytes. `smallFlag` is ``smallFlag``, loaded once
    /// by the caller outside its loop.
    @inlinable @inline(__always)
    package static func equal(_ a: String, _ b: String, smallFlag: UInt64) -> Bool {
        #if _pointerBitWidth(_64)
        let x = words(a)
        let y = words(b)
        if x == y { return true }
        if smallFlag != 0 {
            if x.1 & y.1 & smallFlag != 0 { return false }
            if let xCount = utf8Count(x, smallFlag: smallFlag), let yCount = utf8Count(y, smallFlag: smallFlag),
                xCount != yCount
            {
                return false
            }
        }
        #endif
        return equalBytes(a, b)
    }

    /// False when the keys of `attributes` are certainly distinct, judged from their words
    /// alone: each key picks one bit of 64 by a function of its bytes, and keys that pick
    /// different bits differ. A small key's bit comes from its words (which are its bytes); a
    /// key longer than 15 bytes, which no small key equals, picks the bit of its length. True
    /// (they may repeat: compare them) when two keys pick the same bit, or when a key's words
    /// do not say enough (a short key stored out of line, a bridged string, an unexpected
    /// layout). Five distinct small keys share a bit, and so still go to the pairwise check, in
    /// about 15% of sets; the filter costs about 20 instructions a key, where the pairwise check
    /// costs about 20 a pair.
    @inlinable
    package static func mayRepeat(_ attributes: UnsafeBufferPointer<Attribute>, smallFlag: UInt64) -> Bool {
        guard smallFlag != 0 else { return true }
        var taken: UInt64 = 0
        for attribute in attributes {
            let keyWords = words(attribute.key)
            let bit: UInt64
            if keyWords.1 & smallFlag != 0 {
                bit = ((keyWords.0 ^ keyWords.1) &* 0x9E37_79B9_7F4A_7C15) >> 58
            } else if let count = utf8Count(keyWords, smallFlag: smallFlag), count > 15 {
                bit = count & 63
            } else {
                return true
            }
            let mask: UInt64 = 1 << bit
            if taken & mask != 0 { return true }
            taken |= mask
        }
        return false
    }

    /// Whether `a` and `b` hold the same UTF-8 bytes, read from their storage.
    @usableFromInline
    static func equalBytes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        guard a.utf8.count == b.utf8.count else { return false }
        return a.withUTF8 { x in
            b.withUTF8 { y in x.elementsEqual(y) }
        }
    }
}
