import OtelAPI
import OtelOTLPReceiver
import OtelSDK
import Testing

/// Requests built with the official Python `opentelemetry-proto` classes, serialized by
/// `SerializeToString()` (and by `json_format` for JSON), decoded by our decoders.
@Suite("Decoding what the official protobuf classes produce", .serialized)
struct OfficialProtoTests {
    static let script = #"""
        import base64, json
        from google.protobuf import json_format
        from opentelemetry.proto.collector.trace.v1 import trace_service_pb2 as ts
        from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2 as ms
        from opentelemetry.proto.collector.logs.v1 import logs_service_pb2 as ls
        from opentelemetry.proto.common.v1 import common_pb2 as c
        from opentelemetry.proto.trace.v1 import trace_pb2 as t
        from opentelemetry.proto.metrics.v1 import metrics_pb2 as m

        def kv(key, **value):
            return c.KeyValue(key=key, value=c.AnyValue(**value))

        def kvlist(*pairs):
            return c.KeyValueList(values=list(pairs))

        req = ts.ExportTraceServiceRequest()
        rs = req.resource_spans.add()
        rs.schema_url = "https://opentelemetry.io/schemas/1.26.0"
        rs.resource.attributes.extend([
            kv("service.name", string_value="py"),
            kv("nested", kvlist_value=kvlist(kv("a", int_value=1), kv("b", kvlist_value=kvlist(kv("c", string_value="deep"))))),
            kv("mixed", array_value=c.ArrayValue(values=[c.AnyValue(int_value=1), c.AnyValue(string_value="x")])),
        ])
        ss = rs.scope_spans.add()
        ss.scope.name = "py-scope"
        ss.scope.version = "1.0"
        ss.schema_url = "https://example.com/scope"
        sp = ss.spans.add()
        sp.trace_id = bytes.fromhex("0102030405060708090a0b0c0d0e0f10")
        sp.span_id = bytes.fromhex("1112131415161718")
        sp.parent_span_id = bytes.fromhex("2122232425262728")
        sp.trace_state = "vendor=v1"
        sp.flags = 0x301
        sp.name = "py-span"
        sp.kind = t.Span.SPAN_KIND_SERVER
        sp.start_time_unix_nano = 1700000000000000001
        sp.end_time_unix_nano = 1700000000500000002
        sp.attributes.extend([
            kv("s", string_value="v"), kv("b", bool_value=True), kv("i", int_value=-5), kv("d", double_value=2.5),
            kv("bytes", bytes_value=b"\x00\xff"),
            kv("ia", array_value=c.ArrayValue(values=[c.AnyValue(int_value=1), c.AnyValue(int_value=2)])),
            kv("empty"),
        ])
        sp.dropped_attributes_count = 3
        ev = sp.events.add()
        ev.time_unix_nano = 1700000000100000000
        ev.name = "ev"
        ev.attributes.append(kv("k", string_value="v"))
        ev.dropped_attributes_count = 1
        sp.dropped_events_count = 2
        ln = sp.links.add()
        ln.trace_id = bytes.fromhex("00000000000000070000000000000008")
        ln.span_id = bytes.fromhex("0000000000000009")
        ln.flags = 0x101
        ln.attributes.append(kv("lk", double_value=1.5))
        sp.dropped_links_count = 4
        sp.status.code = t.Status.STATUS_CODE_ERROR
        sp.status.message = "boom"
        second = ss.spans.add()
        second.CopyFrom(sp)
        second.span_id = bytes.fromhex("0000000000000042")
        second.kind = t.Span.SPAN_KIND_UNSPECIFIED
        second.flags = 0
        second.ClearField("status")
        second.ClearField("links")
        print("traces", req.SerializeToString().hex())
        d = json_format.MessageToDict(req)
        for r in d["resourceSpans"]:
            for s in r["scopeSpans"]:
                for x in s["spans"]:
                    for key in ("traceId", "spanId", "parentSpanId"):
                        x[key] = base64.b64decode(x[key]).hex().upper()
                    for l in x.get("links", []):
                        for key in ("traceId", "spanId"):
                            l[key] = base64.b64decode(l[key]).hex()
        print("traces_json", json.dumps(d))

        mreq = ms.ExportMetricsServiceRequest()
        rm = mreq.resource_metrics.add()
        rm.resource.attributes.append(kv("service.name", string_value="py"))
        sm = rm.scope_metrics.add()
        sm.scope.name = "py-meter"
        g = sm.metrics.add(); g.name = "g"; g.unit = "1"; g.description = "a gauge"
        p = g.gauge.data_points.add(); p.as_double = 1.5; p.time_unix_nano = 10; p.attributes.append(kv("k", string_value="v"))
        s = sm.metrics.add(); s.name = "s"
        s.sum.aggregation_temporality = m.AGGREGATION_TEMPORALITY_DELTA; s.sum.is_monotonic = True
        p = s.sum.data_points.add(); p.as_int = -7; p.start_time_unix_nano = 5; p.time_unix_nano = 18446744073709551615
        h = sm.metrics.add(); h.name = "h"
        h.histogram.aggregation_temporality = m.AGGREGATION_TEMPORALITY_CUMULATIVE
        p = h.histogram.data_points.add(); p.count = 3; p.sum = 6.5; p.min = 0.5; p.max = 4.0
        p.bucket_counts.extend([1, 0, 2]); p.explicit_bounds.extend([1.0, 5.0])
        e = sm.metrics.add(); e.name = "e"
        e.exponential_histogram.aggregation_temporality = m.AGGREGATION_TEMPORALITY_DELTA
        p = e.exponential_histogram.data_points.add(); p.count = 5; p.sum = 10.0; p.scale = -2; p.zero_count = 1
        p.zero_threshold = 0.001; p.positive.offset = -3; p.positive.bucket_counts.extend([1, 2, 300])
        p.negative.offset = 4; p.negative.bucket_counts.extend([1])
        su = sm.metrics.add(); su.name = "summary"
        su.summary.data_points.add().count = 1
        su.summary.data_points.add().count = 2
        print("metrics", mreq.SerializeToString().hex())
        print("metrics_json", json.dumps(json_format.MessageToDict(mreq)))
        print("metrics_json_snake", json.dumps(json_format.MessageToDict(mreq, preserving_proto_field_name=True)))

        lreq = ls.ExportLogsServiceRequest()
        sl = lreq.resource_logs.add().scope_logs.add()
        sl.scope.name = "py-logger"
        lr = sl.log_records.add()
        lr.time_unix_nano = 1; lr.observed_time_unix_nano = 2; lr.severity_number = 17; lr.severity_text = "ERROR"
        lr.body.kvlist_value.values.append(kv("msg", string_value="hi"))
        lr.trace_id = bytes.fromhex("0102030405060708090a0b0c0d0e0f10"); lr.span_id = bytes.fromhex("1112131415161718")
        lr.flags = 1; lr.event_name = "py.event"; lr.attributes.append(kv("k", int_value=1))
        print("logs", lreq.SerializeToString().hex())
        """#

    static let outputs: Result<[String: String], any Error> = Result { try OfficialProto.outputs(of: script) }

    static func bytes(_ label: String) throws -> [UInt8] {
        let text = try #require(try outputs.get()[label], "python printed no \(label)")
        return label.contains("json") ? Array(text.utf8) : try OfficialProto.bytes(hex: text)
    }

    @Test("an ExportTraceServiceRequest from SerializeToString", arguments: ["traces", "traces_json"])
    func traces(label: String) throws {
        let spans =
            label == "traces"
            ? try OTLPTraceDecoder.protobuf(try Self.bytes(label)) : try OTLPTraceDecoder.json(try Self.bytes(label))
        try #require(spans.count == 2)
        let span = spans[0]
        #expect(span.name == "py-span")
        #expect(span.context.traceID == TraceID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10))
        #expect(span.context.spanID == SpanID(0x1112_1314_1516_1718))
        #expect(span.parentSpanID == SpanID(0x2122_2324_2526_2728))
        #expect(span.context.traceState.header == "vendor=v1")
        #expect(span.context.traceFlags == .sampled)
        #expect(span.isParentRemote)
        #expect(span.kind == .server)
        #expect(span.startTime.nanosecondsSinceEpoch == 1_700_000_000_000_000_001)
        #expect(span.endTime.nanosecondsSinceEpoch == 1_700_000_000_500_000_002)
        #expect(span.attributes["s"] == "v")
        #expect(span.attributes["b"] == true)
        #expect(span.attributes["i"] == -5)
        #expect(span.attributes["d"] == 2.5)
        #expect(span.attributes["bytes"] == .bytes([0x00, 0xFF]))
        #expect(span.attributes["ia"] == .intArray([1, 2]))
        #expect(span.attributes["empty"] == nil, "an empty AnyValue is no attribute")
        #expect(span.droppedAttributesCount == 3)
        #expect(span.events.count == 1)
        #expect(span.events.first?.name == "ev")
        #expect(span.events.first?.timestamp.nanosecondsSinceEpoch == 1_700_000_000_100_000_000)
        #expect(span.events.first?.attributes["k"] == "v")
        #expect(span.events.first?.droppedAttributesCount == 1)
        #expect(span.droppedEventsCount == 2)
        #expect(span.links.count == 1)
        #expect(span.links.first?.context.traceID == TraceID(high: 7, low: 8))
        #expect(span.links.first?.context.spanID == SpanID(9))
        #expect(span.links.first?.context.isRemote == false)
        #expect(span.links.first?.context.traceFlags == .sampled)
        #expect(span.links.first?.attributes["lk"] == 1.5)
        #expect(span.droppedLinksCount == 4)
        #expect(span.status == .error(description: "boom"))

        let resource = span.resource
        #expect(resource.schemaURL == "https://opentelemetry.io/schemas/1.26.0")
        #expect(resource.attributes["service.name"] == "py")
        #expect(resource.attributes["nested.a"] == 1, "key-value lists are flattened")
        #expect(resource.attributes["nested.b.c"] == "deep")
        #expect(resource.attributes["mixed"] == #"[1,"x"]"#, "mixed arrays are rendered as JSON")
        #expect(
            span.instrumentationScope
                == InstrumentationScope(name: "py-scope", version: "1.0", schemaURL: "https://example.com/scope"))

        let second = spans[1]
        #expect(second.kind == .internal, "SPAN_KIND_UNSPECIFIED reads as internal")
        #expect(second.status == .unset)
        #expect(!second.isParentRemote)
        #expect(second.context.traceFlags == [])
        #expect(second.links.isEmpty)
    }

    @Test("an ExportMetricsServiceRequest", arguments: ["metrics", "metrics_json", "metrics_json_snake"])
    func metrics(label: String) throws {
        let bytes = try Self.bytes(label)
        let decoded = try OTLPMetricDecoder.decode(bytes, format: label == "metrics" ? .protobuf : .json)
        #expect(decoded.skippedDataPoints == 2, "the summary's two points are skipped")
        #expect(decoded.skippedReason.contains("summary"))
        let batch = try #require(decoded.resourceMetrics.first)
        #expect(batch.resource.attributes["service.name"] == "py")
        #expect(batch.scopeMetrics.first?.scope.name == "py-meter")
        #expect(batch.allMetrics.map(\.name) == ["g", "s", "h", "e"])

        let gauge = try #require(batch.metric(named: "g"))
        #expect(gauge.unit == "1")
        #expect(gauge.description == "a gauge")
        #expect(
            gauge.gauge?.points == [
                NumberDataPoint(
                    attributes: ["k": "v"], startTime: Timestamp(nanosecondsSinceEpoch: 0),
                    time: Timestamp(nanosecondsSinceEpoch: 10), value: .double(1.5))
            ])

        let sum = try #require(batch.metric(named: "s")?.sum)
        #expect(sum.aggregationTemporality == .delta)
        #expect(sum.isMonotonic)
        #expect(sum.points.first?.value == .int(-7))
        #expect(sum.points.first?.startTime.nanosecondsSinceEpoch == 5)
        #expect(sum.points.first?.time.nanosecondsSinceEpoch == UInt64.max)

        let histogram = try #require(batch.metric(named: "h")?.histogram)
        #expect(histogram.aggregationTemporality == .cumulative)
        let point = try #require(histogram.points.first)
        #expect(point.count == 3)
        #expect(point.sum == 6.5)
        #expect(point.min == 0.5)
        #expect(point.max == 4.0)
        #expect(point.bucketCounts == [1, 0, 2])
        #expect(point.explicitBounds == [1.0, 5.0])

        let exponential = try #require(batch.metric(named: "e")?.exponentialHistogram)
        #expect(exponential.aggregationTemporality == .delta)
        let expPoint = try #require(exponential.points.first)
        #expect(expPoint.count == 5)
        #expect(expPoint.sum == 10)
        #expect(expPoint.scale == -2)
        #expect(expPoint.zeroCount == 1)
        #expect(expPoint.zeroThreshold == 0.001)
        #expect(expPoint.positive == ExponentialHistogramBuckets(offset: -3, bucketCounts: [1, 2, 300]))
        #expect(expPoint.negative == ExponentialHistogramBuckets(offset: 4, bucketCounts: [1]))
        #expect(expPoint.min == nil)
    }

    @Test("an ExportLogsServiceRequest")
    func logs() throws {
        let records = try OTLPLogDecoder.protobuf(try Self.bytes("logs"))
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.timestamp?.nanosecondsSinceEpoch == 1)
        #expect(record.observedTimestamp.nanosecondsSinceEpoch == 2)
        #expect(record.severity == .error)
        #expect(record.severityText == "ERROR")
        #expect(record.body == #"{"msg":"hi"}"#, "a key-value list body is rendered as JSON")
        #expect(record.traceID == TraceID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10))
        #expect(record.spanID == SpanID(0x1112_1314_1516_1718))
        #expect(record.traceFlags == .sampled)
        #expect(record.eventName == "py.event")
        #expect(record.attributes["k"] == 1)
        #expect(record.instrumentationScope.name == "py-logger")
        #expect(record.resource.attributes.isEmpty)
    }
}
