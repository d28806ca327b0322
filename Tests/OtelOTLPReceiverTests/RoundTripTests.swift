import OtelAPI
import OtelOTLP
import OtelOTLPReceiver
import OtelSDK
import Testing

/// Our encoders, then our decoders: every field must come back equal, in both encodings.
@Suite("Encoder → decoder round trips")
struct RoundTripTests {
    @Test("spans", arguments: OTLPPayloadFormat.allCases)
    func spans(format: OTLPPayloadFormat) throws {
        let spans = try Fixtures.spans()
        let bytes = format == .json ? OTLPTraceEncoder.json(spans) : OTLPTraceEncoder.protobuf(spans)
        let decoded = try OTLPTraceDecoder.decode(bytes, format: format)
        #expect(decoded.count == spans.count)
        for (got, want) in zip(decoded, spans) {
            #expect(got == want, "span \(want.name)")
            #expect(got.resource == want.resource)
            #expect(got.instrumentationScope == want.instrumentationScope)
        }
        #expect(decoded == spans)
    }

    @Test("the details of a span survive: flags, remote bits, links, status")
    func spanDetails() throws {
        let spans = try Fixtures.spans()
        for format in OTLPPayloadFormat.allCases {
            let bytes = format == .json ? OTLPTraceEncoder.json(spans) : OTLPTraceEncoder.protobuf(spans)
            let span = try #require(try OTLPTraceDecoder.decode(bytes, format: format).first)
            #expect(span.context.traceFlags == [.sampled, .random])
            #expect(span.isParentRemote)
            #expect(span.links[0].context.isRemote)
            #expect(!span.links[1].context.isRemote)
            #expect(span.links[0].context.traceState.header == "vendor=v1,other@sys=x")
            #expect(span.status == .error(description: "upstream 503"))
            #expect(span.attributes["bytes"] == .bytes([0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0xFF]))
            #expect(span.attributes["inf"] == .double(.infinity))
            #expect(span.droppedLinksCount == 4)
            #expect(span.events[0].droppedAttributesCount == 2)
        }
    }

    @Test("log records", arguments: OTLPPayloadFormat.allCases)
    func logRecords(format: OTLPPayloadFormat) throws {
        let records = Fixtures.logRecords()
        let bytes = format == .json ? OTLPLogEncoder.json(records) : OTLPLogEncoder.protobuf(records)
        let decoded = try OTLPLogDecoder.decode(bytes, format: format)
        #expect(decoded.count == records.count)
        for (got, want) in zip(decoded, records) {
            #expect(got == want, "record \(String(describing: want.body))")
        }
        #expect(decoded == records)
    }

    @Test("metrics of all four kinds", arguments: OTLPPayloadFormat.allCases)
    func metrics(format: OTLPPayloadFormat) throws {
        let batches = Fixtures.resourceMetrics()
        let bytes = format == .json ? OTLPMetricEncoder.json(batches) : OTLPMetricEncoder.protobuf(batches)
        let decoded = try OTLPMetricDecoder.decode(bytes, format: format)
        #expect(decoded.skippedDataPoints == 0)
        #expect(decoded.skippedReason.isEmpty)
        #expect(decoded.pointCount == batches.reduce(0) { $0 + $1.pointCount })
        #expect(decoded.resourceMetrics.count == batches.count)
        for (got, want) in zip(decoded.resourceMetrics.flatMap(\.allMetrics), batches.flatMap(\.allMetrics)) {
            #expect(got == want, "metric \(want.name)")
        }
        #expect(decoded.resourceMetrics == batches)
        let shortcut = format == .json ? try OTLPMetricDecoder.json(bytes) : try OTLPMetricDecoder.protobuf(bytes)
        #expect(shortcut == batches)
    }

    @Test("NaN survives both encodings")
    func notANumber() throws {
        let record = LogRecordData(
            observedTimestamp: Timestamp(nanosecondsSinceEpoch: 1), body: .double(.nan),
            instrumentationScope: Fixtures.otherScope)
        for format in OTLPPayloadFormat.allCases {
            let bytes = format == .json ? OTLPLogEncoder.json([record]) : OTLPLogEncoder.protobuf([record])
            let decoded = try OTLPLogDecoder.decode(bytes, format: format)
            guard case .double(let value)? = decoded.first?.body else {
                Issue.record("no double body in \(format)")
                continue
            }
            #expect(value.isNaN)
        }
    }

    @Test("an empty request decodes to nothing")
    func emptyRequests() throws {
        #expect(try OTLPTraceDecoder.protobuf([]).isEmpty)
        #expect(try OTLPLogDecoder.protobuf([]).isEmpty)
        #expect(try OTLPMetricDecoder.protobuf([]).isEmpty)
        #expect(try OTLPTraceDecoder.json(Array("{}".utf8)).isEmpty)
        #expect(try OTLPLogDecoder.json(Array(#"{"resourceLogs":[]}"#.utf8)).isEmpty)
        #expect(try OTLPMetricDecoder.json(Array(#"{"resource_metrics":null}"#.utf8)).isEmpty)
    }
}
