/// Why a W3C `traceparent` or `tracestate` header value was rejected.
///
/// Positions and lengths count UTF-8 bytes of the header value after optional leading and
/// trailing spaces and tabs have been removed.
public enum TraceContextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A field of the `traceparent` header.
    public enum Field: Sendable, Hashable, CustomStringConvertible {
        /// The 2-character `version` field.
        case version
        /// The 32-character `trace-id` field.
        case traceID
        /// The 16-character `parent-id` (span id) field.
        case parentID
        /// The 2-character `trace-flags` field.
        case traceFlags

        /// The field's name as the W3C recommendation spells it.
        public var description: String {
            switch self {
            case .version: "version"
            case .traceID: "trace-id"
            case .parentID: "parent-id"
            case .traceFlags: "trace-flags"
            }
        }
    }

    /// The `traceparent` header is absent, empty or only whitespace.
    case missing
    /// The `traceparent` header has this many bytes, too few to hold every field.
    case wrongLength(Int)
    /// The `traceparent` version is `ff`, which the recommendation forbids.
    case invalidVersion
    /// A `traceparent` field holds a character other than `0-9` and `a-f` (uppercase included).
    case uppercaseOrNonHex(Field)
    /// The byte at this zero-based position should be the `-` delimiter but is not.
    case badDelimiter(position: Int)
    /// The `traceparent` trace id is all zeros.
    case invalidTraceID
    /// The `traceparent` parent id (span id) is all zeros.
    case invalidSpanID
    /// A version `00` `traceparent` has characters after the flags.
    case trailingDataForVersion00
    /// The `tracestate` header has more than 32 list members.
    case tracestateTooManyMembers
    /// The `tracestate` header has this key more than once.
    case tracestateDuplicateKey(String)
    /// This `tracestate` list member is not a valid `key=value` pair.
    case tracestateInvalidMember(String)

    /// A short English sentence describing the problem.
    public var description: String {
        switch self {
        case .missing:
            "The traceparent header is missing or empty."
        case .wrongLength(let length):
            "The traceparent header is \(length) characters long, shorter than the required 55."
        case .invalidVersion:
            "The traceparent version ff is forbidden."
        case .uppercaseOrNonHex(let field):
            "The traceparent \(field) must contain only lowercase hexadecimal characters."
        case .badDelimiter(let position):
            "The traceparent header needs a '-' delimiter at position \(position)."
        case .invalidTraceID:
            "The traceparent trace-id must not be all zeros."
        case .invalidSpanID:
            "The traceparent parent-id must not be all zeros."
        case .trailingDataForVersion00:
            "A version 00 traceparent header must end after the trace-flags."
        case .tracestateTooManyMembers:
            "The tracestate header has more than 32 list members."
        case .tracestateDuplicateKey(let key):
            "The tracestate key '\(key)' appears more than once."
        case .tracestateInvalidMember(let member):
            "The tracestate list member '\(member)' is not a valid key=value pair."
        }
    }
}
