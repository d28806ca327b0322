/// Feeds OTLP export requests to the receiver: the protobuf and JSON decoders of
/// `OTLPTraceDecoder`, `OTLPLogDecoder` and `OTLPMetricDecoder` (default and tiny limits), the
/// HTTP/1.1 request-head parser with `OTLPRequestHandler` (routing, media types, gzip), and an
/// `HTTPConnection` reading pipelined requests from a socket in fragments.
///
/// Whatever decodes must survive a round trip: encoding it with the project's OTLP encoders and
/// decoding that again gives data that encodes to the same bytes (see `checkRoundTrip`).
///
/// Input: the first byte picks the part (`byte % 8`); the rest is its input:
/// 0-5 a request body: traces, logs, metrics, each as protobuf then JSON;
/// 6 a limits byte (see `tinyLimits`), a choice byte (signal `byte % 3`, JSON when bit 7 is
///   set), then the body;
/// 7 one fragment-size byte, then raw HTTP/1.1 bytes (one or more requests) for a connection;
///   with the fragment-size byte above 127, one request handled directly instead (head up to
///   the first CR LF CR LF, then the body).

import FuzzKit
import Glibc
import OtelAPI
import OtelOTLP
import OtelSDK

@testable import OtelOTLPReceiver

OtelDiagnostics.setHandler(minimumLevel: .debug) { _, _ in }

/// Tiny limits, so that every limit is reached by small inputs.
func tinyLimits(_ selector: UInt8) -> OTLPDecodeLimits {
    OTLPDecodeLimits(
        maxBodyBytes: 64 << Int(selector & 7), maxJSONBodyBytes: 64 << Int(selector & 7),
        maxAnyValueDepth: 1 + Int(selector >> 3 & 3), maxElements: 1 + Int(selector >> 5) * 8,
        maxAttributesPerSet: Int(selector >> 5))
}

FuzzDriver.run(seeds: seeds) { buffer in
    var input = FuzzInput(buffer)
    let selector = input.byte() % 8
    switch selector {
    case 0...5:
        decode(input.rest(), signal: Int(selector / 2), format: selector % 2 == 0 ? .protobuf : .json, limits: .default)
    case 6:
        let limits = input.byte()
        let choice = input.byte()
        decode(
            input.rest(), signal: Int(choice % 3), format: choice & 0x80 == 0 ? .protobuf : .json,
            limits: tinyLimits(limits))
    default:
        let fragment = input.byte()
        if fragment > 127 {
            handleOneRequest(input.rest())
        } else {
            ConnectionHarness.shared.feed(input.rest(), fragmentSize: 1 + Int(fragment) * 32)
        }
    }
}

func decode(_ body: [UInt8], signal: Int, format: OTLPPayloadFormat, limits: OTLPDecodeLimits) {
    switch signal {
    case 0:
        guard let spans = try? OTLPTraceDecoder.decode(body, format: format, limits: limits) else { return }
        checkRoundTrip(spans, "spans", protobuf: OTLPTraceEncoder.protobuf, json: OTLPTraceEncoder.json) {
            try OTLPTraceDecoder.decode($0, format: $1)
        }
    case 1:
        guard let records = try? OTLPLogDecoder.decode(body, format: format, limits: limits) else { return }
        checkRoundTrip(records, "log records", protobuf: OTLPLogEncoder.protobuf, json: OTLPLogEncoder.json) {
            try OTLPLogDecoder.decode($0, format: $1)
        }
    default:
        guard let metrics = try? OTLPMetricDecoder.decode(body, format: format, limits: limits) else { return }
        fuzzCheck(metrics.skippedDataPoints >= 0, "negative skipped count")
        checkRoundTrip(
            metrics.resourceMetrics, "metrics", protobuf: OTLPMetricEncoder.protobuf, json: OTLPMetricEncoder.json
        ) { try OTLPMetricDecoder.decode($0, format: $1).resourceMetrics }
    }
}

/// Encodes decoded data in each format, decodes that again, and checks that the result encodes
/// to the same bytes in that format (bytes rather than `==`, so NaN values compare), and that
/// what came back through JSON encodes to the same protobuf as the data: JSON loses nothing, save
/// the sign and payload of NaNs (all spelled `"NaN"`), so that check is skipped when there is one.
func checkRoundTrip<Item>(
    _ items: [Item], _ what: String, protobuf: ([Item]) -> [UInt8], json: ([Item]) -> [UInt8],
    decode: ([UInt8], OTLPPayloadFormat) throws -> [Item]
) {
    let expected = protobuf(items)
    for format in OTLPPayloadFormat.allCases {
        let encode = format == .protobuf ? protobuf : json
        let encoded = encode(items)
        do {
            let again = try decode(encoded, format)
            fuzzCheck(encode(again) == encoded, "decoded \(what) changed on a \(format) round trip")
            if format == .json, encoded.firstRange(of: Array(#""NaN""#.utf8)) == nil {
                fuzzCheck(protobuf(again) == expected, "decoded \(what) lost data on a JSON round trip")
            }
        } catch {
            fuzzCheck(false, "decoded \(what) encoded as \(format) do not decode again: \(error)")
        }
    }
}

func handleOneRequest(_ bytes: [UInt8]) {
    let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
    let headEnd = bytes.firstRange(of: separator)
    let head = bytes[..<(headEnd?.lowerBound ?? bytes.endIndex)]
    let body = headEnd.map { Array(bytes[$0.upperBound...]) } ?? []
    guard let parsed = try? HTTPRequestHead.parse(head) else { return }
    fuzzCheck(parsed.contentLength >= 0, "negative Content-Length")
    _ = (parsed.keepAlive, parsed.expectsContinue)
    let handler = OTLPRequestHandler(limits: tinyLimits(0xFF)) { _ in }
    let reply = handler.handle(parsed, body: body)
    fuzzCheck((200...599).contains(reply.status), "reply status \(reply.status)")
    _ = reply.serialized(keepAliveHeader: parsed.minorVersion == 0)
}

/// An `HTTPConnection` on one end of a non-blocking socket pair; the harness writes requests
/// to the other end in fragments and reads the answers.
final class ConnectionHarness {
    nonisolated(unsafe) static let shared = ConnectionHarness()

    private let serverSide: Int32
    private let clientSide: Int32
    private let handler = OTLPRequestHandler(limits: tinyLimits(0x3F)) { _ in }
    private var scratch = [UInt8](repeating: 0, count: 4096)

    private init() {
        var fds: [Int32] = [-1, -1]
        let created = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds)
        fuzzCheck(created == 0, "socketpair failed")
        serverSide = fds[0]
        clientSide = fds[1]
    }

    func feed(_ bytes: [UInt8], fragmentSize: Int) {
        let connection = HTTPConnection(fd: serverSide, now: 0)
        var sent = 0
        var rounds = 0
        while !connection.isDone {
            rounds += 1
            fuzzCheck(rounds <= bytes.count + 1_000, "the connection stopped making progress")
            if sent < bytes.count {
                let count = min(fragmentSize, bytes.count - sent)
                let written = bytes[sent..<(sent + count)].withUnsafeBytes {
                    send(clientSide, $0.baseAddress, count, 0)
                }
                if written > 0 { sent += written }
            }
            if connection.wantsRead, !connection.readAvailable(now: 0, maxHeadBytes: 512, scratch: &scratch) {
                connection.peerClosed()
            }
            connection.process(handler: handler, maxHeadBytes: 512)
            guard connection.writePending(now: 0) else { break }
            drain(clientSide)
            if sent == bytes.count, !hasUnreadBytes(serverSide), !connection.wantsWrite {
                // Everything was sent and read: the client is done, as after a half close.
                connection.peerClosed()
            }
        }
        drain(serverSide)
        drain(clientSide)
    }

    private func hasUnreadBytes(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK)) > 0
    }

    private func drain(_ fd: Int32) {
        while scratch.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, 0) }) > 0 {}
    }
}

/// Export requests: the project's own encodings of telemetry that uses every field (both
/// formats, all signals), the OTLP/JSON examples of the opentelemetry-proto repository (with
/// key-value lists, arrays and upper-case ids), the same under tiny limits, and HTTP/1.1
/// exchanges a receiver meets: gzip bodies, pipelining, `Expect: 100-continue`, HTTP/1.0, wrong
/// routes, methods and media types, chunked bodies and bad lengths.
func seeds() -> [FuzzSeed] {
    let spans = SeedData.spans()
    let records = SeedData.logRecords()
    let metrics = SeedData.resourceMetrics()
    let bodies: [(name: String, part: UInt8, body: [UInt8])] = [
        ("traces-pb", 0, OTLPTraceEncoder.protobuf(spans)),
        ("traces-json", 1, OTLPTraceEncoder.json(spans)),
        ("logs-pb", 2, OTLPLogEncoder.protobuf(records)),
        ("logs-json", 3, OTLPLogEncoder.json(records)),
        ("metrics-pb", 4, OTLPMetricEncoder.protobuf(metrics)),
        ("metrics-json", 5, OTLPMetricEncoder.json(metrics)),
        ("traces-json-example", 1, Array(SeedData.traceExample.utf8)),
        ("logs-json-example", 3, Array(SeedData.logsExample.utf8)),
        ("metrics-json-example", 5, Array(SeedData.metricsExample.utf8)),
        // An unknown field after a valid request (protobuf concatenation merges messages).
        ("traces-pb-unknown-field", 0, OTLPTraceEncoder.protobuf(Array(spans.prefix(1))) + [0xF8, 0x07, 0x01]),
        ("logs-pb-empty", 2, []),
        ("metrics-json-empty", 5, Array("{}".utf8)),
    ]
    var result = bodies.map { FuzzSeed($0.name, [UInt8(ascii: "0") + $0.part] + $0.body) }
    // Part 6: the limits byte, then the signal and format byte (low bits signal, 0x80 JSON).
    result.append(FuzzSeed("tiny-limits-traces-pb", [UInt8(ascii: "6"), 0x00, 0x00] + bodies[0].body))
    result.append(FuzzSeed("tiny-limits-logs-json", [UInt8(ascii: "6"), 0xE9, 0x81] + bodies[8].body))
    result.append(FuzzSeed("tiny-limits-metrics-pb", [UInt8(ascii: "6"), 0x7F, 0x02] + bodies[4].body))

    func request(
        _ path: String, _ contentType: String?, _ body: [UInt8], method: String = "POST", version: String = "1.1",
        extra: [String] = []
    ) -> [UInt8] {
        var lines = ["\(method) \(path) HTTP/\(version)", "Host: localhost:4318"]
        if let contentType { lines.append("Content-Type: \(contentType)") }
        lines.append("Content-Length: \(body.count)")
        lines += extra
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }
    let smallSpans = OTLPTraceEncoder.protobuf(Array(spans.prefix(2)))
    let smallLogs = OTLPLogEncoder.json(Array(records.prefix(2)))
    let gzippedLogs = (try? Gzip.compress(smallLogs)) ?? []
    // Part 7: the fragment-size byte (below 128: a connection reading fragments of
    // 1 + 32 * byte bytes; above: one request handled directly), then the bytes.
    let exchanges: [(name: String, fragment: UInt8, bytes: [UInt8])] = [
        ("http-traces-pb", 0x7F, request("/v1/traces", "application/x-protobuf", smallSpans)),
        (
            "http-logs-json-gzip", 0x01,
            request(
                "/v1/logs", "application/json; charset=utf-8", gzippedLogs,
                extra: [
                    "Content-Encoding: gzip"
                ])
        ),
        (
            "http-pipelined", 0x00,
            request("/v1/metrics", "application/json", Array(#"{"resourceMetrics":[]}"#.utf8))
                + request(
                    "http://localhost:4318/v1/traces?x=1", "application/protobuf", [], extra: ["Connection: close"])
        ),
        (
            "http-expect-continue", 0x02,
            request("/v1/logs", "application/json", smallLogs, extra: ["Expect: 100-continue"])
        ),
        (
            "http-1.0-keep-alive", 0x10,
            request(
                "/v1/traces", "application/x-protobuf", [], version: "1.0",
                extra: [
                    "Connection: keep-alive"
                ])
        ),
        (
            "http-wrong-route-method-type", 0x03,
            request("/v2/traces", nil, []) + request("/v1/traces", "text/plain", [], method: "GET")
        ),
        (
            "http-chunked", 0x04,
            Array("POST /v1/logs HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n".utf8)
        ),
        (
            "http-bad-length", 0x05,
            Array("POST /v1/logs HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab".utf8)
        ),
        (
            "http-too-large", 0x06,
            request("/v1/traces", "application/x-protobuf", [], extra: ["Content-Length: 99999999"])
        ),
        ("direct-traces-pb", 0x80, request("/v1/traces", "application/x-protobuf", smallSpans)),
        (
            "direct-logs-gzip", 0xFF,
            request("/v1/logs", "application/json", gzippedLogs, extra: ["content-encoding: GZIP"])
        ),
        ("direct-folded-header", 0x81, Array("POST /v1/logs HTTP/1.1\r\nA: b\r\n c\r\n\r\n".utf8)),
    ]
    result += exchanges.map { FuzzSeed($0.name, [UInt8(ascii: "7"), $0.fragment] + $0.bytes) }
    return result
}

/// Telemetry that uses every field the encoders write (after the receiver tests' fixtures, smaller),
/// with counts past one varint byte, so that a decoder that truncates them has something to lose.
enum SeedData {
    static let traceID = TraceID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10)
    static let resource = Resource(
        attributes: ["service.name": "fuzz", "service.version": "1.2.3", "process.pid": 4242],
        schemaURL: "https://opentelemetry.io/schemas/1.26.0")
    static let scope = InstrumentationScope(
        name: "codex_otel.trace_safe", version: "0.9", schemaURL: "https://example.com/scope", attributes: ["s": true])
    static let otherScope = InstrumentationScope(name: "codex_otel.log_only")
    static let attributes: Attributes = [
        "s": "text \"quoted\" \\ newline\n emoji \u{1F389}", "empty": "", "b": true, "i": 42,
        "neg": -9_223_372_036_854_775_808, "d": 2.5, "inf": .double(.infinity), "nan": .double(.nan),
        "bytes": .bytes([0x00, 0xDE, 0xAD, 0xFF]), "sa": .stringArray(["x", ""]), "ba": .boolArray([true, false]),
        "ia": .intArray([1, -2, 3_000_000_000_000]), "da": .doubleArray([0.5, -1e300, -0.0]),
    ]
    static let start = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
    static let now = Timestamp(nanosecondsSinceEpoch: 1_700_000_060_000_000_000)

    static func spans() -> [SpanData] {
        let state = (try? TraceState.parse("congo=t61rcWkgMzE,tenant@sys=x").get()) ?? TraceState()
        let first = SpanData(
            name: "codex.api_request",
            context: SpanContext(
                traceID: traceID, spanID: SpanID(0x1112_1314_1516_1718), traceFlags: [.sampled, .random],
                traceState: state),
            parentSpanID: SpanID(0x2122_2324_2526_2728), isParentRemote: true, kind: .client, startTime: start,
            endTime: now, attributes: attributes,
            events: [
                .init(name: "codex.sse_event", timestamp: now, attributes: ["n": 3], droppedAttributesCount: 300),
                .init(name: "exception", timestamp: start),
            ],
            links: [
                .init(
                    context: SpanContext(
                        traceID: TraceID(high: 7, low: 8), spanID: SpanID(9), traceFlags: .sampled, traceState: state,
                        isRemote: true),
                    attributes: ["link.kind": "follows"], droppedAttributesCount: 65_536),
                .init(context: SpanContext(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: [])),
            ],
            status: .error(description: "upstream 503"), droppedAttributesCount: 3, droppedEventsCount: 128,
            droppedLinksCount: 4_294_967_295, resource: resource, instrumentationScope: scope)
        var spans = [first]
        for (index, kind) in SpanKind.allCases.enumerated() {
            spans.append(
                SpanData(
                    name: "span-\(index)",
                    context: SpanContext(traceID: traceID, spanID: SpanID(UInt64(100 + index)), traceFlags: .sampled),
                    parentSpanID: index == 0 ? nil : SpanID(0x1112_1314_1516_1718), kind: kind, startTime: start,
                    endTime: now, status: index % 2 == 0 ? .ok : .unset, resource: resource,
                    instrumentationScope: index < 2 ? scope : otherScope))
        }
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
                timestamp: start, observedTimestamp: now, severity: .info, severityText: "INFO", body: "hello\tworld",
                attributes: attributes, droppedAttributesCount: 70_000, eventName: "codex.user_prompt",
                traceID: traceID,
                spanID: SpanID(0x1112_1314_1516_1718), traceFlags: .sampled, resource: resource,
                instrumentationScope: scope),
            LogRecordData(observedTimestamp: now, resource: resource, instrumentationScope: otherScope),
        ]
        let bodies: [AttributeValue] = [42, 1.5, false, .bytes([1, 2, 3]), .stringArray(["a", "b"]), .intArray([1])]
        for (index, body) in bodies.enumerated() {
            records.append(
                LogRecordData(
                    timestamp: Timestamp(nanosecondsSinceEpoch: UInt64(1_000 + index)),
                    observedTimestamp: Timestamp(nanosecondsSinceEpoch: UInt64(2_000 + index)),
                    severity: Severity(number: UInt8(1 + index * 4)), severityText: "level \(index)", body: body,
                    resource: resource, instrumentationScope: otherScope))
        }
        return records
    }

    static func resourceMetrics() -> [ResourceMetrics] {
        let sum = MetricData(
            name: "codex.tool.call", description: "Tool calls", unit: "{call}",
            data: .sum(
                SumData(
                    points: [
                        NumberDataPoint(
                            attributes: ["tool": "shell", "ok": true], startTime: start, time: now, value: .int(7)),
                        NumberDataPoint(attributes: [:], startTime: start, time: now, value: .int(-3)),
                    ], aggregationTemporality: .cumulative, isMonotonic: true)))
        let gauge = MetricData(
            name: "codex.memory", description: "Resident memory", unit: "By",
            data: .gauge(
                GaugeData(points: [
                    NumberDataPoint(attributes: ["kind": "rss"], startTime: start, time: now, value: .double(1.5e9)),
                    NumberDataPoint(attributes: [:], startTime: start, time: now, value: .double(-.nan)),
                ])))
        let histogram = MetricData(
            name: "codex.api_request.duration", description: "Latency", unit: "ms",
            data: .histogram(
                HistogramData(
                    points: [
                        HistogramDataPoint(
                            attributes: ["model": "gpt-5.1"], startTime: start, time: now, count: 6, sum: 1234.5,
                            min: 0.5, max: 900, explicitBounds: [0, 5, 10, 100], bucketCounts: [0, 1, 2, 1, 2]),
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
                            negative: ExponentialHistogramBuckets(offset: 7, bucketCounts: [4]))
                    ], aggregationTemporality: .cumulative)))
        return [
            ResourceMetrics(
                resource: resource,
                scopeMetrics: [
                    ScopeMetrics(scope: scope, metrics: [sum, gauge]),
                    ScopeMetrics(scope: otherScope, metrics: [histogram, exponential]),
                ]),
            ResourceMetrics(
                resource: Resource(attributes: ["service.name": "other"]),
                scopeMetrics: [ScopeMetrics(scope: otherScope, metrics: [gauge])]),
        ]
    }

    /// `examples/trace.json` of opentelemetry-proto (ids in upper case, as there).
    static let traceExample = #"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
        "scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0","attributes":[{"key":"my.scope.attribute",
        "value":{"stringValue":"some scope attribute"}}]},"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C",
        "spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173","name":"I'm a server span",
        "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","kind":2,
        "attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}]}]}]}]}
        """#

    /// `examples/logs.json` of opentelemetry-proto.
    static let logsExample = #"""
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
        "scopeLogs":[{"scope":{"name":"my.library","version":"1.0.0"},"logRecords":[{
        "timeUnixNano":"1544712660300000000","observedTimeUnixNano":"1544712660300000000","severityNumber":10,
        "severityText":"Information","traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
        "body":{"stringValue":"Example log record"},"attributes":[{"key":"string.attribute","value":{"stringValue":
        "some string"}},{"key":"boolean.attribute","value":{"boolValue":true}},{"key":"int.attribute","value":{
        "intValue":"10"}},{"key":"double.attribute","value":{"doubleValue":637.704}},{"key":"array.attribute",
        "value":{"arrayValue":{"values":[{"stringValue":"many"},{"stringValue":"values"}]}}},{"key":"map.attribute",
        "value":{"kvlistValue":{"values":[{"key":"some.map.key","value":{"stringValue":"some value"}}]}}}]}]}]}]}
        """#

    /// `examples/metrics.json` of opentelemetry-proto (all four point kinds).
    static let metricsExample = #"""
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
        "scopeMetrics":[{"scope":{"name":"my.library","version":"1.0.0"},"metrics":[{"name":"my.counter","unit":"1",
        "description":"I am a Counter","sum":{"aggregationTemporality":1,"isMonotonic":true,"dataPoints":[{
        "asDouble":5,"startTimeUnixNano":"1544712660300000000","timeUnixNano":"1544712660300000000","attributes":[{
        "key":"my.counter.attr","value":{"stringValue":"some value"}}]}]}},{"name":"my.gauge","unit":"1",
        "description":"I am a Gauge","gauge":{"dataPoints":[{"asInt":"10","timeUnixNano":"1544712660300000000"}]}},
        {"name":"my.histogram","unit":"1","description":"I am a Histogram","histogram":{"aggregationTemporality":1,
        "dataPoints":[{"startTimeUnixNano":"1544712660300000000","timeUnixNano":"1544712660300000000","count":2,
        "sum":2,"bucketCounts":[1,1],"explicitBounds":[1],"min":0,"max":2}]}},{"name":"my.exponential.histogram",
        "unit":"1","description":"I am an Exponential Histogram","exponentialHistogram":{"aggregationTemporality":1,
        "dataPoints":[{"startTimeUnixNano":"1544712660300000000","timeUnixNano":"1544712660300000000","count":3,
        "sum":10,"scale":0,"zeroCount":1,"positive":{"offset":1,"bucketCounts":[0,2]},"min":0,"max":5,
        "zeroThreshold":0}]}}]}]}]}
        """#
}
