/// The original crate's rules for metric names and tags: plain ASCII, so that every backend
/// accepts them. Validation is a byte loop over the UTF-8 and allocates nothing.
@usableFromInline
enum MetricsValidation {
    /// Checks a metric name: non-empty, ASCII letters, digits, `.`, `_`, `-`.
    @usableFromInline
    static func validateName(_ name: String) throws(MetricsError) {
        guard !name.isEmpty else { throw .emptyMetricName }
        guard allBytes(of: name, satisfy: isNameByte) else { throw .invalidMetricName(name: name) }
    }

    /// Checks a tag key or value: non-empty, ASCII letters, digits, `.`, `_`, `-`, `/`.
    static func validateTag(_ text: String, _ component: MetricTagComponent) throws(MetricsError) {
        guard !text.isEmpty else { throw .emptyTagComponent(component) }
        guard allBytes(of: text, satisfy: isTagByte) else { throw .invalidTagComponent(component, value: text) }
    }

    /// Checks tags in order, each key before its value; the first problem is thrown.
    static func validateTags(_ tags: UnsafeBufferPointer<(String, String)>) throws(MetricsError) {
        for (key, value) in tags {
            try validateTag(key, .key)
            try validateTag(value, .value)
        }
    }

    /// Whether every tag is valid.
    static func tagsAreValid(_ tags: UnsafeBufferPointer<(String, String)>) -> Bool {
        for (key, value) in tags {
            guard !key.isEmpty, !value.isEmpty, allBytes(of: key, satisfy: isTagByte),
                allBytes(of: value, satisfy: isTagByte)
            else { return false }
        }
        return true
    }

    @inline(__always)
    static func isNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    @inline(__always)
    static func isTagByte(_ byte: UInt8) -> Bool { isNameByte(byte) || byte == UInt8(ascii: "/") }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    @inline(__always)
    static func allBytes(of text: String, satisfy predicate: (UInt8) -> Bool) -> Bool {
        if let result = text.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(predicate) }) { return result }
        return text.utf8.allSatisfy(predicate)
    }
}

/// Makes `value` a valid metric tag value: every character other than ASCII letters, digits,
/// `.`, `_`, `-` and `/` becomes `_`, underscores are trimmed from both ends, a result without a
/// letter or digit becomes `unspecified`, and the result is cut to 256 bytes.
///
/// ```swift
/// sanitizeMetricTagValue("gpt 5.1 (beta)")  // "gpt_5.1__beta"
/// sanitizeMetricTagValue("???")             // "unspecified"
/// ```
public func sanitizeMetricTagValue(_ value: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(value.utf8.count)
    for scalar in value.unicodeScalars {
        let byte = scalar.isASCII ? UInt8(scalar.value) : 0
        bytes.append(scalar.isASCII && MetricsValidation.isTagByte(byte) ? byte : UInt8(ascii: "_"))
    }
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == UInt8(ascii: "_") { start += 1 }
    while end > start, bytes[end - 1] == UInt8(ascii: "_") { end -= 1 }
    let trimmed = bytes[start..<end]
    guard trimmed.contains(where: MetricsValidation.isAlphanumeric) else { return "unspecified" }
    return String(decoding: trimmed.prefix(256), as: UTF8.self)
}
