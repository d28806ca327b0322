import OtelAPI

/// The count and value-length limits of one attribute collection (a span's, an event's, a
/// link's or a log record's), and how they are applied.
///
/// A new key beyond the count limit is dropped (and counted by the caller); replacing the value
/// of a key already present is always allowed. Strings longer than the length limit, and each
/// such element of a string array, are truncated to that many Unicode scalars; other values are
/// never truncated.
struct AttributeLimits: Sendable, Hashable {
    /// The most attributes kept.
    var countLimit: Int
    /// The most Unicode scalars kept of a string value; `nil` for no limit.
    var valueLengthLimit: Int?

    /// `attributes` within the limits, and how many were dropped. Returns the same storage
    /// when nothing needs to change.
    @inline(__always)
    func apply(_ attributes: Attributes) -> (attributes: Attributes, dropped: Int) {
        var limited = attributes
        let dropped = limit(&limited)
        return (limited, dropped)
    }

    /// Brings `attributes` within the limits in place; returns how many were dropped. Leaves
    /// the storage alone (no copy, no reference counting) when nothing needs to change.
    @inline(__always)
    func limit(_ attributes: inout Attributes) -> Int {
        if attributes.count <= countLimit && valueLengthLimit == nil { return 0 }
        let (limited, dropped) = applySlowly(attributes)
        attributes = limited
        return dropped
    }

    private func applySlowly(_ attributes: Attributes) -> (attributes: Attributes, dropped: Int) {
        var result = attributes
        var dropped = 0
        if attributes.count > countLimit {
            dropped = attributes.count - countLimit
            result = Attributes(attributes.prefix(countLimit))
        }
        if let limit = valueLengthLimit, result.contains(where: { Self.exceeds($0.value, limit) }) {
            result = Attributes(result.map { Attribute($0.key, Self.truncated($0.value, to: limit)) })
        }
        return (result, dropped)
    }

    /// Sets `key` to `value` (truncated) in `attributes`; returns false when the count limit
    /// drops it.
    @inline(__always)
    func set(_ key: String, _ value: AttributeValue, in attributes: inout Attributes) -> Bool {
        let value = truncated(value)
        if attributes.count < countLimit || attributes[key] != nil {
            attributes[key] = value
            return true
        }
        return false
    }

    /// `value` within the length limit.
    @inline(__always)
    func truncated(_ value: AttributeValue) -> AttributeValue {
        guard let limit = valueLengthLimit else { return value }
        return Self.truncated(value, to: limit)
    }

    static func truncated(_ value: AttributeValue, to limit: Int) -> AttributeValue {
        switch value {
        case .string(let text):
            return exceeds(text, limit) ? .string(prefix(text, limit)) : value
        case .stringArray(let texts) where texts.contains(where: { exceeds($0, limit) }):
            return .stringArray(texts.map { exceeds($0, limit) ? prefix($0, limit) : $0 })
        default:
            return value
        }
    }

    private static func exceeds(_ value: AttributeValue, _ limit: Int) -> Bool {
        switch value {
        case .string(let text): return exceeds(text, limit)
        case .stringArray(let texts): return texts.contains { exceeds($0, limit) }
        default: return false
        }
    }

    /// Whether `text` has more than `limit` Unicode scalars; O(1) for short native strings.
    private static func exceeds(_ text: String, _ limit: Int) -> Bool {
        // A scalar takes at least one UTF-8 byte, so a short byte count settles it cheaply.
        if text.utf8.count <= limit { return false }
        return text.unicodeScalars.count > limit
    }

    private static func prefix(_ text: String, _ limit: Int) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(limit))
        return String(scalars)
    }
}
