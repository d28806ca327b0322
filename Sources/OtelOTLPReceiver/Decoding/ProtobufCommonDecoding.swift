import OtelAPI
import OtelSDK

/// Decodes OTLP export requests from protobuf: the state shared by the three signals (limits and
/// the element budget) and the messages of `common/v1` and `resource/v1`.
struct ProtobufRequestDecoder {
    let limits: OTLPDecodeLimits
    var budget: ElementBudget
    /// Metric data points the SDK model cannot hold, left out of the result.
    var skipped = SkippedDataPoints()

    init(limits: OTLPDecodeLimits) {
        self.limits = limits
        budget = ElementBudget(limit: limits.maxElements)
    }

    /// Checks the body size before decoding.
    func checkSize(_ bytes: [UInt8]) throws(OTLPDecodeError) {
        guard bytes.count <= limits.maxBodyBytes else {
            throw .bodyTooLarge(bytes: bytes.count, limit: limits.maxBodyBytes)
        }
    }

    // MARK: AnyValue

    /// An `AnyValue` message at nesting level `depth` (an attribute's value is level 1).
    mutating func anyValue(_ bytes: ArraySlice<UInt8>, depth: Int) throws(OTLPDecodeError) -> AnyValueNode {
        guard depth <= limits.maxAnyValueDepth else { throw .nestingTooDeep(path: "", limit: limits.maxAnyValueDepth) }
        var fields = WireFields(bytes)
        var result = AnyValueNode.empty
        while let field = try fields.next() {
            switch field.number {
            case 1: result = .string(try field.string("stringValue"))
            case 2: result = .bool(try field.varint("boolValue") != 0)
            case 3: result = .int(Int64(bitPattern: try field.varint("intValue")))
            case 4: result = .double(try field.double("doubleValue"))
            case 5: result = .array(try at("arrayValue") { () throws(OTLPDecodeError) in try arrayValue(field, depth) })
            case 6:
                result = .keyValues(
                    try at("kvlistValue") { () throws(OTLPDecodeError) in try keyValueList(field, depth) })
            case 7:
                let slice = try field.bytes("bytesValue")
                try budget.take(slice.count / 64)  // large byte strings count, a little
                result = .bytes(Array(slice))
            default: continue
            }
        }
        return result
    }

    private mutating func arrayValue(_ field: WireField, _ depth: Int) throws(OTLPDecodeError) -> [AnyValueNode] {
        var fields = WireFields(try field.bytes(""))
        var elements: [AnyValueNode] = []
        while let element = try fields.next() {
            guard element.number == 1 else { continue }
            try budget.take()
            let index = elements.count
            elements.append(
                try at("values[\(index)]") { () throws(OTLPDecodeError) in
                    try anyValue(try element.bytes(""), depth: depth + 1)
                })
        }
        return elements
    }

    private mutating func keyValueList(
        _ field: WireField, _ depth: Int
    ) throws(OTLPDecodeError)
        -> [AnyValueNode.KeyedNode]
    {
        var fields = WireFields(try field.bytes(""))
        var members: [AnyValueNode.KeyedNode] = []
        while let member = try fields.next() {
            guard member.number == 1 else { continue }
            try budget.take()
            let index = members.count
            members.append(
                try at("values[\(index)]") { () throws(OTLPDecodeError) in
                    try keyValue(try member.bytes(""), depth: depth + 1)
                })
        }
        return members
    }

    /// A `KeyValue` message whose value is at nesting level `depth`.
    mutating func keyValue(_ bytes: ArraySlice<UInt8>, depth: Int) throws(OTLPDecodeError) -> AnyValueNode.KeyedNode {
        var fields = WireFields(bytes)
        var key = ""
        var value = AnyValueNode.empty
        while let field = try fields.next() {
            switch field.number {
            case 1: key = try field.string("key")
            case 2:
                value = try at("value") { () throws(OTLPDecodeError) in try anyValue(try field.bytes(""), depth: depth)
                }
            default: continue
            }
        }
        return AnyValueNode.KeyedNode(key: key, value: value)
    }

    /// Adds one `KeyValue` (an element of a repeated `attributes` field) to `collector`.
    mutating func attribute(
        _ field: WireField, index: Int, name: String = "attributes", into collector: inout AttributeCollector
    ) throws(OTLPDecodeError) {
        try budget.take()
        let member = try at("\(name)[\(index)]") { () throws(OTLPDecodeError) in
            try keyValue(try field.bytes(""), depth: 1)
        }
        member.value.flatten(key: member.key, into: &collector)
    }

    /// A new, empty attribute collector with the configured limit.
    func collector() -> AttributeCollector { AttributeCollector(limit: limits.maxAttributesPerSet) }

    // MARK: Resource and scope

    /// A `Resource` message (its schema URL comes from the enclosing `Resource<Signal>`).
    mutating func resource(_ bytes: ArraySlice<UInt8>, schemaURL: String) throws(OTLPDecodeError) -> Resource {
        var fields = WireFields(bytes)
        var attributes = collector()
        var index = 0
        while let field = try fields.next() {
            guard field.number == 1 else { continue }
            try attribute(field, index: index, into: &attributes)
            index += 1
        }
        return Resource(attributes: attributes.attributes, schemaURL: schemaURL.isEmpty ? nil : schemaURL)
    }

    /// An `InstrumentationScope` message (its schema URL comes from the enclosing `Scope<Signal>`).
    mutating func scope(
        _ bytes: ArraySlice<UInt8>, schemaURL: String
    ) throws(OTLPDecodeError)
        -> InstrumentationScope
    {
        var fields = WireFields(bytes)
        var name = ""
        var version = ""
        var attributes = collector()
        var index = 0
        while let field = try fields.next() {
            switch field.number {
            case 1: name = try field.string("name")
            case 2: version = try field.string("version")
            case 3:
                try attribute(field, index: index, into: &attributes)
                index += 1
            default: continue
            }
        }
        return InstrumentationScope(
            name: name, version: version.isEmpty ? nil : version, schemaURL: schemaURL.isEmpty ? nil : schemaURL,
            attributes: attributes.attributes)
    }

    // MARK: Identifiers

    /// A 16-byte trace id; `nil` when the field is empty.
    static func traceID(_ field: WireField, _ name: String) throws(OTLPDecodeError) -> TraceID? {
        let slice = try field.bytes(name)
        if slice.isEmpty { return nil }
        guard slice.count == 16 else {
            throw .invalidValue(path: name, reason: "a trace id is 16 bytes; got \(slice.count)")
        }
        let start = slice.startIndex
        return TraceID(high: bigEndianWord(slice, from: start), low: bigEndianWord(slice, from: start + 8))
    }

    /// An 8-byte span id; `nil` when the field is empty.
    static func spanID(_ field: WireField, _ name: String) throws(OTLPDecodeError) -> SpanID? {
        let slice = try field.bytes(name)
        if slice.isEmpty { return nil }
        guard slice.count == 8 else {
            throw .invalidValue(path: name, reason: "a span id is 8 bytes; got \(slice.count)")
        }
        return SpanID(bigEndianWord(slice, from: slice.startIndex))
    }

    /// The 8 bytes of `slice` from `start` (the caller checked they exist) as a big-endian word.
    private static func bigEndianWord(_ slice: ArraySlice<UInt8>, from start: Int) -> UInt64 {
        var word: UInt64 = 0
        for index in start..<start + 8 { word = word << 8 | UInt64(slice[index]) }
        return word
    }
}

/// The parts of an OTLP request shared by the encodings: enum mappings and trace states.
enum OTLPFieldSemantics {
    /// The `SpanKind` of enum value `raw`; `SPAN_KIND_UNSPECIFIED` (0) maps to ``SpanKind/internal``.
    static func spanKind(_ raw: Int64) throws(OTLPDecodeError) -> SpanKind {
        if raw == 0 { return .internal }
        guard let kind = SpanKind(rawValue: Int(raw)) else {
            throw .invalidValue(path: "kind", reason: "span kind \(raw) is not defined (0...5)")
        }
        return kind
    }

    /// The status of code `code` with `message` (kept only for errors).
    static func status(code: Int64, message: String) throws(OTLPDecodeError) -> SpanStatus {
        switch code {
        case 0: return .unset
        case 1: return .ok
        case 2: return .error(description: message)
        default: throw .invalidValue(path: "code", reason: "status code \(code) is not defined (0...2)")
        }
    }

    /// The severity of `SeverityNumber` value `raw`; 0 (unspecified) is `nil`.
    static func severity(_ raw: Int64) throws(OTLPDecodeError) -> Severity? {
        guard (0...24).contains(raw) else {
            throw .invalidValue(path: "severityNumber", reason: "severity number \(raw) is not defined (0...24)")
        }
        return raw == 0 ? nil : Severity(number: UInt8(raw))
    }

    /// The temporality of `AggregationTemporality` value `raw`; 0 (unspecified, which senders
    /// must not use) is read as cumulative.
    static func temporality(_ raw: Int64) throws(OTLPDecodeError) -> AggregationTemporality {
        switch raw {
        case 1: return .delta
        case 0, 2: return .cumulative
        default:
            throw .invalidValue(
                path: "aggregationTemporality", reason: "aggregation temporality \(raw) is not defined (0...2)")
        }
    }

    /// A W3C `tracestate` header value; empty is the empty state.
    static func traceState(_ text: String) throws(OTLPDecodeError) -> TraceState {
        if text.isEmpty { return TraceState() }
        switch TraceState.parse(text) {
        case .success(let state): return state
        case .failure(let error):
            throw .invalidValue(path: "traceState", reason: "not a valid W3C tracestate: \(error)")
        }
    }

    /// Checks that an explicit-bucket histogram has one more bucket than bounds (or no buckets).
    static func checkBuckets(counts: Int, bounds: Int) throws(OTLPDecodeError) {
        guard counts == 0 || counts == bounds + 1 else {
            throw .invalidValue(
                path: "bucketCounts",
                reason: "\(bounds) explicit bounds need \(bounds + 1) bucket counts; got \(counts)")
        }
    }

    /// The trace flags and the remote bit of a span's or link's `flags` field: bits 0-7 are the
    /// W3C trace flags; bit 8 says whether bit 9 (is remote) is known.
    static func spanFlags(_ flags: UInt32) -> (traceFlags: TraceFlags, isRemote: Bool) {
        (TraceFlags(rawValue: UInt8(truncatingIfNeeded: flags)), flags & 0x300 == 0x300)
    }
}
