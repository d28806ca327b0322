import Foundation
import OtelOTLP
import OtelSDK
import Testing

/// Exports spans and log records over each protocol to the independent Python receiver, which
/// decodes them with the official opentelemetry-proto classes, and checks every field.
@Suite("OTLP spans and logs on the wire", .serialized)
struct OTLPTraceLogWireTests {
    static let traceID = TraceID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10)
    static let resource = Resource(attributes: ["service.name": "wire-test", "service.version": "1.2.3"])
    static let scope = InstrumentationScope(name: "codex_otel.trace_safe", version: "0.9")

    static let attributes: Attributes = [
        "s": "text", "b": true, "i": 42, "d": 2.5, "bytes": .bytes([0xDE, 0xAD]),
        "sa": .stringArray(["x", "y"]), "ia": .intArray([1, -2]), "da": .doubleArray([0.5]), "ba": .boolArray([false]),
    ]

    static func span() throws -> SpanData {
        let linked = SpanContext(
            traceID: TraceID(high: 7, low: 8), spanID: SpanID(9), traceFlags: .sampled,
            traceState: try TraceState.parse("vendor=v1").get(), isRemote: true)
        return SpanData(
            name: "codex.api_request",
            context: SpanContext(traceID: traceID, spanID: SpanID(0x1112_1314_1516_1718), traceFlags: .sampled),
            parentSpanID: SpanID(0x2122_2324_2526_2728), isParentRemote: true, kind: .client,
            startTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_001),
            endTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_500_000_002),
            attributes: attributes,
            events: [
                .init(
                    name: "codex.sse_event", timestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_100_000_000),
                    attributes: ["event.kind": "response.completed"])
            ],
            links: [.init(context: linked, attributes: ["link.kind": "follows"])],
            status: .error(description: "upstream 503"), droppedAttributesCount: 3, droppedEventsCount: 1,
            resource: resource, instrumentationScope: scope)
    }

    static func logRecord() -> LogRecordData {
        LogRecordData(
            timestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_123),
            observedTimestamp: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_456),
            severity: .info, severityText: "INFO", body: "hello",
            attributes: ["event.name": "codex.user_prompt", "n": 5],
            eventName: "codex.user_prompt", traceID: traceID, spanID: SpanID(0x1112_1314_1516_1718),
            traceFlags: .sampled,
            resource: resource, instrumentationScope: InstrumentationScope(name: "codex_otel.log_only"))
    }

    static func configuration(
        _ receiver: OTLPReceiver, _ wireProtocol: OTLPProtocol, signal: OTLPSignal
    )
        -> OTLPExporterConfiguration
    {
        let endpoint: OTLPEndpoint =
            wireProtocol == .grpc ? .base(receiver.grpcURL) : .exact(receiver.httpURL + signal.httpPath)
        return OTLPExporterConfiguration(endpoint: endpoint, protocol: wireProtocol, timeout: .seconds(5))
    }

    static func deadline(_ seconds: Int = 10) -> MonotonicInstant {
        MonotonicInstant.now().advanced(by: .seconds(seconds))
    }

    @Test("every span field arrives intact", arguments: [OTLPProtocol.httpProtobuf, .httpJSON, .grpc])
    func spanFields(wireProtocol: OTLPProtocol) throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let exporter = try OTLPSpanExporter(
            configuration: Self.configuration(receiver, wireProtocol, signal: .traces),
            environment: OtelEnvironment([:]))
        #expect(exporter.export([try Self.span()], deadline: Self.deadline()) == .success)

        let received = try receiver.received()
        try #require(received.count == 1)
        let request = received[0]
        #expect(request["signal"] as? String == "traces")
        let resourceSpans = jsonValue(request, ["message", "resourceSpans", 0])
        let resourceAttributes = jsonValue(resourceSpans, ["resource", "attributes"]) as? [[String: Any]] ?? []
        #expect(
            resourceAttributes.contains {
                ($0["key"] as? String) == "service.name"
                    && jsonValue($0, ["value", "stringValue"]) as? String == "wire-test"
            })
        #expect(jsonValue(resourceSpans, ["scopeSpans", 0, "scope", "name"]) as? String == "codex_otel.trace_safe")
        #expect(jsonValue(resourceSpans, ["scopeSpans", 0, "scope", "version"]) as? String == "0.9")
        let span = try #require(jsonValue(resourceSpans, ["scopeSpans", 0, "spans", 0]) as? [String: Any])
        #expect(span["traceId"] as? String == "0102030405060708090a0b0c0d0e0f10")
        #expect(span["spanId"] as? String == "1112131415161718")
        #expect(span["parentSpanId"] as? String == "2122232425262728")
        #expect(span["name"] as? String == "codex.api_request")
        #expect(span["kind"] as? String == "SPAN_KIND_CLIENT")
        #expect(span["startTimeUnixNano"] as? String == "1700000000000000001")
        #expect(span["endTimeUnixNano"] as? String == "1700000000500000002")
        #expect((span["flags"] as? NSNumber)?.intValue == 0x301)
        #expect((span["droppedAttributesCount"] as? NSNumber)?.intValue == 3)
        #expect((span["droppedEventsCount"] as? NSNumber)?.intValue == 1)
        #expect(jsonValue(span, ["status", "code"]) as? String == "STATUS_CODE_ERROR")
        #expect(jsonValue(span, ["status", "message"]) as? String == "upstream 503")

        let attributes = Dictionary(
            uniqueKeysWithValues: (span["attributes"] as? [[String: Any]] ?? []).map {
                ($0["key"] as? String ?? "", $0["value"] as? [String: Any] ?? [:])
            })
        #expect(attributes["s"]?["stringValue"] as? String == "text")
        #expect(attributes["b"]?["boolValue"] as? Bool == true)
        #expect(attributes["i"]?["intValue"] as? String == "42")
        #expect((attributes["d"]?["doubleValue"] as? NSNumber)?.doubleValue == 2.5)
        #expect(attributes["bytes"]?["bytesValue"] as? String == "3q0=")
        #expect(
            (jsonValue(attributes["sa"], ["arrayValue", "values"]) as? [[String: Any]])?.compactMap {
                $0["stringValue"] as? String
            } == ["x", "y"])
        #expect(
            (jsonValue(attributes["ia"], ["arrayValue", "values"]) as? [[String: Any]])?.compactMap {
                $0["intValue"] as? String
            } == ["1", "-2"])
        #expect((jsonValue(attributes["ba"], ["arrayValue", "values"]) as? [[String: Any]])?.count == 1)
        #expect(
            (jsonValue(attributes["da"], ["arrayValue", "values", 0, "doubleValue"]) as? NSNumber)?.doubleValue == 0.5)

        #expect(jsonValue(span, ["events", 0, "name"]) as? String == "codex.sse_event")
        #expect(jsonValue(span, ["events", 0, "timeUnixNano"]) as? String == "1700000000100000000")
        #expect(
            jsonValue(span, ["events", 0, "attributes", 0, "value", "stringValue"]) as? String == "response.completed")
        #expect(jsonValue(span, ["links", 0, "traceId"]) as? String == "00000000000000070000000000000008")
        #expect(jsonValue(span, ["links", 0, "spanId"]) as? String == "0000000000000009")
        #expect(jsonValue(span, ["links", 0, "traceState"]) as? String == "vendor=v1")
        #expect((jsonValue(span, ["links", 0, "flags"]) as? NSNumber)?.intValue == 0x301)
        #expect(exporter.statistics.batchesSucceeded == 1)
    }

    @Test("every log record field arrives intact", arguments: [OTLPProtocol.httpProtobuf, .httpJSON, .grpc])
    func logFields(wireProtocol: OTLPProtocol) throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        let exporter = try OTLPLogRecordExporter(
            configuration: Self.configuration(receiver, wireProtocol, signal: .logs), environment: OtelEnvironment([:]))
        #expect(exporter.export([Self.logRecord()], deadline: Self.deadline()) == .success)
        let received = try receiver.received()
        try #require(received.count == 1)
        let scopeLogs = jsonValue(received[0], ["message", "resourceLogs", 0, "scopeLogs", 0])
        #expect(jsonValue(scopeLogs, ["scope", "name"]) as? String == "codex_otel.log_only")
        let record = try #require(jsonValue(scopeLogs, ["logRecords", 0]) as? [String: Any])
        #expect(record["timeUnixNano"] as? String == "1700000000000000123")
        #expect(record["observedTimeUnixNano"] as? String == "1700000000000000456")
        #expect(record["severityNumber"] as? String == "SEVERITY_NUMBER_INFO")
        #expect(record["severityText"] as? String == "INFO")
        #expect(jsonValue(record, ["body", "stringValue"]) as? String == "hello")
        #expect(record["eventName"] as? String == "codex.user_prompt")
        #expect(record["traceId"] as? String == "0102030405060708090a0b0c0d0e0f10")
        #expect(record["spanId"] as? String == "1112131415161718")
        #expect((record["flags"] as? NSNumber)?.intValue == 1)
        #expect(jsonValue(record, ["attributes", 1, "value", "intValue"]) as? String == "5")
    }

    @Test("gzip compression is understood by the peer", arguments: [OTLPProtocol.httpProtobuf, .grpc])
    func gzip(wireProtocol: OTLPProtocol) throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        var configuration = Self.configuration(receiver, wireProtocol, signal: .traces)
        configuration.compression = .gzip
        let exporter = try OTLPSpanExporter(configuration: configuration, environment: OtelEnvironment([:]))
        #expect(exporter.export([try Self.span()], deadline: Self.deadline()) == .success)
        let received = try receiver.received()
        #expect(
            jsonValue(received.first, ["message", "resourceSpans", 0, "scopeSpans", 0, "spans", 0, "name"]) as? String
                == "codex.api_request")
    }
}

/// A dead, slow, failing or garbage-answering collector: the exporter never stalls past its
/// deadline, retries what is retryable, and counts what it drops.
@Suite("OTLP export faults", .serialized)
struct OTLPExportFaultTests {
    static func exporter(
        _ url: String, timeout: Duration = .seconds(2),
        retry: RetryPolicy = RetryPolicy(
            maximumAttempts: 3, initialBackoff: .milliseconds(50), maximumBackoff: .milliseconds(200))
    ) throws -> OTLPSpanExporter {
        try OTLPSpanExporter(
            configuration: OTLPExporterConfiguration(
                endpoint: .exact(url + "/v1/traces"), protocol: .httpProtobuf, timeout: timeout),
            retryPolicy: retry, environment: OtelEnvironment([:]))
    }

    @Test("receiver down: fails fast, counts the dropped spans")
    func receiverDown() throws {
        let port = try closedLocalPort()
        let exporter = try Self.exporter("http://127.0.0.1:\(port)")
        let start = MonotonicInstant.now()
        let result = exporter.export(
            [try OTLPTraceLogWireTests.span()], deadline: MonotonicInstant.now().advanced(by: .seconds(5)))
        #expect(result != .success)
        #expect(MonotonicInstant.now().nanoseconds - start.nanoseconds < 3_000_000_000)
        #expect(exporter.statistics.itemsDropped == 1)
        #expect(exporter.statistics.requests == 3)
    }

    @Test("503 with Retry-After is retried after the server's delay, then succeeds")
    func retryAfter() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"mode": "status", "status": 503, "retry_after": "1", "times": 1}"#)
        let exporter = try Self.exporter(receiver.httpURL)
        let start = MonotonicInstant.now()
        #expect(
            exporter.export(
                [try OTLPTraceLogWireTests.span()], deadline: MonotonicInstant.now().advanced(by: .seconds(10)))
                == .success)
        let elapsed = MonotonicInstant.now().nanoseconds - start.nanoseconds
        #expect(elapsed >= 950_000_000, "Retry-After: 1 was not honoured (\(elapsed) ns)")
        #expect(exporter.statistics.retries == 1)
        let received = try receiver.received()
        #expect(received.count == 2)
        #expect(received.first?["fault"] is [String: Any], "the first attempt met the 503")
        #expect(received.last?["fault"] is NSNull, "the retry was answered normally")
    }

    @Test("a Retry-After past the deadline gives up at once instead of sleeping past it")
    func retryAfterPastDeadline() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"mode": "status", "status": 429, "retry_after": "30", "times": 5}"#)
        let exporter = try Self.exporter(receiver.httpURL)
        let start = MonotonicInstant.now()
        #expect(
            exporter.export(
                [try OTLPTraceLogWireTests.span()], deadline: MonotonicInstant.now().advanced(by: .seconds(3)))
                != .success)
        #expect(MonotonicInstant.now().nanoseconds - start.nanoseconds < 2_000_000_000)
        #expect(exporter.statistics.itemsDropped == 1)
    }

    @Test("a receiver slower than the timeout: the export returns within its deadline")
    func slowReceiver() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"mode": "ok", "delay_ms": 3000, "times": 10}"#)
        let exporter = try Self.exporter(receiver.httpURL, timeout: .milliseconds(500))
        let start = MonotonicInstant.now()
        #expect(
            exporter.export(
                [try OTLPTraceLogWireTests.span()], deadline: MonotonicInstant.now().advanced(by: .milliseconds(1500)))
                != .success)
        let elapsed = MonotonicInstant.now().nanoseconds - start.nanoseconds
        #expect(elapsed < 2_000_000_000, "took \(elapsed) ns")
        #expect(exporter.statistics.itemsDropped == 1)
    }

    @Test("a 400 is not retried; its message is kept as the reason")
    func badRequest() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"mode": "status", "status": 400, "times": 5}"#)
        let exporter = try Self.exporter(receiver.httpURL)
        let result = exporter.export(
            [try OTLPTraceLogWireTests.span()], deadline: MonotonicInstant.now().advanced(by: .seconds(5)))
        guard case .failure(let reason) = result else { Issue.record("expected failure"); return }
        #expect(reason.hasPrefix("HTTP 400"))
        #expect(exporter.statistics.requests == 1)
        #expect(exporter.statistics.batchesFailed == 1)
    }

    @Test("partial success is accepted, and the rejected count is counted")
    func partialSuccess() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(
            #"{"mode": "ok", "partial_success": {"rejected": 2, "message": "2 spans too old"}, "times": 1}"#)
        let exporter = try Self.exporter(receiver.httpURL)
        #expect(
            exporter.export(
                [try OTLPTraceLogWireTests.span()], deadline: MonotonicInstant.now().advanced(by: .seconds(5)))
                == .success)
        #expect(exporter.statistics.itemsRejected == 2)
    }

    @Test("a garbage 200 body is reported but the batch counts as delivered")
    func garbageResponse() throws {
        let receiver = try OTLPReceiver()
        defer { receiver.stop() }
        try receiver.setMode(#"{"mode": "ok", "garbage": true, "times": 1}"#)
        let exporter = try Self.exporter(receiver.httpURL)
        #expect(
            exporter.export(
                [try OTLPTraceLogWireTests.span()], deadline: MonotonicInstant.now().advanced(by: .seconds(5)))
                == .success)
        #expect(exporter.statistics.batchesSucceeded == 1)
    }

    @Test("after shutdown, exports are refused and counted")
    func afterShutdown() throws {
        let exporter = try Self.exporter("http://127.0.0.1:9")
        _ = exporter.shutdown(deadline: MonotonicInstant.now())
        #expect(
            exporter.export(
                [try OTLPTraceLogWireTests.span()], deadline: MonotonicInstant.now().advanced(by: .seconds(1)))
                != .success)
        #expect(exporter.statistics.requests == 0)
        #expect(exporter.statistics.itemsDropped == 1)
    }
}
