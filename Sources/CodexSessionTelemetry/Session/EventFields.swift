import OtelAPI

/// The fields of a session event as its builder writes them: a ``LaneFields`` of the event's
/// lane that appends without looking for the key first.
///
/// Every builder in this module writes each key once, with a literal name, and the session
/// metadata appended after them never shares a key with an event's own fields. A field set with
/// a look-up on every write spent most of an event's time comparing keys (18 fields and 10
/// metadata fields make about 300 comparisons per lane); here a write is an append. Debug builds
/// check the rule on every write, so a test of an event that broke it fails.
///
/// The lane rules are those of ``LaneFields``: a `LogOnly` value does not compile on the trace
/// lane.
struct EventFields<Lane: TelemetryLane> {
    /// The fields written so far.
    private(set) var fields: LaneFields<Lane>

    init(minimumCapacity capacity: Int) { fields = LaneFields(minimumCapacity: capacity) }

    /// Fields that begin with `event.name` set to `name`, which the SDK's lanes put first (see
    /// `LaneEvent.init(target:name:fieldsLeadingWithName:severity:timestamp:)`).
    init(named name: String, minimumCapacity capacity: Int) {
        fields = LaneFields(minimumCapacity: capacity + 1)
        fields.attributes.append(newKey: "event.name", .string(name))
    }

    init(_ fields: LaneFields<Lane>) { self.fields = fields }

    /// Adds `key` with `value`; `nil` adds nothing (an absent optional field).
    mutating func set(_ key: String, _ value: LaneValue<Lane>?) {
        guard let value else { return }
        fields.attributes.append(newKey: key, value.attribute)
    }

    /// Adds every field of `other`.
    mutating func append(contentsOf other: LaneFields<Lane>) {
        fields.attributes.append(newKeysOf: other.attributes)
    }
}

extension EventFields where Lane == LogOnly {
    /// Widens trace-safe fields onto the log lane.
    init(_ traceSafe: EventFields<TraceSafe>) { fields = LaneFields<LogOnly>(traceSafe.fields) }

    /// Adds a trace-safe value on the log lane. (Disfavoured so that a literal picks the log-only
    /// overload instead of being ambiguous.)
    @_disfavoredOverload
    mutating func set(_ key: String, _ value: LaneValue<TraceSafe>?) {
        guard let value else { return }
        fields.attributes.append(newKey: key, value.attribute)
    }

    /// Adds every trace-safe field of `other`.
    mutating func append(contentsOf other: LaneFields<TraceSafe>) {
        fields.attributes.append(newKeysOf: other.plainAttributes)
    }
}
