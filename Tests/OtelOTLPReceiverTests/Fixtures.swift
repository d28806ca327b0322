import OtelAPI
import OtelSDK

/// Representative telemetry covering every field the encoders write: every attribute type,
/// events, links, every status, all four metric point kinds.
enum Fixtures {
    static let traceID = TraceID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10)
    static let resource = Resource(
        attributes: ["service.name": "receiver-test", "service.version": "1.2.3", "process.pid": 4242],
        schemaURL: "https://opentelemetry.io/schemas/1.26.0")
    static let scope = InstrumentationScope(
        name: "codex_otel.trace_safe", version: "0.9", schemaURL: "https://example.com/scope-schema",
        attributes: ["scope.attr": true])
    static let otherScope = InstrumentationScope(name: "codex_otel.log_only")

    /// One attribute of every ``AttributeValue`` case, including awkward strings.
    static let everyAttributeType: Attributes = [
        "s": "text with \"quotes\", \\ backslash, newline\n, emoji 🎉",
        "empty": "",
        "b": true,
        "f": false,
        "i": 42,
        "neg": -9_223_372_036_854_775_808,
        "max": 9_223_372_036_854_775_807,
        "d": 2.5,
        "whole": 3.0,
        "tiny": 1e-300,
        "inf": .double(.infinity),
        "bytes": .bytes([0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0xFF]),
        "sa": .stringArray(["x", "", "y"]),
        "ba": .boolArray([true, false]),
        "ia": .intArray([1, -2, 3_000_000_000_000]),
        "da": .doubleArray([0.5, -1.25, 1e20]),
    ]

    static func spans() throws -> [SpanData] {
        let linked = SpanContext(
            traceID: TraceID(high: 7, low: 8), spanID: SpanID(9), traceFlags: .sampled,
            traceState: try TraceState.parse("vendor=v1,other@sys=x").get(), isRemote: true)
        let localLink = SpanContext(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: [])
        let first = SpanData(
            name: "codex.api_request",
            context: SpanContext(
                traceID: traceID, spanID: SpanID(0x1112_1314_1516_1718), traceFlags: [.sampled, .random],
                traceState: try TraceState.parse("congo=t61rcWkgMzE").get()),
            parentSpanID: SpanID(0x2122_2324_2526_2728), isParentRemote: true, kind: .client,
            startTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_001),
            endTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_500_000_002),
            attributes: everyAttributeType,
            events: [
                .init(
                    name: "codex.sse_event", timestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_100_000_000),
                    attributes: ["event.kind": "response.completed", "n": 3], droppedAttributesCount: 2),
                .init(name: "exception", timestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_200_000_000)),
            ],
            links: [
                .init(context: linked, attributes: ["link.kind": "follows"], droppedAttributesCount: 1),
                .init(context: localLink),
            ],
            status: .error(description: "upstream 503"), droppedAttributesCount: 3, droppedEventsCount: 1,
            droppedLinksCount: 4, resource: resource, instrumentationScope: scope)
        var spans = [first]
        for (index, kind) in SpanKind.allCases.enumerated() {
            spans.append(
                SpanData(
                    name: "span-\(index)",
                    context: SpanContext(traceID: traceID, spanID: SpanID(UInt64(100 + index)), traceFlags: .sampled),
                    parentSpanID: index == 0 ? nil : SpanID(0x1112_1314_1516_1718), kind: kind,
                    startTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_001_000_000_000),
                    endTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_002_000_000_000),
                    status: index % 2 == 0 ? .ok : .unset, resource: resource,
                    instrumentationScope: index < 3 ? scope : otherScope))
        }
        // A second resource, so grouping by resource is exercised.
        spans.append(
            SpanData(
                name: "elsewhere",
                context: SpanContext(traceID: TraceID(high: 0, low: 1), spanID: SpanID(1), traceFlags: []),
                startTime: Timestamp(nanosecondsSinceEpoch: 1), endTime: Timestamp(nanosecondsSinceEpoch: 2),
                resource: Resource(attributes: ["service.name": "other"]), instrumentationScope: otherScope))
        return spans
    }

    static func logRecords() -> [LogRecordData] {
        var records = [
            LogRecordData(
                timestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_123),
                observedTimestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_456),
                severity: .info, severityText: "INFO", body: "hello\tworld",
                attributes: everyAttributeType, droppedAttributesCount: 7, eventName: "codex.user_prompt",
                traceID: traceID, spanID: SpanID(0x1112_1314_1516_1718), traceFlags: .sampled,
                resource: resource, instrumentationScope: scope),
            LogRecordData(
                observedTimestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_789),
                resource: resource, instrumentationScope: otherScope),
        ]
        let bodies: [AttributeValue] = [
            42, 1.5, false, .bytes([1, 2, 3]), .stringArray(["a", "b"]), .intArray([1, 2]), .doubleArray([0.25]),
            .boolArray([true]),
        ]
        for (index, body) in bodies.enumerated() {
            records.append(
                LogRecordData(
                    timestamp: Timestamp(nanosecondsSinceEpoch: UInt64(1_000 + index)),
                    observedTimestamp: Timestamp(nanosecondsSinceEpoch: UInt64(2_000 + index)),
                    severity: Severity(number: UInt8(1 + index * 3)), severityText: "level \(index)", body: body,
                    resource: resource, instrumentationScope: otherScope))
        }
        return records
    }

    static let start = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
    static let now = Timestamp(nanosecondsSinceEpoch: 1_700_000_060_000_000_000)

    static func resourceMetrics() -> [ResourceMetrics] {
        let sum = MetricData(
            name: "codex.tool.call", description: "Tool calls", unit: "{call}",
            data: .sum(
                SumData(
                    points: [
                        NumberDataPoint(
                            attributes: ["tool": "shell", "ok": true], startTime: start, time: now, value: .int(7)),
                        NumberDataPoint(
                            attributes: ["tool": "apply_patch"], startTime: start, time: now, value: .int(-3)),
                        NumberDataPoint(attributes: [:], startTime: start, time: now, value: .int(0)),
                    ], aggregationTemporality: .cumulative, isMonotonic: true)))
        let upDown = MetricData(
            name: "codex.queue.depth", description: "", unit: "",
            data: .sum(
                SumData(
                    points: [NumberDataPoint(attributes: [:], startTime: start, time: now, value: .double(-2.5))],
                    aggregationTemporality: .delta, isMonotonic: false)))
        let gauge = MetricData(
            name: "codex.memory", description: "Resident memory", unit: "By",
            data: .gauge(
                GaugeData(points: [
                    NumberDataPoint(attributes: ["kind": "rss"], startTime: start, time: now, value: .double(1.5e9)),
                    NumberDataPoint(attributes: ["kind": "zero"], startTime: start, time: now, value: .double(0)),
                ])))
        let histogram = MetricData(
            name: "codex.api_request.duration", description: "Latency", unit: "ms",
            data: .histogram(
                HistogramData(
                    points: [
                        HistogramDataPoint(
                            attributes: ["model": "gpt-5.1", "ia": .intArray([1, 2])], startTime: start, time: now,
                            count: 6, sum: 1234.5, min: 0.5, max: 900, explicitBounds: [0, 5, 10, 25, 50, 100],
                            bucketCounts: [0, 1, 2, 0, 0, 1, 2]),
                        HistogramDataPoint(
                            attributes: [:], startTime: start, time: now, count: 0, sum: 0, min: nil, max: nil,
                            explicitBounds: [], bucketCounts: []),
                    ], aggregationTemporality: .delta)))
        let exponential = MetricData(
            name: "codex.tokens", description: "Tokens per request", unit: "{token}",
            data: .exponentialHistogram(
                ExponentialHistogramData(
                    points: [
                        ExponentialHistogramDataPoint(
                            attributes: ["direction": "input"], startTime: start, time: now, count: 12, sum: 4096.25,
                            min: -3, max: 2048, scale: -3, zeroCount: 2, zeroThreshold: 1e-9,
                            positive: ExponentialHistogramBuckets(offset: -5, bucketCounts: [1, 0, 3, 200]),
                            negative: ExponentialHistogramBuckets(offset: 7, bucketCounts: [4])),
                        ExponentialHistogramDataPoint(
                            attributes: [:], startTime: start, time: now, count: 1, sum: 1, min: nil, max: nil,
                            scale: 20, zeroCount: 0,
                            positive: ExponentialHistogramBuckets(offset: 2_000_000, bucketCounts: [1]),
                            negative: .empty),
                    ], aggregationTemporality: .cumulative)))
        return [
            ResourceMetrics(
                resource: resource,
                scopeMetrics: [
                    ScopeMetrics(scope: scope, metrics: [sum, upDown, gauge]),
                    ScopeMetrics(scope: otherScope, metrics: [histogram, exponential]),
                ]),
            ResourceMetrics(
                resource: Resource(attributes: ["service.name": "other"]),
                scopeMetrics: [ScopeMetrics(scope: otherScope, metrics: [gauge])]),
        ]
    }
}
