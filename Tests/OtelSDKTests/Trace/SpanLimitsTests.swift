import OtelSDK
import Testing

@Suite("Span limits")
struct SpanLimitsTests {
    @Test func defaultsAreTheSpecifications() {
        let limits = SpanLimits()
        #expect(limits.attributeCountLimit == 128)
        #expect(limits.attributeValueLengthLimit == nil)
        #expect(limits.eventCountLimit == 128)
        #expect(limits.linkCountLimit == 128)
        #expect(limits.attributePerEventCountLimit == 128)
        #expect(limits.attributePerLinkCountLimit == 128)
        #expect(SpanLimits(environment: OtelEnvironment([:])) == limits)
    }

    @Test func environmentSetsEachLimit() {
        let limits = SpanLimits(
            environment: OtelEnvironment([
                "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "10",
                "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT": "20",
                "OTEL_SPAN_EVENT_COUNT_LIMIT": "30",
                "OTEL_SPAN_LINK_COUNT_LIMIT": "40",
                "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT": "50",
                "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT": "60",
            ]))
        #expect(
            limits
                == SpanLimits(
                    attributeCountLimit: 10, attributeValueLengthLimit: 20, eventCountLimit: 30, linkCountLimit: 40,
                    attributePerEventCountLimit: 50, attributePerLinkCountLimit: 60))
    }

    @Test func generalLimitsApplyWhereTheSpecificOnesAreUnset() {
        let limits = SpanLimits(
            environment: OtelEnvironment([
                "OTEL_ATTRIBUTE_COUNT_LIMIT": "7",
                "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "8",
                "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT": "3",
            ]))
        #expect(limits.attributeCountLimit == 7)
        #expect(limits.attributeValueLengthLimit == 8)
        #expect(limits.attributePerEventCountLimit == 3)
        #expect(limits.attributePerLinkCountLimit == 7)
        #expect(limits.eventCountLimit == 128)
        let specific = SpanLimits(
            environment: OtelEnvironment([
                "OTEL_ATTRIBUTE_COUNT_LIMIT": "7", "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "9",
                "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "8", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT": "11",
            ]))
        #expect(specific.attributeCountLimit == 9)
        #expect(specific.attributeValueLengthLimit == 11)
    }

    @Test func invalidValuesAreIgnored() {
        let limits = SpanLimits(
            environment: OtelEnvironment([
                "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "many", "OTEL_SPAN_EVENT_COUNT_LIMIT": "-4",
            ]))
        #expect(limits.attributeCountLimit == 128)
        #expect(limits.eventCountLimit == 128)
    }

    @Test func attributesBeyondTheCountLimitAreDroppedAndCounted() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider(limits: SpanLimits(attributeCountLimit: 3))
        let span = provider.tracer("test").startSpan("limited", attributes: ["a": 1, "b": 2, "c": 3, "d": 4])
        span.setAttribute("e", 5)
        span.setAttribute("a", 10)  // replacing a kept key is allowed at the limit
        span.setAttributes(["f": 6, "b": 20])
        span.end()
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.attributes == ["a": 10, "b": 20, "c": 3])
        #expect(data.droppedAttributesCount == 3)  // d, e, f
    }

    @Test func longStringsAndStringArrayElementsAreTruncated() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider(
            limits: SpanLimits(attributeValueLengthLimit: 4))
        let span = provider.tracer("test").startSpan(
            "truncated", attributes: ["start": "abcdefgh", "short": "abc", "number": 123_456_789])
        span.setAttribute("set", "éèêëēĕ")
        span.setAttribute("array", .stringArray(["123456", "12", "🙂🙂🙂🙂🙂"]))
        span.setAttribute("bytes", .bytes([1, 2, 3, 4, 5, 6]))
        span.addEvent("event", attributes: ["text": "0123456789"])
        span.addLink(SpanLink(span.context, attributes: ["text": "0123456789"]))
        span.end()
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.attributes["start"] == "abcd")
        #expect(data.attributes["short"] == "abc")
        #expect(data.attributes["number"] == 123_456_789)
        #expect(data.attributes["set"] == "éèêë")
        #expect(data.attributes["array"] == .stringArray(["1234", "12", "🙂🙂🙂🙂"]))
        #expect(data.attributes["bytes"] == .bytes([1, 2, 3, 4, 5, 6]))
        #expect(data.events.first?.attributes["text"] == "0123")
        #expect(data.links.first?.attributes["text"] == "0123")
        #expect(data.droppedAttributesCount == 0)
    }

    @Test func eventsBeyondTheLimitEvictTheOldestAndAreCounted() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider(
            limits: SpanLimits(eventCountLimit: 2, attributePerEventCountLimit: 1))
        let span = provider.tracer("test").startSpan("events")
        for index in 0..<5 { span.addEvent("e\(index)", attributes: ["x": 1, "y": 2, "z": 3]) }
        span.end()
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.events.map(\.name) == ["e3", "e4"])
        #expect(data.droppedEventsCount == 3)
        #expect(data.events.allSatisfy { $0.attributes == ["x": 1] && $0.droppedAttributesCount == 2 })
    }

    @Test func linksBeyondTheLimitAreDroppedAndCounted() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider(
            limits: SpanLimits(linkCountLimit: 2, attributePerLinkCountLimit: 1))
        func context(_ id: UInt64) -> SpanContext {
            SpanContext(traceID: TraceID(high: 1, low: id), spanID: SpanID(id), traceFlags: .sampled)
        }
        let span = provider.tracer("test").startSpan(
            "links",
            links: [SpanLink(context(1), attributes: ["a": 1, "b": 2]), SpanLink(context(2)), SpanLink(context(3))])
        span.addLink(SpanLink(context(4)))
        span.end()
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.links.map(\.context.spanID) == [SpanID(1), SpanID(2)])
        #expect(data.droppedLinksCount == 2)
        #expect(data.links[0].attributes == ["a": 1])
        #expect(data.links[0].droppedAttributesCount == 1)
    }

    @Test func zeroLimitsKeepNothing() throws {
        let (provider, exporter) = TraceTestSupport.simpleProvider(
            limits: SpanLimits(attributeCountLimit: 0, eventCountLimit: 0, linkCountLimit: 0))
        let span = provider.tracer("test").startSpan("empty", attributes: ["a": 1])
        span.addEvent("event")
        span.end()
        let data = try #require(exporter.finishedSpans.first)
        #expect(data.attributes.isEmpty && data.events.isEmpty)
        #expect(data.droppedAttributesCount == 1 && data.droppedEventsCount == 1)
    }
}
