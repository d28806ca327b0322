/// A set of fields (key and lane-tagged value) that may travel on `Lane`.
///
/// `LaneFields<TraceSafe>` goes on spans and span events; `LaneFields<LogOnly>` only on log
/// records. A log-only field set absorbs trace-safe fields (the log lane accepts both); the
/// reverse does not compile.
///
/// ```swift
/// var trace: LaneFields<TraceSafe> = ["prompt_length": prompt.unicodeScalarCount]
/// var log: LaneFields<LogOnly> = ["prompt": prompt]
/// log.append(contentsOf: trace)
/// ```
public struct LaneFields<Lane: TelemetryLane>: Sendable, Hashable {
    /// The fields as attributes; readable only inside this package for `LogOnly`.
    @usableFromInline package var attributes: Attributes

    /// Creates an empty field set.
    @inlinable
    public init() { attributes = Attributes() }

    /// Creates an empty field set with room for `capacity` fields.
    public init(minimumCapacity capacity: Int) { attributes = Attributes(minimumCapacity: capacity) }

    package init(attributes: Attributes) { self.attributes = attributes }

    /// The number of fields.
    public var count: Int { attributes.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { attributes.isEmpty }

    /// The keys, in insertion order.
    public var keys: [String] { attributes.map(\.key) }

    /// Sets `key` to `value` (last write wins). `nil` leaves the set unchanged, which is how an
    /// absent optional field is omitted.
    public mutating func set(_ key: String, _ value: LaneValue<Lane>?) {
        guard let value else { return }
        attributes[key] = value.attribute
    }

    /// The value for `key`, still tagged with its lane.
    public subscript(key: String) -> LaneValue<Lane>? {
        get { attributes[key].map(LaneValue.init) }
        set { attributes[key] = newValue?.attribute }
    }

    /// Sets every field of `other` over this set's.
    public mutating func append(contentsOf other: LaneFields<Lane>) {
        attributes.merge(other.attributes)
    }
}

extension LaneFields where Lane == TraceSafe {
    /// The plain attributes. Trace-safe data may go anywhere.
    public var plainAttributes: Attributes { attributes }

    /// Declares plain attributes trace-safe: ordinary library instrumentation.
    public init(_ attributes: Attributes) { self.attributes = attributes }
}

extension LaneFields where Lane == LogOnly {
    /// Widens trace-safe fields onto the log lane.
    public init(_ traceSafe: LaneFields<TraceSafe>) { self.attributes = traceSafe.attributes }

    /// Sets every trace-safe field of `other` over this set's (the log lane accepts both).
    public mutating func append(contentsOf other: LaneFields<TraceSafe>) {
        attributes.merge(other.attributes)
    }

    /// Sets a trace-safe value on the log lane. (Disfavoured so that a literal picks the
    /// log-only overload instead of being ambiguous.)
    @_disfavoredOverload
    public mutating func set(_ key: String, _ value: LaneValue<TraceSafe>?) {
        guard let value else { return }
        attributes[key] = value.attribute
    }
}

extension LaneFields: ExpressibleByDictionaryLiteral {
    /// Creates a field set from a literal; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, LaneValue<Lane>)...) {
        attributes = Attributes(minimumCapacity: elements.count)
        for (key, value) in elements { attributes[key] = value.attribute }
    }
}

extension LaneFields: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Trace-safe sets print their fields; log-only sets print only their keys.
    public var description: String {
        if Lane.self == TraceSafe.self { return attributes.description }
        return "<log-only: " + keys.joined(separator: ", ") + ">"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// An empty mirror: reflection does not reveal values.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
