import OtelAPI
import OtelOTLP
import OtelOTLPReceiver
import OtelSDK
import Testing

/// Malformed requests must end in an ``OTLPDecodeError``: never a crash, never a hang.
@Suite("Malformed input")
struct MalformedInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let signal: OTLPSignal
        let format: OTLPPayloadFormat
        let bytes: [UInt8]
        var limits = OTLPDecodeLimits.default
        var testDescription: String { name }
    }

    static func decode(
        _ bytes: [UInt8], signal: OTLPSignal, format: OTLPPayloadFormat, limits: OTLPDecodeLimits
    )
        throws(OTLPDecodeError)
    {
        switch signal {
        case .traces: _ = try OTLPTraceDecoder.decode(bytes, format: format, limits: limits)
        case .logs: _ = try OTLPLogDecoder.decode(bytes, format: format, limits: limits)
        case .metrics: _ = try OTLPMetricDecoder.decode(bytes, format: format, limits: limits)
        }
    }

    // MARK: protobuf builders

    /// A trace request with one span whose body `span` writes.
    static func traceRequest(_ span: (inout ProtobufWriter) -> Void) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.message(1) { $0.message(2) { $0.message(2, span) } }
        return writer.bytes
    }

    static func validIDs(_ span: inout ProtobufWriter) {
        span.id(1, high: 1, low: 2)
        span.id(2, 3)
    }

    /// An attribute whose value nests `depth` arrays.
    static func nestedArrays(_ writer: inout ProtobufWriter, depth: Int) {
        if depth == 0 {
            writer.stringAlways(1, "leaf")
        } else {
            writer.message(5) { array in array.message(1) { nestedArrays(&$0, depth: depth - 1) } }
        }
    }

    static func metricRequest(_ metric: (inout ProtobufWriter) -> Void) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.message(1) { $0.message(2) { $0.message(2, metric) } }
        return writer.bytes
    }

    static func json(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func jsonSpan(_ fields: String) -> [UInt8] {
        json(#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"# + fields + "}]}]}]}")
    }

    static let ids = #""traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"1112131415161718""#

    static func nestedJSON(depth: Int) -> String {
        depth == 0 ? #"{"stringValue":"leaf"}"# : #"{"arrayValue":{"values":["# + nestedJSON(depth: depth - 1) + "]}}"
    }

    static let cases: [Case] = {
        var cases: [Case] = [
            Case(name: "tag without value", signal: .traces, format: .protobuf, bytes: [0x0A]),
            Case(name: "length past the end", signal: .traces, format: .protobuf, bytes: [0x0A, 0x05, 0x01]),
            Case(name: "huge length", signal: .logs, format: .protobuf, bytes: [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
            Case(
                name: "varint longer than 10 bytes", signal: .metrics, format: .protobuf,
                bytes: [0x08] + Array(repeating: 0xFF, count: 11)),
            Case(name: "group wire type", signal: .traces, format: .protobuf, bytes: [0x0B, 0x0C]),
            Case(name: "request field with varint wire type", signal: .traces, format: .protobuf, bytes: [0x08, 0x01]),
            Case(
                name: "span name as varint", signal: .traces, format: .protobuf,
                bytes: traceRequest { span in
                    validIDs(&span)
                    span.uint64(5, 7)
                }),
            Case(
                name: "span start time as varint", signal: .traces, format: .protobuf,
                bytes: traceRequest { span in
                    validIDs(&span)
                    span.uint64(7, 7)
                }),
            Case(
                name: "invalid UTF-8 span name", signal: .traces, format: .protobuf,
                bytes: traceRequest { span in
                    validIDs(&span)
                    span.bytesAlways(5, [0xC3, 0x28])
                }),
            Case(
                name: "5-byte trace id", signal: .traces, format: .protobuf,
                bytes: traceRequest { span in
                    span.bytesAlways(1, [1, 2, 3, 4, 5])
                    span.id(2, 3)
                }),
            Case(name: "missing trace id", signal: .traces, format: .protobuf, bytes: traceRequest { $0.id(2, 3) }),
            Case(
                name: "all-zero span id", signal: .traces, format: .protobuf,
                bytes: traceRequest { span in
                    span.id(1, high: 1, low: 2)
                    span.id(2, 0)
                }),
            Case(
                name: "undefined span kind", signal: .traces, format: .protobuf,
                bytes: traceRequest { span in
                    validIDs(&span)
                    span.int32(6, 9)
                }),
            Case(
                name: "undefined status code", signal: .traces, format: .protobuf,
                bytes: traceRequest { span in
                    validIDs(&span)
                    span.message(15) { $0.int32(3, 7) }
                }),
            Case(
                name: "invalid trace state", signal: .traces, format: .protobuf,
                bytes: traceRequest { span in
                    validIDs(&span)
                    span.string(3, "NOT A=valid state")
                }),
            Case(
                name: "AnyValue nested 40 deep", signal: .traces, format: .protobuf,
                bytes: traceRequest { span in
                    validIDs(&span)
                    span.message(9) { kv in
                        kv.stringAlways(1, "deep")
                        kv.message(2) { nestedArrays(&$0, depth: 40) }
                    }
                }),
            Case(
                name: "undefined severity", signal: .logs, format: .protobuf,
                bytes: {
                    var writer = ProtobufWriter()
                    writer.message(1) { $0.message(2) { $0.message(2) { $0.int32(2, 30) } } }
                    return writer.bytes
                }()),
            Case(
                name: "histogram buckets do not match bounds", signal: .metrics, format: .protobuf,
                bytes: metricRequest { metric in
                    metric.message(9) { histogram in
                        histogram.message(1) { point in
                            point.packedFixed64(6, [1, 2])
                            point.packedDouble(7, [1, 2, 3])
                        }
                    }
                }),
            Case(
                name: "packed fixed64 not a multiple of 8", signal: .metrics, format: .protobuf,
                bytes: metricRequest { metric in
                    metric.message(9) { $0.message(1) { $0.bytesAlways(6, [1, 2, 3]) } }
                }),
            Case(
                name: "undefined temporality", signal: .metrics, format: .protobuf,
                bytes: metricRequest { metric in metric.message(7) { $0.int32(2, 5) } }),
            Case(
                name: "exponential buckets truncated varint", signal: .metrics, format: .protobuf,
                bytes: metricRequest { metric in
                    metric.message(10) { $0.message(1) { $0.message(8) { $0.bytesAlways(2, [0x80]) } } }
                }),

            Case(name: "garbage JSON", signal: .traces, format: .json, bytes: json("not json at all")),
            Case(name: "empty JSON body", signal: .logs, format: .json, bytes: []),
            Case(name: "unterminated object", signal: .metrics, format: .json, bytes: json(#"{"resourceMetrics":["#)),
            Case(name: "top level array", signal: .traces, format: .json, bytes: json("[]")),
            Case(name: "trailing data", signal: .traces, format: .json, bytes: json("{} {}")),
            Case(
                name: "resourceSpans not an array", signal: .traces, format: .json, bytes: json(#"{"resourceSpans":5}"#)
            ),
            Case(
                name: "invalid UTF-8 in a string", signal: .traces, format: .json,
                bytes: json(#"{"x":""#) + [0xFF, 0xFE] + json(#""}"#)),
            Case(
                name: "nesting 10,000 deep", signal: .logs, format: .json,
                bytes: json(String(repeating: "[", count: 10_000))),
            Case(
                name: "bad hex trace id", signal: .traces, format: .json,
                bytes: jsonSpan(#""traceId":"zz02030405060708090a0b0c0d0e0f10","spanId":"1112131415161718""#)),
            Case(
                name: "short span id", signal: .traces, format: .json,
                bytes: jsonSpan(#""traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"1112""#)),
            Case(
                name: "base64 trace id", signal: .traces, format: .json,
                bytes: jsonSpan(#""traceId":"AQIDBAUGBwgJCgsMDQ4PEA==","spanId":"1112131415161718""#)),
            Case(name: "name is a number", signal: .traces, format: .json, bytes: jsonSpan(ids + #","name":5"#)),
            Case(
                name: "time is not a number", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","startTimeUnixNano":"soon""#)),
            Case(
                name: "negative time", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","startTimeUnixNano":-1"#)),
            Case(
                name: "fractional time", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","endTimeUnixNano":1.5"#)),
            Case(
                name: "count over 32 bits", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","droppedEventsCount":5000000000"#)),
            Case(
                name: "unknown kind name", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","kind":"SPAN_KIND_BOGUS""#)),
            Case(name: "events not an array", signal: .traces, format: .json, bytes: jsonSpan(ids + #","events":{}"#)),
            Case(
                name: "attribute not an object", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","attributes":[5]"#)),
            Case(
                name: "bad base64", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","attributes":[{"key":"b","value":{"bytesValue":"!!!"}}]"#)),
            Case(
                name: "intValue not an integer", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","attributes":[{"key":"i","value":{"intValue":"12x"}}]"#)),
            Case(
                name: "boolValue as string", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","attributes":[{"key":"b","value":{"boolValue":"true"}}]"#)),
            Case(
                name: "AnyValue nested 40 deep (JSON)", signal: .traces, format: .json,
                bytes: jsonSpan(ids + #","attributes":[{"key":"deep","value":"# + nestedJSON(depth: 40) + "}]")),
            Case(
                name: "undefined severity name", signal: .logs, format: .json,
                bytes: json(#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"LOUD"}]}]}]}"#)),
            Case(
                name: "bucket counts mismatch (JSON)", signal: .metrics, format: .json,
                bytes: json(
                    #"{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":["1"],"explicitBounds":[1,2]}]}}]}]}]}"#
                )),
            Case(
                name: "scale over 32 bits", signal: .metrics, format: .json,
                bytes: json(
                    #"{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"exponentialHistogram":{"dataPoints":[{"scale":99999999999}]}}]}]}]}"#
                )),
        ]
        var small = OTLPDecodeLimits.default
        small.maxElements = 10
        let many = (0..<20).map { index in
            SpanData(
                name: "s",
                context: SpanContext(
                    traceID: TraceID(high: 1, low: 1), spanID: SpanID(UInt64(index + 1)), traceFlags: []),
                startTime: Timestamp(nanosecondsSinceEpoch: 1), endTime: Timestamp(nanosecondsSinceEpoch: 2),
                instrumentationScope: InstrumentationScope(name: "x"))
        }
        cases.append(
            Case(
                name: "too many spans", signal: .traces, format: .protobuf, bytes: OTLPTraceEncoder.protobuf(many),
                limits: small))
        cases.append(
            Case(
                name: "too many spans (JSON)", signal: .traces, format: .json, bytes: OTLPTraceEncoder.json(many),
                limits: small))
        var tiny = OTLPDecodeLimits.default
        tiny.maxBodyBytes = 16
        tiny.maxJSONBodyBytes = 16
        cases.append(
            Case(
                name: "body over the limit", signal: .traces, format: .protobuf, bytes: OTLPTraceEncoder.protobuf(many),
                limits: tiny))
        cases.append(
            Case(
                name: "JSON body over the limit", signal: .traces, format: .json, bytes: OTLPTraceEncoder.json(many),
                limits: tiny))
        return cases
    }()

    @Test("is rejected with an error", arguments: cases)
    func rejected(_ testCase: Case) {
        #expect(throws: OTLPDecodeError.self) {
            try Self.decode(testCase.bytes, signal: testCase.signal, format: testCase.format, limits: testCase.limits)
        }
    }

    @Test("errors say where the problem is")
    func errorPaths() throws {
        var spans = try Fixtures.spans()
        let broken = spans[1]
        spans[1] = SpanData(
            name: broken.name, context: SpanContext(traceID: .invalid, spanID: SpanID(5), traceFlags: []),
            startTime: broken.startTime, endTime: broken.endTime, resource: broken.resource,
            instrumentationScope: broken.instrumentationScope)
        for format in OTLPPayloadFormat.allCases {
            let bytes = format == .json ? OTLPTraceEncoder.json(spans) : OTLPTraceEncoder.protobuf(spans)
            do {
                _ = try OTLPTraceDecoder.decode(bytes, format: format)
                Issue.record("a span without a trace id was accepted")
            } catch {
                guard case .invalidValue(let path, _) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(path == "resourceSpans[0].scopeSpans[0].spans[1].traceId")
                #expect(error.description.contains("resourceSpans[0].scopeSpans[0].spans[1].traceId"))
            }
        }
        let deep = Self.cases.first { $0.name == "AnyValue nested 40 deep" }?.bytes ?? []
        #expect(
            throws: OTLPDecodeError.nestingTooDeep(
                path: "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value"
                    + String(repeating: ".arrayValue.values[0]", count: 32), limit: 32)
        ) {
            _ = try OTLPTraceDecoder.protobuf(deep)
        }
    }

    @Test("nesting up to the limit is accepted")
    func nestingAtTheLimit() throws {
        let bytes = Self.traceRequest { span in
            Self.validIDs(&span)
            span.message(9) { kv in
                kv.stringAlways(1, "deep")
                kv.message(2) { Self.nestedArrays(&$0, depth: 31) }
            }
        }
        let span = try #require(try OTLPTraceDecoder.protobuf(bytes).first)
        let rendered = String(repeating: "[", count: 30) + #"["leaf"]"# + String(repeating: "]", count: 30)
        #expect(span.attributes["deep"] == .string(rendered))
    }

    @Test("attributes over the per-set limit are dropped and counted")
    func attributeLimit() throws {
        var attributes = Attributes()
        for index in 0..<300 { attributes["k\(index)"] = .int(Int64(index)) }
        let span = SpanData(
            name: "wide", context: SpanContext(traceID: TraceID(high: 1, low: 1), spanID: SpanID(1), traceFlags: []),
            startTime: Timestamp(nanosecondsSinceEpoch: 1), endTime: Timestamp(nanosecondsSinceEpoch: 2),
            attributes: attributes, droppedAttributesCount: 5, instrumentationScope: InstrumentationScope(name: "x"))
        for format in OTLPPayloadFormat.allCases {
            let bytes = format == .json ? OTLPTraceEncoder.json([span]) : OTLPTraceEncoder.protobuf([span])
            let decoded = try #require(try OTLPTraceDecoder.decode(bytes, format: format).first)
            #expect(decoded.attributes.count == 256)
            #expect(decoded.droppedAttributesCount == 5 + 44)
        }
    }

    /// Deterministic pseudo-random numbers (SplitMix64).
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("random mutations of valid requests never crash", arguments: OTLPSignal.allCases)
    func mutations(signal: OTLPSignal) throws {
        var random = SplitMix(state: 0x5EED_0000 + UInt64(signal.rawValue.utf8.count))
        for format in OTLPPayloadFormat.allCases {
            let valid: [UInt8]
            switch signal {
            case .traces:
                valid =
                    format == .json
                    ? OTLPTraceEncoder.json(try Fixtures.spans()) : OTLPTraceEncoder.protobuf(try Fixtures.spans())
            case .logs:
                valid =
                    format == .json
                    ? OTLPLogEncoder.json(Fixtures.logRecords()) : OTLPLogEncoder.protobuf(Fixtures.logRecords())
            case .metrics:
                valid =
                    format == .json
                    ? OTLPMetricEncoder.json(Fixtures.resourceMetrics())
                    : OTLPMetricEncoder.protobuf(Fixtures.resourceMetrics())
            }
            var accepted = 0
            for _ in 0..<1_500 {
                var bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    guard !bytes.isEmpty else { break }
                    let position = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<5, using: &random) {
                    case 0: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
                    case 1: bytes[position] = UInt8.random(in: 0...255, using: &random)
                    case 2: bytes.removeSubrange(position...)
                    case 3: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
                    default: bytes.remove(at: position)
                    }
                }
                do {
                    try Self.decode(bytes, signal: signal, format: format, limits: .default)
                    accepted += 1
                } catch {
                    #expect(!error.description.isEmpty)
                }
            }
            // Some mutations (inside strings, unknown fields) stay decodable; most do not.
            #expect(accepted < 1_500)
        }
    }
}
