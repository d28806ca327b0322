/// Parsing and formatting of the W3C Trace Context `traceparent` header.
///
/// The header is `version-traceid-parentid-flags`: 2, 32, 16 and 2 lowercase hexadecimal
/// characters separated by `-`. Parsing follows the W3C recommendation:
///
/// - Optional whitespace (spaces and horizontal tabs, the HTTP `OWS` rule) before and after the
///   value is ignored, as the W3C test suite expects. Any other whitespace, and whitespace inside
///   the value, makes the header invalid.
/// - Version `ff` is invalid. Version `00` must be exactly 55 characters long.
/// - A higher version (`01` to `fe`) must be at least 55 characters long; its first 55 characters
///   are parsed like version `00`, and anything after them must start with `-` and is ignored.
/// - Uppercase hex is invalid, and so are an all-zero trace id and an all-zero parent id.
/// - Trace flags: only the bits this implementation defines (``TraceFlags/sampled`` and the level
///   2 ``TraceFlags/random``) are kept. The recommendation reserves the other bits and requires
///   vendors to send them as zero; clearing them on input means a received context can be
///   propagated by ``format(_:)`` unchanged and still be compliant.
///
/// The parsed ``SpanContext`` is remote and has an empty trace state.
public enum TraceParent {
    /// The length of a version `00` header.
    public static let length = 55

    private static let dash: UInt8 = 0x2D

    /// Parses a `traceparent` header value.
    ///
    /// - Parameter header: The header value.
    /// - Returns: The remote span context, or the first reason the header is invalid.
    public static func parse(_ header: some StringProtocol) -> Result<SpanContext, TraceContextError> {
        withContiguousUTF8(header) { parse(utf8: $0) }
    }

    private static func parse(utf8 raw: UnsafeBufferPointer<UInt8>) -> Result<SpanContext, TraceContextError> {
        var start = 0
        var end = raw.count
        while start < end && isOptionalWhitespace(raw[start]) { start += 1 }
        while end > start && isOptionalWhitespace(raw[end - 1]) { end -= 1 }
        let bytes = UnsafeBufferPointer(rebasing: raw[start..<end])
        let count = bytes.count

        if count == 0 { return .failure(.missing) }
        if count < 3 { return .failure(.wrongLength(count)) }
        guard let version = LowercaseHex.decode(bytes, from: 0, count: 2) else {
            return .failure(.uppercaseOrNonHex(.version))
        }
        guard bytes[2] == dash else { return .failure(.badDelimiter(position: 2)) }
        if version == 0xFF { return .failure(.invalidVersion) }
        if count < length { return .failure(.wrongLength(count)) }

        guard let traceHigh = LowercaseHex.decode(bytes, from: 3, count: 16),
            let traceLow = LowercaseHex.decode(bytes, from: 19, count: 16)
        else { return .failure(.uppercaseOrNonHex(.traceID)) }
        guard bytes[35] == dash else { return .failure(.badDelimiter(position: 35)) }
        guard let span = LowercaseHex.decode(bytes, from: 36, count: 16) else {
            return .failure(.uppercaseOrNonHex(.parentID))
        }
        guard bytes[52] == dash else { return .failure(.badDelimiter(position: 52)) }
        guard let flags = LowercaseHex.decode(bytes, from: 53, count: 2) else {
            return .failure(.uppercaseOrNonHex(.traceFlags))
        }
        if count > length {
            if version == 0 { return .failure(.trailingDataForVersion00) }
            guard bytes[length] == dash else { return .failure(.badDelimiter(position: length)) }
        }

        let traceID = TraceID(high: traceHigh, low: traceLow)
        guard traceID.isValid else { return .failure(.invalidTraceID) }
        let spanID = SpanID(span)
        guard spanID.isValid else { return .failure(.invalidSpanID) }
        let traceFlags = TraceFlags(rawValue: UInt8(truncatingIfNeeded: flags) & TraceFlags.defined.rawValue)
        return .success(SpanContext(traceID: traceID, spanID: spanID, traceFlags: traceFlags, isRemote: true))
    }

    /// Formats a span context as a version `00` `traceparent` header value:
    /// `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`, all lowercase.
    ///
    /// The flags byte is written as it is and the trace state is ignored. An invalid context
    /// formats to all-zero identifiers, which receivers reject; do not propagate one.
    ///
    /// - Parameter context: The span context to format.
    /// - Returns: The 55-character header value.
    public static func format(_ context: SpanContext) -> String {
        String(unsafeUninitializedCapacity: length) { buffer in
            buffer[0] = 0x30
            buffer[1] = 0x30
            buffer[2] = dash
            LowercaseHex.encode(context.traceID.high, digits: 16, into: buffer, at: 3)
            LowercaseHex.encode(context.traceID.low, digits: 16, into: buffer, at: 19)
            buffer[35] = dash
            LowercaseHex.encode(context.spanID.value, digits: 16, into: buffer, at: 36)
            buffer[52] = dash
            LowercaseHex.encode(UInt64(context.traceFlags.rawValue), digits: 2, into: buffer, at: 53)
            return length
        }
    }

    private static func isOptionalWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }
}
