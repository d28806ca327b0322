import OtelAPI

/// The attribute keys a view keeps; every other key is dropped before a series is looked up.
///
/// The keys live in a buffer of their own so that the recording path reads them through
/// ``KeptAttributeKeys``, a plain pointer, without touching a reference count.
///
/// Safe to share (`@unchecked Sendable`): the buffer is written once in init, only read after,
/// and freed in deinit.
final class AttributeKeyFilter: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<String>

    /// A filter keeping `keys`.
    init(keys: [String]) {
        storage = .allocate(capacity: keys.count)
        _ = storage.initialize(from: keys)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    /// The keys, valid while the filter lives.
    var kept: KeptAttributeKeys { KeptAttributeKeys(keys: UnsafeBufferPointer(storage)) }
}

/// The keys of an ``AttributeKeyFilter``, borrowed for as long as the filter lives.
struct KeptAttributeKeys {
    let keys: UnsafeBufferPointer<String>

    /// Whether `key` is kept.
    @inline(__always)
    func allows(_ key: String) -> Bool {
        for kept in keys where kept == key { return true }
        return false
    }
}

/// Something that identifies a series: an attribute set as the caller holds it, looked up in a
/// ``SeriesMap`` without building a new collection.
///
/// Each conformance has a fast path for the common case (no view filter, strings stored inline,
/// pairs in the stored order) made of arithmetic on the values alone, with no call the optimizer
/// cannot see through: it then keeps the attributes borrowed instead of retaining and releasing
/// each string. Everything else takes the general path.
protocol SeriesKey {
    /// Whether a key may appear more than once (the later value wins). When it may, the hash of
    /// the raw pairs can differ from the hash of the canonical set.
    var mayRepeatKeys: Bool { get }
    /// Whether there are no pairs at all (before any filter).
    var isEmpty: Bool { get }
    /// The hash of the pairs `filter` keeps: the sum of ``AttributeHashing/pair(key:value:)``.
    func seriesHash(_ filter: KeptAttributeKeys?) -> UInt64
    /// Whether the pairs `filter` keeps are exactly the set `stored` (which has unique keys).
    func matches(_ stored: Attributes, _ filter: KeptAttributeKeys?) -> Bool
    /// The set to store for a new series: filtered, a repeated key keeping its last value.
    func canonicalAttributes(_ filter: KeptAttributeKeys?) -> Attributes
}

extension Attributes: SeriesKey {
    var mayRepeatKeys: Bool { false }

    @inline(__always)
    func seriesHash(_ filter: KeptAttributeKeys?) -> UInt64 {
        if filter == nil {
            var hash = AttributeHashing.emptySet
            var index = 0
            while index < count {
                guard let key = AttributeHashing.inlineString(self[index].key),
                    let value = AttributeHashing.inlineValue(self[index].value)
                else { break }
                hash &+= AttributeHashing.pair(key: key, value: value)
                index += 1
            }
            if index == count { return hash }
        }
        return generalHash(filter)
    }

    @inline(never)
    func generalHash(_ filter: KeptAttributeKeys?) -> UInt64 {
        var hash = AttributeHashing.emptySet
        for attribute in self {
            if let filter, !filter.allows(attribute.key) { continue }
            hash &+= AttributeHashing.pair(
                key: AttributeHashing.string(attribute.key), value: AttributeHashing.value(attribute.value))
        }
        return hash
    }

    @inline(__always)
    func matches(_ stored: Attributes, _ filter: KeptAttributeKeys?) -> Bool {
        // Callers nearly always pass their attributes in the same order: compare position by
        // position and search only when the orders differ.
        if filter == nil {
            guard count == stored.count else { return false }
            var index = 0
            while index < count {
                guard AttributeHashing.inlineEqual(stored[index].key, self[index].key) == true,
                    let sameValue = AttributeHashing.inlineSameValue(stored[index].value, self[index].value)
                else { break }
                if !sameValue { return false }
                index += 1
            }
            if index == count { return true }
        }
        return generalMatch(stored, filter)
    }

    @inline(never)
    func generalMatch(_ stored: Attributes, _ filter: KeptAttributeKeys?) -> Bool {
        // Keys are unique on both sides, so finding every kept pair in `stored`, with equal
        // counts, means the sets are equal.
        var matched = 0
        for attribute in self {
            if let filter, !filter.allows(attribute.key) { continue }
            guard let storedValue = stored[attribute.key], AttributeHashing.sameValue(storedValue, attribute.value)
            else { return false }
            matched += 1
        }
        return matched == stored.count
    }

    func canonicalAttributes(_ filter: KeptAttributeKeys?) -> Attributes {
        guard let filter else { return self }
        var kept = self
        kept.filter { filter.allows($0) }
        return kept
    }
}

/// String tag pairs as `CodexSessionTelemetry`'s metrics client receives them: its default tags
/// followed by the caller's, a later pair overriding an earlier one of the same key. Looking a
/// series up from them builds no ``Attributes`` unless the series has to be created.
///
/// The buffers are borrowed for the duration of one call; the type never outlives it.
package struct TagPairs: SeriesKey {
    /// The tags that come first (the client's defaults).
    package let first: UnsafeBufferPointer<(String, String)>
    /// The tags that come second and win over `first`.
    package let second: UnsafeBufferPointer<(String, String)>

    /// Pairs `first` followed by `second`.
    @inlinable
    package init(first: UnsafeBufferPointer<(String, String)>, second: UnsafeBufferPointer<(String, String)>) {
        self.first = first
        self.second = second
    }

    var mayRepeatKeys: Bool { true }

    @inline(__always)
    private var count: Int { first.count + second.count }

    @inline(__always)
    var isEmpty: Bool { first.isEmpty && second.isEmpty }

    @inline(__always)
    private func key(_ index: Int) -> String {
        index < first.count ? first[index].0 : second[index - first.count].0
    }

    @inline(__always)
    private func value(_ index: Int) -> String {
        index < first.count ? first[index].1 : second[index - first.count].1
    }

    /// The words of pair `index`'s key and value, read from the buffers without loading the
    /// strings (so without touching reference counts); `nil` off 64-bit little-endian platforms.
    @inline(__always)
    private func words(_ index: Int) -> (key: AttributeHashing.StringWords, value: AttributeHashing.StringWords)? {
        #if _pointerBitWidth(_64) && _endian(little)
        let (buffer, position) = index < first.count ? (first, index) : (second, index - first.count)
        guard let base = buffer.baseAddress else { return nil }
        let pair = UnsafeRawPointer(base) + position * MemoryLayout<(String, String)>.stride
        return (
            pair.load(as: AttributeHashing.StringWords.self),
            pair.load(fromByteOffset: MemoryLayout<String>.stride, as: AttributeHashing.StringWords.self)
        )
        #else
        return nil
        #endif
    }

    @inline(__always)
    func seriesHash(_ filter: KeptAttributeKeys?) -> UInt64 {
        if filter == nil {
            var hash = AttributeHashing.emptySet
            var index = 0
            while index < count {
                guard let words = words(index), let key = AttributeHashing.inlineString(words: words.key),
                    let value = AttributeHashing.inlineString(words: words.value)
                else { break }
                hash &+= AttributeHashing.pair(key: key, value: value)
                index += 1
            }
            if index == count { return hash }
        }
        return generalHash(filter)
    }

    @inline(never)
    func generalHash(_ filter: KeptAttributeKeys?) -> UInt64 {
        var hash = AttributeHashing.emptySet
        for index in 0..<count {
            let key = key(index)
            if let filter, !filter.allows(key) { continue }
            hash &+= AttributeHashing.pair(
                key: AttributeHashing.string(key), value: AttributeHashing.string(value(index)))
        }
        return hash
    }

    @inline(__always)
    func matches(_ stored: Attributes, _ filter: KeptAttributeKeys?) -> Bool {
        if filter == nil, count == stored.count {
            var index = 0
            while index < count {
                guard let words = words(index),
                    AttributeHashing.inlineEqual(
                        words: unsafeBitCast(stored[index].key, to: AttributeHashing.StringWords.self), words.key)
                        == true,
                    case .string(let storedValue) = stored[index].value,
                    let sameValue = AttributeHashing.inlineEqual(
                        words: unsafeBitCast(storedValue, to: AttributeHashing.StringWords.self), words.value)
                else { break }
                if !sameValue { return false }
                index += 1
            }
            if index == count { return true }
        }
        return generalMatch(stored, filter)
    }

    @inline(never)
    func generalMatch(_ stored: Attributes, _ filter: KeptAttributeKeys?) -> Bool {
        var matched = 0
        for index in 0..<count {
            let key = key(index)
            if let filter, !filter.allows(key) { continue }
            // A repeated key would match one stored pair twice: refuse it here and let the
            // caller resolve it through the canonical set.
            guard case .string(let storedValue)? = stored[key], storedValue == value(index),
                !isRepeated(key, at: index)
            else { return false }
            matched += 1
        }
        return matched == stored.count
    }

    private func isRepeated(_ key: String, at index: Int) -> Bool {
        for other in 0..<count where other != index && self.key(other) == key { return true }
        return false
    }

    func canonicalAttributes(_ filter: KeptAttributeKeys?) -> Attributes {
        var attributes = Attributes(minimumCapacity: count)
        for index in 0..<count {
            let key = key(index)
            if let filter, !filter.allows(key) { continue }
            attributes[key] = .string(value(index))
        }
        return attributes
    }
}

/// The series that takes the measurements of attribute sets beyond a stream's cardinality limit.
enum MetricOverflow {
    /// Its attribute set: `otel.metric.overflow=true`.
    static let attributes: Attributes = ["otel.metric.overflow": true]
}
