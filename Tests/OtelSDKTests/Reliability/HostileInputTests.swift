import OtelAPI
import Testing

@testable import OtelSDK

/// Input a user can hand the SDK that is far outside normal use: attribute values of 10 MB, a
/// hundred thousand attributes, events and links, huge arrays, invalid instrument names and
/// values. Limits apply, what they drop is counted, nothing crashes, and nothing takes long.
@Suite("Hostile input to the SDK")
struct HostileInputTests {
    static let tenMegabytes = String(repeating: "x", count: 10 * 1024 * 1024)
    static let many = 100_000
    /// Attributes in one set. (`Attributes` finds a key by a linear search, so building a set of
    /// n keys takes O(n²) in the caller, before the SDK sees it: 20k keys take ~25 s in a debug
    /// build. What the SDK does with a big set is bounded by its limits.)
    static let wideSet = 4_000

    /// `count` distinct attributes, `k0`, `k1`, ….
    static func wide(_ count: Int, _ value: (Int) -> AttributeValue) -> Attributes {
        var attributes = Attributes(minimumCapacity: count)
        for index in 0..<count { attributes["k\(index)"] = value(index) }
        return attributes
    }

    // MARK: - Spans

    @Test("a 10 MB string attribute is kept whole without a length limit, and cut to the limit with one")
    func hugeSpanAttributeValue() throws {
        let (unlimited, unlimitedExporter) = TraceTestSupport.simpleProvider()
        unlimited.tracer("hostile").startSpan("big", attributes: ["blob": .string(Self.tenMegabytes)]).end()
        let kept = try #require(unlimitedExporter.finishedSpans.first)
        #expect(kept.attributes["blob"] == .string(Self.tenMegabytes))

        let (limited, limitedExporter) = TraceTestSupport.simpleProvider(
            limits: SpanLimits(environment: OtelEnvironment(["OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT": "1024"])))
        let span = limited.tracer("hostile").startSpan("big", attributes: ["start": .string(Self.tenMegabytes)])
        span.setAttribute("set", .string(Self.tenMegabytes))
        span.setAttributes(["many": .stringArray(Array(repeating: Self.tenMegabytes, count: 3))])
        span.addEvent("event", attributes: ["blob": .string(Self.tenMegabytes)])
        span.updateName(Self.tenMegabytes)
        span.setStatus(.error(description: Self.tenMegabytes))
        span.end()
        let cut = try #require(limitedExporter.finishedSpans.first)
        let short = String(repeating: "x", count: 1024)
        #expect(cut.attributes["start"] == .string(short))
        #expect(cut.attributes["set"] == .string(short))
        #expect(cut.attributes["many"] == .stringArray([short, short, short]))
        #expect(cut.events.first?.attributes["blob"] == .string(short))
        #expect(cut.droppedAttributesCount == 0)
        // Names and status descriptions are not attributes: no limit applies, and they survive.
        #expect(cut.name.utf8.count == Self.tenMegabytes.utf8.count)
    }

    @Test("100k attributes, events, links and per-event attributes: the limits keep 128 of each and count the rest")
    func hundredThousandOfEverything() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let tracer = provider.tracer("hostile")
        let context = SpanContext(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: .sampled)
        let span = tracer.startSpan("crowded")
        for index in 0..<Self.many {
            span.setAttribute("key.\(index)", .int(Int64(index)))
            span.addEvent("event.\(index)")
            span.addLink(SpanLink(context, attributes: ["index": .int(Int64(index))]))
        }
        var wide = Attributes(minimumCapacity: 1_000)
        for index in 0..<1_000 { wide["event.key.\(index)"] = .bool(true) }
        span.addEvent("wide", attributes: wide)
        span.setAttributes(wide)
        span.end()
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.attributes.count == 128)
        #expect(data.attributes["key.0"] == .int(0))
        #expect(data.attributes["key.127"] == .int(127))
        #expect(data.droppedAttributesCount == Self.many - 128 + 1_000)
        #expect(data.events.count == 128)
        #expect(data.droppedEventsCount == Self.many + 1 - 128)
        #expect(data.events.last?.name == "wide")
        #expect(data.events.last?.attributes.count == 128)
        #expect(data.events.last?.droppedAttributesCount == 1_000 - 128)
        #expect(data.links.count == 128)
        #expect(data.droppedLinksCount == Self.many - 128)
    }

    @Test("thousands of attributes at start, on an event and on a link keep 128 each and count the rest")
    func manyAttributesAtOnce() throws {
        let attributes = Self.wide(Self.wideSet) { .int(Int64($0)) }
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let context = SpanContext(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceFlags: .sampled)
        provider.tracer("hostile").startSpan(
            "wide", attributes: attributes, links: [SpanLink(context, attributes: attributes)]
        ).end()
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.attributes.count == 128)
        #expect(data.attributes["k127"] == .int(127))
        #expect(data.droppedAttributesCount == Self.wideSet - 128)
        #expect(data.links.first?.attributes.count == 128)
        #expect(data.links.first?.droppedAttributesCount == Self.wideSet - 128)
    }

    @Test("huge arrays are kept (arrays have no element limit); their strings are cut to the length limit")
    func hugeArrays() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider(limits: SpanLimits(attributeValueLengthLimit: 2))
        let span = provider.tracer("hostile").startSpan("arrays")
        span.setAttribute("ints", .intArray(Array(repeating: 7, count: 1_000_000)))
        span.setAttribute("doubles", .doubleArray(Array(repeating: .nan, count: 1_000_000)))
        span.setAttribute("strings", .stringArray(Array(repeating: "abc", count: Self.many)))
        span.setAttribute("bytes", .bytes(Array(repeating: 0xFF, count: 10 * 1024 * 1024)))
        span.end()
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.attributes["ints"] == .intArray(Array(repeating: 7, count: 1_000_000)))
        guard case .doubleArray(let doubles) = data.attributes["doubles"] else {
            Issue.record("the double array is gone")
            return
        }
        #expect(doubles.count == 1_000_000 && doubles.allSatisfy(\.isNaN))
        #expect(data.attributes["strings"] == .stringArray(Array(repeating: "ab", count: Self.many)))
        #expect(data.attributes["bytes"] == .bytes(Array(repeating: 0xFF, count: 10 * 1024 * 1024)))
    }

    // MARK: - Logs

    @Test("log records: thousands of attributes keep 128 and count the rest; a 10 MB value is cut to the limit")
    func hostileLogRecords() throws {
        let exporter = InMemoryLogRecordExporter()
        let provider = SDKLoggerProvider(
            resource: TraceTestSupport.resource, processors: [SimpleLogRecordProcessor(exporter: exporter)],
            environment: OtelEnvironment(["OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT": "16"]))
        let logger = provider.logger(target: "hostile")
        logger.emit(
            LogRecord(
                body: .string(Self.tenMegabytes),
                attributes: Self.wide(Self.wideSet) { _ in .string(Self.tenMegabytes) }
            ))
        logger.emit(
            LogRecord(
                severityText: Self.tenMegabytes, body: .stringArray(Array(repeating: Self.tenMegabytes, count: 2)),
                attributes: ["blob": .string(Self.tenMegabytes)], eventName: Self.tenMegabytes))
        let records = exporter.finishedLogRecords
        try #require(records.count == 2)
        #expect(records[0].attributes.count == 128)
        #expect(records[0].droppedAttributesCount == Self.wideSet - 128)
        #expect(records[0].attributes["k0"] == .string(String(repeating: "x", count: 16)))
        // The body is not an attribute: no attribute limit applies to it.
        #expect(records[0].body == .string(Self.tenMegabytes))
        #expect(records[1].attributes["blob"] == .string(String(repeating: "x", count: 16)))
        #expect(records[1].droppedAttributesCount == 0)
        _ = provider.shutdown(timeout: .seconds(5))
    }

    // MARK: - Metrics through the SDK meter API

    @Test(
        "invalid instrument names: reported (the name shown at most 64 characters long) and recorded all the same",
        arguments: ["", " ", "1abc", "has space", "codex.turns\n", "名前", "a\u{0}b", String(repeating: "n", count: 256)])
    func invalidInstrumentNames(name: String) throws {
        let message = try #require(SDKMeter.invalidNameMessage(name))
        #expect(message.contains("is not valid"))
        #expect(message.utf8.count < 400, "\(message.utf8.count) bytes")
        let harness = ManualHarness()
        harness.meter.counter(name).add(3, attributes: ["k": "v"])
        let metric = try #require(try harness.metric(name))
        #expect(metric.sum?.points.point(["k": "v"])?.value == .int(3))
    }

    @Test("a 10 MB instrument name is reported in a short message and recorded")
    func hugeInstrumentName() throws {
        let name = "a" + Self.tenMegabytes + " "
        let message = try #require(SDKMeter.invalidNameMessage(name))
        #expect(message.utf8.count < 400, "\(message.utf8.count) bytes")
        #expect(message.contains("\(name.utf8.count) bytes"))
        #expect(SDKMeter.invalidNameMessage("codex.turns") == nil)
        let harness = ManualHarness()
        harness.meter.histogram(name).record(1.5)
        #expect(try harness.metric(name)?.histogram?.points.first?.count == 1)
    }

    @Test("100k distinct attribute sets: 2000 series and the overflow series, whose count keeps the total")
    func cardinalityFlood() throws {
        let harness = ManualHarness()
        let counter = harness.meter.counter("flood")
        for index in 0..<Self.many { counter.add(1, attributes: ["id": .string("user-\(index)")]) }
        let points = try #require(try harness.metric("flood")?.sum?.points)
        #expect(points.count == SDKMeterProvider.defaultCardinalityLimit + 1)
        #expect(points.compactMap(\.value.int).reduce(0, +) == Int64(Self.many))
        #expect(
            points.point(["otel.metric.overflow": true])?.value
                == .int(Int64(Self.many - SDKMeterProvider.defaultCardinalityLimit)))
    }

    @Test("metric attributes of extreme size: a 10 MB value and thousands of attributes in one measurement")
    func hugeMetricAttributes() throws {
        let harness = ManualHarness()
        let counter = harness.meter.counter("wide")
        counter.add(1, attributes: ["blob": .string(Self.tenMegabytes)])
        let wide = Self.wide(Self.wideSet) { .int(Int64($0)) }
        counter.add(2, attributes: wide)
        counter.add(2, attributes: wide)
        let points = try #require(try harness.metric("wide")?.sum?.points)
        #expect(points.count == 2)
        #expect(points.point(["blob": .string(Self.tenMegabytes)])?.value == .int(1))
        #expect(points.point(wide)?.value == .int(4))
    }

    @Test("non-finite measurements are ignored; negative ones are ignored by counters and kept by histograms")
    func hostileValues() throws {
        let harness = ManualHarness()
        let counter = harness.meter.doubleCounter("c")
        let histogram = harness.meter.histogram("h")
        for value in [Double.nan, .infinity, -.infinity, -1, 2] {
            counter.add(value)
            histogram.record(value)
        }
        #expect(try harness.metric("c")?.sum?.points.first?.value == .double(2))
        let point = try #require(try harness.metric("h")?.histogram?.points.first)
        #expect(point.sum.isFinite)
        #expect(point.count == 2)  // -1 and 2: negative values are valid histogram measurements
    }
}
