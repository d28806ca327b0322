import OtelSDK
import Testing

@testable import OtelOTLP

/// Length prefixes of nested messages of every size class (1, 2, 3 and 4 byte varints), checked
/// byte for byte: against the hand-written reference encoder `Protobuf`, which builds every
/// submessage separately and concatenates, and against fingerprints of the requests the previous
/// (single-pass, shift-the-body) encoder produced for the same inputs.
@Suite("Protobuf length prefixes")
struct ProtobufLengthPrefixTests {
    /// 64-bit FNV-1a: a fingerprint of a request, so that the golden values stay small.
    static func fingerprint(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0100_0000_01b3
        }
        return hash
    }

    /// Lengths around each varint width boundary.
    static let lengths = [0, 1, 127, 128, 300, 16_383, 16_384, 20_000, 2_097_151, 2_097_152]

    @Test("a nested message of every length class matches the reference encoder", arguments: lengths)
    func nestedMatchesReference(length: Int) {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        let expected =
            Protobuf.bytesField(
                1,
                Protobuf.varintField(1, 5)
                    + Protobuf.bytesField(2, Protobuf.bytesField(3, payload) + Protobuf.stringField(4, "tail")))
            + Protobuf.varintField(3, 9)
        let body: (inout ProtobufWriter) -> Void = { writer in
            writer.message(1) { outer in
                outer.uint64(1, 5)
                outer.message(2) { inner in
                    inner.bytesAlways(3, payload)
                    inner.string(4, "tail")
                }
            }
            writer.uint64(3, 9)
        }
        var appending = ProtobufWriter()
        body(&appending)
        #expect(appending.bytes == expected)
        #expect(ProtobufWriter.encode(body) == expected)
    }

    @Test("deeply nested messages get minimal length prefixes at every level")
    func deepNesting() {
        // 40 levels around a 20,000-byte payload: every level has a 3-byte length prefix.
        let payload = [UInt8](repeating: 0x5A, count: 20_000)
        var expected = Protobuf.bytesField(7, payload)
        for _ in 0..<40 { expected = Protobuf.bytesField(1, expected) }
        func nest(_ writer: inout ProtobufWriter, _ depth: Int) {
            if depth == 0 {
                writer.bytesAlways(7, payload)
            } else {
                writer.message(1) { nest(&$0, depth - 1) }
            }
        }
        #expect(ProtobufWriter.encode { nest(&$0, 40) } == expected)
        var appending = ProtobufWriter()
        nest(&appending, 40)
        #expect(appending.bytes == expected)
    }

    @Test("attribute values of every type match the reference encoder")
    func attributeValues() {
        let long = String(repeating: "é", count: 9_000)  // 18,000 UTF-8 bytes
        let attributes: Attributes = [
            "s": "text", "long": .string(long), "b": false, "i": -3, "d": 0.25, "bytes": .bytes([1, 2, 3]),
            "sa": .stringArray(["x", long]), "ba": .boolArray([true, false]), "ia": .intArray([1, -1, 1 << 40]),
            "da": .doubleArray([1.5, -0.0]),
        ]
        func anyValue(_ value: AttributeValue) -> [UInt8] {
            func array(_ values: [[UInt8]]) -> [UInt8] {
                Protobuf.bytesField(5, values.flatMap { Protobuf.bytesField(1, $0) })
            }
            func double(_ d: Double) -> [UInt8] {
                [0x21] + withUnsafeBytes(of: d.bitPattern.littleEndian) { Array($0) }
            }
            switch value {
            case .string(let s): return Protobuf.stringField(1, s)
            case .bool(let b): return Protobuf.varintField(2, b ? 1 : 0)
            case .int(let i): return Protobuf.varintField(3, UInt64(bitPattern: i))
            case .double(let d): return double(d)
            case .bytes(let b): return Protobuf.bytesField(7, b)
            case .stringArray(let a): return array(a.map { Protobuf.stringField(1, $0) })
            case .boolArray(let a): return array(a.map { Protobuf.varintField(2, $0 ? 1 : 0) })
            case .intArray(let a): return array(a.map { Protobuf.varintField(3, UInt64(bitPattern: $0)) })
            case .doubleArray(let a): return array(a.map(double))
            }
        }
        let expected = attributes.flatMap {
            Protobuf.bytesField(9, Protobuf.stringField(1, $0.key) + Protobuf.bytesField(2, anyValue($0.value)))
        }
        #expect(ProtobufWriter.encode { $0.keyValues(9, attributes) } == expected)
        var appending = ProtobufWriter()
        appending.keyValues(9, attributes)
        #expect(appending.bytes == expected)
    }

    @Test("packed varints of every length class match the reference encoder", arguments: [0, 1, 50, 3_000, 600_000])
    func packedVarints(count: Int) {
        let values = (0..<count).map { UInt64($0) &* 0x9E37_79B9 }
        let packed = values.flatMap(Protobuf.varint)
        let expected = count == 0 ? [] : Protobuf.bytesField(2, packed)
        #expect(ProtobufWriter.encode { $0.packedUInt64(2, values) } == expected)
    }

    // MARK: whole requests, against the previous encoder's output

    static let resources = [
        Resource(attributes: ["service.name": "golden-a", "service.version": "1.0.0"]),
        Resource(attributes: ["service.name": "golden-b"], schemaURL: "https://opentelemetry.io/schemas/1.26.0"),
    ]
    static let scopes = [
        InstrumentationScope(name: "codex_otel.trace_safe", version: "0.9"),
        InstrumentationScope(name: "codex_otel.log_only", attributes: ["scope.kind": "log"]),
    ]

    /// Spans whose nested messages cover every length class: small spans, spans of a few hundred
    /// bytes, a span of more than 16 KiB and one of more than 2 MiB, in interleaved origins.
    static func spans() -> [SpanData] {
        var spans: [SpanData] = []
        for index in 0..<60 {
            let padding: Int
            switch index {
            case 7: padding = 20_000
            case 31: padding = 2_100_000
            default: padding = index % 3 == 0 ? 0 : index * 7
            }
            var attributes: Attributes = [
                "model": "gpt-5-codex", "turn": .int(Int64(index)), "duration_ms": 12.5,
                "success": .bool(index % 2 == 0),
            ]
            if padding > 0 { attributes["padding"] = .string(String(repeating: "p", count: padding)) }
            if index % 5 == 0 { attributes["ids"] = .intArray((0..<Int64(index * 40)).map { $0 * 977 }) }
            let traceState =
                index % 4 == 1 ? (try? TraceState.parse("vendor=v\(index)").get()) ?? TraceState() : TraceState()
            spans.append(
                SpanData(
                    name: "span-\(index)",
                    context: SpanContext(
                        traceID: TraceID(high: UInt64(index + 1), low: 0xABCD), spanID: SpanID(UInt64(index + 100)),
                        traceFlags: .sampled, traceState: traceState),
                    parentSpanID: index % 2 == 0 ? nil : SpanID(UInt64(index)), isParentRemote: index % 6 == 1,
                    kind: SpanKind(rawValue: index % 6) ?? .internal,
                    startTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + UInt64(index)),
                    endTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_500_000 + UInt64(index)),
                    attributes: attributes,
                    events: index % 10 == 3
                        ? [
                            .init(
                                name: "exception",
                                timestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_100_000),
                                attributes: ["exception.message": .string(String(repeating: "e", count: 200))],
                                droppedAttributesCount: 1)
                        ] : [],
                    links: index % 10 == 4
                        ? [
                            .init(
                                context: SpanContext(
                                    traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: [], isRemote: true
                                ))
                        ]
                        : [],
                    status: index % 7 == 0 ? .error(description: "failed \(index)") : (index % 7 == 1 ? .ok : .unset),
                    droppedAttributesCount: index % 9, droppedEventsCount: index % 11 == 0 ? 2 : 0,
                    resource: resources[(index / 3) % 2], instrumentationScope: scopes[(index / 5) % 2]))
        }
        return spans
    }

    static func logRecords() -> [LogRecordData] {
        (0..<40).map { index in
            let body: AttributeValue? =
                switch index % 4 {
                case 0: nil
                case 1: .string(String(repeating: "b", count: index == 9 ? 17_000 : index * 5))
                case 2: .stringArray(["a", String(repeating: "c", count: index * 10)])
                default: .int(Int64(index))
                }
            return LogRecordData(
                timestamp: index % 3 == 0 ? nil : Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000),
                observedTimestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_001 + UInt64(index)),
                severity: index % 2 == 0 ? .info : nil, severityText: index % 2 == 0 ? "INFO" : nil, body: body,
                attributes: ["event.name": "codex.tool_result", "n": .int(Int64(index))],
                eventName: index % 5 == 0 ? "codex.tool_result" : nil,
                traceID: index % 3 == 1 ? TraceID(high: 5, low: 6) : nil, spanID: index % 3 == 1 ? SpanID(7) : nil,
                traceFlags: index % 3 == 1 ? .sampled : [],
                resource: resources[index % 2], instrumentationScope: scopes[(index / 7) % 2])
        }
    }

    static func metrics() -> [ResourceMetrics] {
        let start = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        let time = Timestamp(nanosecondsSinceEpoch: 1_700_000_060_000_000_000)
        let points = (0..<300).map { index in
            NumberDataPoint(
                attributes: ["route": .string("r\(index)")], startTime: start, time: time,
                value: index % 2 == 0 ? .int(Int64(index)) : .double(Double(index) / 3))
        }
        let bounds = (0..<2_500).map { Double($0) }
        let histogram = HistogramDataPoint(
            attributes: ["route": "chat"], startTime: start, time: time, count: 3, sum: 120, min: 5, max: 90,
            explicitBounds: bounds, bucketCounts: (0...2_500).map { UInt64($0 % 3) })
        let exponential = ExponentialHistogramDataPoint(
            attributes: [:], startTime: start, time: time, count: 6, sum: 10.5, min: -1, max: 4,
            scale: -1, zeroCount: 1,
            positive: ExponentialHistogramBuckets(offset: -2, bucketCounts: (0..<5_000).map { UInt64($0 * 31) }),
            negative: ExponentialHistogramBuckets(offset: 3, bucketCounts: [1]))
        return [
            ResourceMetrics(
                resource: resources[0],
                scopeMetrics: [
                    ScopeMetrics(
                        scope: scopes[0],
                        metrics: [
                            MetricData(
                                name: "codex.turns", description: "turns", unit: "1",
                                data: .sum(SumData(points: points, aggregationTemporality: .delta, isMonotonic: true))),
                            MetricData(
                                name: "gauge", description: "", unit: "", data: .gauge(GaugeData(points: points))),
                        ])
                ]),
            ResourceMetrics(
                resource: resources[1],
                scopeMetrics: [
                    ScopeMetrics(
                        scope: scopes[1],
                        metrics: [
                            MetricData(
                                name: "latency", description: "", unit: "ms",
                                data: .histogram(
                                    HistogramData(points: [histogram], aggregationTemporality: .cumulative))),
                            MetricData(
                                name: "latency.exp", description: "", unit: "s",
                                data: .exponentialHistogram(
                                    ExponentialHistogramData(points: [exponential], aggregationTemporality: .delta))),
                        ])
                ]),
        ]
    }

    @Test("trace requests are byte-identical to the previous encoder's")
    func traceGolden() {
        let bytes = OTLPTraceEncoder.protobuf(Self.spans())
        #expect(bytes.count == 2_219_419)
        #expect(Self.fingerprint(bytes) == 0x6610_99cf_2e9a_1fc8)
    }

    @Test("log requests are byte-identical to the previous encoder's")
    func logGolden() {
        let bytes = OTLPLogEncoder.protobuf(Self.logRecords())
        #expect(bytes.count == 23_643)
        #expect(Self.fingerprint(bytes) == 0x1118_764d_a1d4_c219)
    }

    @Test("metric requests are byte-identical to the previous encoder's")
    func metricGolden() {
        let bytes = OTLPMetricEncoder.protobuf(Self.metrics())
        #expect(bytes.count == 82_332)
        #expect(Self.fingerprint(bytes) == 0xf3d6_22dd_84a6_0664)
    }
}
