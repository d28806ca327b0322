/// One key and its value.
public struct Attribute: Sendable, Hashable {
    /// The attribute's key, such as `http.request.method`.
    public var key: String
    /// The attribute's value.
    public var value: AttributeValue

    /// Creates an attribute.
    @inlinable
    public init(_ key: String, _ value: AttributeValue) {
        self.key = key
        self.value = value
    }
}

/// An ordered collection of attributes in which a key appears at most once.
///
/// Setting a key that is already present replaces its value in place (last write wins). Keys
/// are compared byte for byte, as UTF-8 (see ``AttributeKeyComparison``).
/// Typical telemetry carries a handful of attributes, so the collection is a small array
/// searched linearly: cheaper than hashing at these sizes and it keeps insertion order.
///
/// ```swift
/// var attributes: Attributes = ["model": "gpt-5.1", "attempt": 2]
/// attributes["attempt"] = 3
/// ```
public struct Attributes: Sendable, Hashable {
    @usableFromInline
    var storage: [Attribute]

    /// Creates an empty collection.
    @inlinable
    public init() { storage = [] }

    /// Creates an empty collection with room for `capacity` attributes.
    @inlinable
    public init(minimumCapacity capacity: Int) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Creates a collection from attributes; a repeated key keeps its last value.
    public init(_ attributes: some Sequence<Attribute>) {
        storage = []
        setEach(Array(attributes))
    }

    /// The number of attributes.
    @inlinable
    public var count: Int { storage.count }

    /// Whether the collection is empty.
    @inlinable
    public var isEmpty: Bool { storage.isEmpty }

    /// The value for `key`, or `nil`. Assigning `nil` removes the key.
    @inlinable
    public subscript(key: String) -> AttributeValue? {
        get {
            guard let index = index(ofKey: key) else { return nil }
            return storage[index].value
        }
        set {
            if let index = index(ofKey: key) {
                if let newValue {
                    storage[index].value = newValue
                } else {
                    storage.remove(at: index)
                }
            } else if let newValue {
                storage.append(Attribute(key, newValue))
            }
        }
    }

    /// The position of `key`, or `nil`.
    @inlinable
    func index(ofKey key: String) -> Int? {
        let smallFlag = AttributeKeyComparison.smallFlag
        var index = 0
        let count = storage.count
        while index < count {
            if AttributeKeyComparison.equal(storage[index].key, key, smallFlag: smallFlag) { return index }
            index &+= 1
        }
        return nil
    }

    /// Appends `key` with `value`, for a caller that knows the key is not present yet (checked in
    /// debug builds): no look-up.
    @inlinable
    package mutating func append(newKey key: String, _ value: AttributeValue) {
        assert(index(ofKey: key) == nil, "attribute key '\(key)' is already present")
        storage.append(Attribute(key, value))
    }

    /// Appends every attribute of `other`, for a caller that knows none of its keys is present
    /// yet (checked in debug builds): no look-up.
    package mutating func append(newKeysOf other: Attributes) {
        assert(other.allSatisfy { index(ofKey: $0.key) == nil }, "an attribute key is already present")
        if storage.isEmpty {
            storage = other.storage
        } else {
            storage.append(contentsOf: other.storage)
        }
    }

    /// Sets every attribute of `other`, replacing values of keys already present.
    public mutating func merge(_ other: Attributes) {
        if storage.isEmpty {
            storage = other.storage
            return
        }
        setEach(other.storage)
    }

    /// Sets each attribute in turn (a repeated key keeps its last value, at its first place):
    /// with a search per key for the usual handful, with a hash table when there are many, so that
    /// large sets cost time in proportion to their size rather than its square.
    @usableFromInline
    mutating func setEach(_ attributes: [Attribute]) {
        // The searches compare each key with those already set: with the existing ones and with
        // the earlier ones of `attributes`.
        let comparisons = (storage.count &+ attributes.count / 2) &* attributes.count
        guard comparisons > Self.linearSearchLimit else {
            for attribute in attributes { self[attribute.key] = attribute.value }
            return
        }
        // Existing keys are distinct: each takes its position.
        var positions = [ByteKey: Int](minimumCapacity: storage.count + attributes.count)
        for index in storage.indices { positions[ByteKey(storage[index].key)] = index }
        storage.reserveCapacity(storage.count + attributes.count)
        for attribute in attributes {
            let key = ByteKey(attribute.key)
            if let index = positions[key] {
                storage[index].value = attribute.value
            } else {
                positions[key] = storage.count
                storage.append(attribute)
            }
        }
    }

    /// Above this many key comparisons, ``setEach(_:)`` hashes instead.
    @usableFromInline
    static var linearSearchLimit: Int { 1024 }

    /// `key` set to `value` and moved first, then the other attributes in their order: one pass,
    /// where removing the key and inserting it at the front would be two.
    package func withLeadingAttribute(_ key: String, _ value: AttributeValue) -> Attributes {
        var result = Attributes(minimumCapacity: storage.count + 1)
        result.storage.append(Attribute(key, value))
        let smallFlag = AttributeKeyComparison.smallFlag
        for attribute in storage where !AttributeKeyComparison.equal(attribute.key, key, smallFlag: smallFlag) {
            result.storage.append(attribute)
        }
        return result
    }

    /// A copy with `key` set to `value` (in its place when present, else last): one pass, where
    /// a copy and then a set would search the copy and might grow it.
    package func withAttribute(_ key: String, _ value: AttributeValue) -> Attributes {
        var result = Attributes(minimumCapacity: storage.count + 1)
        let smallFlag = AttributeKeyComparison.smallFlag
        var found = false
        for attribute in storage {
            if !found && AttributeKeyComparison.equal(attribute.key, key, smallFlag: smallFlag) {
                result.storage.append(Attribute(key, value))
                found = true
            } else {
                result.storage.append(attribute)
            }
        }
        if !found { result.storage.append(Attribute(key, value)) }
        return result
    }

    /// A copy with every attribute of `other` set over this collection's.
    public func merging(_ other: Attributes) -> Attributes {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Removes every attribute.
    public mutating func removeAll(keepingCapacity: Bool = false) {
        storage.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Keeps only the attributes whose key satisfies `isIncluded`.
    public mutating func filter(keys isIncluded: (String) -> Bool) {
        storage.removeAll { !isIncluded($0.key) }
    }
}

extension Attributes: RandomAccessCollection {
    /// The first position.
    @inlinable public var startIndex: Int { storage.startIndex }
    /// The position past the last attribute.
    @inlinable public var endIndex: Int { storage.endIndex }
    /// The attribute at `position`.
    @inlinable public subscript(position: Int) -> Attribute { storage[position] }
}

extension Attributes: ExpressibleByDictionaryLiteral {
    /// Creates a collection from a literal; a repeated key keeps its last value.
    @inlinable
    public init(dictionaryLiteral elements: (String, AttributeValue)...) {
        storage = []
        storage.reserveCapacity(elements.count)
        for (key, value) in elements { storage.append(Attribute(key, value)) }
        if storage.count > 1 { removeDuplicateKeysKeepingLast() }
    }

    /// Literals almost never repeat a key: check cheaply, and only rebuild when one does.
    @usableFromInline
    mutating func removeDuplicateKeysKeepingLast() {
        let count = storage.count
        let hasDuplicate =
            count &* count > Self.linearSearchLimit
            ? Set(storage.lazy.map { ByteKey($0.key) }).count < count
            : storage.withUnsafeBufferPointer { buffer -> Bool in
                let smallFlag = AttributeKeyComparison.smallFlag
                guard AttributeKeyComparison.mayRepeat(buffer, smallFlag: smallFlag) else { return false }
                for later in 1..<buffer.count {
                    for earlier in 0..<later
                    where AttributeKeyComparison.equal(buffer[later].key, buffer[earlier].key, smallFlag: smallFlag) {
                        return true
                    }
                }
                return false
            }
        guard hasDuplicate else { return }
        let entries = storage
        storage.removeAll(keepingCapacity: true)
        setEach(entries)
    }
}

/// An attribute key as a hash-table key: hashed and compared byte for byte, like every key
/// comparison of ``Attributes``.
@usableFromInline
struct ByteKey: Hashable {
    let key: String

    @usableFromInline
    init(_ key: String) { self.key = key }

    @usableFromInline
    static func == (left: ByteKey, right: ByteKey) -> Bool {
        AttributeKeyComparison.equal(left.key, right.key, smallFlag: AttributeKeyComparison.smallFlag)
    }

    @usableFromInline
    func hash(into hasher: inout Hasher) {
        var key = key
        key.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension Attributes: CustomStringConvertible {
    /// The attributes as `key=value` pairs.
    public var description: String {
        "[" + storage.map { "\($0.key)=\($0.value.displayString)" }.joined(separator: ", ") + "]"
    }
}
