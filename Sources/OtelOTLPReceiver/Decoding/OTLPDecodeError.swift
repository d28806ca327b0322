/// Why an OTLP export request could not be decoded.
///
/// Every case names where in the request the problem is (`path`, in the OTLP/JSON field names,
/// such as `resourceSpans[0].scopeSpans[1].spans[3].traceId`) and what was wrong, so the sender
/// can find the offending item. Malformed input always ends in one of these, never in a crash.
public enum OTLPDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The protobuf wire format is broken: truncated, a bad varint or length, a field with the
    /// wrong wire type, or a string that is not UTF-8.
    case invalidProtobuf(path: String, reason: String)
    /// The body is not valid JSON text.
    case invalidJSON(reason: String)
    /// A field is well-formed on the wire but its value is not acceptable: the wrong JSON type,
    /// an identifier of the wrong length, an unknown enum value, a missing required field.
    case invalidValue(path: String, reason: String)
    /// `AnyValue` arrays or key-value lists are nested deeper than the limit.
    case nestingTooDeep(path: String, limit: Int)
    /// The request holds more elements (items, attributes, array elements, buckets) than the limit.
    case tooManyElements(limit: Int)
    /// The body is larger than the limit.
    case bodyTooLarge(bytes: Int, limit: Int)

    /// What was wrong and where, in one sentence.
    public var description: String {
        switch self {
        case .invalidProtobuf(let path, let reason):
            return "invalid OTLP protobuf at \(Self.show(path)): \(reason)"
        case .invalidJSON(let reason):
            return "invalid OTLP/JSON body: \(reason)"
        case .invalidValue(let path, let reason):
            return "invalid OTLP value at \(Self.show(path)): \(reason)"
        case .nestingTooDeep(let path, let limit):
            return "AnyValue nesting at \(Self.show(path)) is deeper than the limit of \(limit) levels; "
                + "flatten the attribute value"
        case .tooManyElements(let limit):
            return "the request holds more than \(limit) elements (items, attributes, array elements, buckets); "
                + "send smaller batches"
        case .bodyTooLarge(let bytes, let limit):
            return "the body of \(bytes) bytes is larger than the limit of \(limit) bytes; send smaller batches"
        }
    }

    /// The same error with `component` prepended to its path.
    func prefixed(_ component: String) -> OTLPDecodeError {
        func join(_ path: String) -> String {
            if path.isEmpty { return component }
            if path.hasPrefix("[") { return component + path }
            return component + "." + path
        }
        switch self {
        case .invalidProtobuf(let path, let reason): return .invalidProtobuf(path: join(path), reason: reason)
        case .invalidValue(let path, let reason): return .invalidValue(path: join(path), reason: reason)
        case .nestingTooDeep(let path, let limit): return .nestingTooDeep(path: join(path), limit: limit)
        case .invalidJSON, .tooManyElements, .bodyTooLarge: return self
        }
    }

    private static func show(_ path: String) -> String { path.isEmpty ? "the top level" : path }
}

/// Runs `body`, prefixing the path of any error it throws with `component`.
@inline(__always)
func at<T>(
    _ component: @autoclosure () -> String, _ body: () throws(OTLPDecodeError) -> T
) throws(OTLPDecodeError) -> T {
    do throws(OTLPDecodeError) {
        return try body()
    } catch {
        throw error.prefixed(component())
    }
}
