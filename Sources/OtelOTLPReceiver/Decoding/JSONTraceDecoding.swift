import OtelAPI
import OtelOTLP
import OtelSDK

extension JSONRequestDecoder {
    static let spanKindNames = [
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER",
        "SPAN_KIND_CONSUMER",
    ]
    static let statusCodeNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"]

    /// An `ExportTraceServiceRequest` object.
    mutating func traceRequest(_ bytes: [UInt8]) throws(OTLPDecodeError) -> [SpanData] {
        var spans: [SpanData] = []
        for (key, member) in try document(bytes) where key == "resourceSpans" || key == "resource_spans" {
            for (index, element) in try Self.elements(member, "resourceSpans").enumerated() {
                try at("resourceSpans[\(index)]") { () throws(OTLPDecodeError) in
                    try resourceSpans(element, into: &spans)
                }
            }
        }
        return spans
    }

    private mutating func resourceSpans(_ value: JSONValue, into spans: inout [SpanData]) throws(OTLPDecodeError) {
        let parts = try Self.container(
            value, headKeys: ("resource", "resource"), listKeys: ("scopeSpans", "scope_spans"))
        let resource = try at("resource") { () throws(OTLPDecodeError) in
            try self.resource(parts.head, schemaURL: parts.schemaURL)
        }
        for (index, element) in parts.list.enumerated() {
            try budget.take()
            try at("scopeSpans[\(index)]") { () throws(OTLPDecodeError) in
                let scopeParts = try Self.container(element, headKeys: ("scope", "scope"), listKeys: ("spans", "spans"))
                let scope = try at("scope") { () throws(OTLPDecodeError) in
                    try self.scope(scopeParts.head, schemaURL: scopeParts.schemaURL)
                }
                for (spanIndex, item) in scopeParts.list.enumerated() {
                    try budget.take()
                    spans.append(
                        try at("spans[\(spanIndex)]") { () throws(OTLPDecodeError) in
                            try span(item, resource: resource, scope: scope)
                        })
                }
            }
        }
    }

    private mutating func span(
        _ value: JSONValue, resource: Resource, scope: InstrumentationScope
    )
        throws(OTLPDecodeError) -> SpanData
    {
        var traceID: TraceID?
        var spanID: SpanID?
        var traceState = ""
        var parentSpanID: SpanID?
        var flags: UInt32 = 0
        var name = ""
        var kind: Int64 = 0
        var start: UInt64 = 0
        var end: UInt64 = 0
        var attributes = AttributeCollector(limit: limits.maxAttributesPerSet)
        var droppedAttributes: UInt32 = 0
        var events: [SpanData.Event] = []
        var droppedEvents: UInt32 = 0
        var links: [SpanData.Link] = []
        var droppedLinks: UInt32 = 0
        var status = SpanStatus.unset
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "traceId", "trace_id": traceID = try Self.traceID(member, "traceId")
            case "spanId", "span_id": spanID = try Self.spanID(member, "spanId")
            case "traceState", "trace_state": traceState = try Self.string(member, "traceState")
            case "parentSpanId", "parent_span_id": parentSpanID = try Self.spanID(member, "parentSpanId")
            case "flags": flags = try Self.uint32(member, "flags")
            case "name": name = try Self.string(member, "name")
            case "kind": kind = try Self.enumValue(member, "kind", names: Self.spanKindNames)
            case "startTimeUnixNano", "start_time_unix_nano": start = try Self.uint64(member, "startTimeUnixNano")
            case "endTimeUnixNano", "end_time_unix_nano": end = try Self.uint64(member, "endTimeUnixNano")
            case "attributes": attributes = try self.attributes(member, "attributes")
            case "droppedAttributesCount", "dropped_attributes_count":
                droppedAttributes = try Self.uint32(member, "droppedAttributesCount")
            case "events":
                events = []
                for (index, element) in try Self.elements(member, "events").enumerated() {
                    try budget.take()
                    events.append(try at("events[\(index)]") { () throws(OTLPDecodeError) in try event(element) })
                }
            case "droppedEventsCount", "dropped_events_count":
                droppedEvents = try Self.uint32(member, "droppedEventsCount")
            case "links":
                links = []
                for (index, element) in try Self.elements(member, "links").enumerated() {
                    try budget.take()
                    links.append(try at("links[\(index)]") { () throws(OTLPDecodeError) in try link(element) })
                }
            case "droppedLinksCount", "dropped_links_count":
                droppedLinks = try Self.uint32(member, "droppedLinksCount")
            case "status": status = try at("status") { () throws(OTLPDecodeError) in try spanStatus(member) }
            default: continue
            }
        }
        guard let traceID, traceID.isValid else {
            throw .invalidValue(path: "traceId", reason: "a span needs a non-zero 32-hex-digit trace id")
        }
        guard let spanID, spanID.isValid else {
            throw .invalidValue(path: "spanId", reason: "a span needs a non-zero 16-hex-digit span id")
        }
        let (traceFlags, isParentRemote) = OTLPFieldSemantics.spanFlags(flags)
        let state = try OTLPFieldSemantics.traceState(traceState)
        return SpanData(
            name: name,
            context: SpanContext(traceID: traceID, spanID: spanID, traceFlags: traceFlags, traceState: state),
            parentSpanID: parentSpanID.flatMap { $0.isValid ? $0 : nil },
            isParentRemote: isParentRemote,
            kind: try OTLPFieldSemantics.spanKind(kind),
            startTime: Timestamp(nanosecondsSinceEpoch: start),
            endTime: Timestamp(nanosecondsSinceEpoch: end),
            attributes: attributes.attributes,
            events: events,
            links: links,
            status: status,
            droppedAttributesCount: Int(droppedAttributes) + attributes.dropped,
            droppedEventsCount: Int(droppedEvents),
            droppedLinksCount: Int(droppedLinks),
            resource: resource,
            instrumentationScope: scope)
    }

    private mutating func event(_ value: JSONValue) throws(OTLPDecodeError) -> SpanData.Event {
        var time: UInt64 = 0
        var name = ""
        var attributes = AttributeCollector(limit: limits.maxAttributesPerSet)
        var dropped: UInt32 = 0
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "timeUnixNano", "time_unix_nano": time = try Self.uint64(member, "timeUnixNano")
            case "name": name = try Self.string(member, "name")
            case "attributes": attributes = try self.attributes(member, "attributes")
            case "droppedAttributesCount", "dropped_attributes_count":
                dropped = try Self.uint32(member, "droppedAttributesCount")
            default: continue
            }
        }
        return SpanData.Event(
            name: name, timestamp: Timestamp(nanosecondsSinceEpoch: time), attributes: attributes.attributes,
            droppedAttributesCount: Int(dropped) + attributes.dropped)
    }

    private mutating func link(_ value: JSONValue) throws(OTLPDecodeError) -> SpanData.Link {
        var traceID: TraceID?
        var spanID: SpanID?
        var traceState = ""
        var attributes = AttributeCollector(limit: limits.maxAttributesPerSet)
        var dropped: UInt32 = 0
        var flags: UInt32 = 0
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "traceId", "trace_id": traceID = try Self.traceID(member, "traceId")
            case "spanId", "span_id": spanID = try Self.spanID(member, "spanId")
            case "traceState", "trace_state": traceState = try Self.string(member, "traceState")
            case "attributes": attributes = try self.attributes(member, "attributes")
            case "droppedAttributesCount", "dropped_attributes_count":
                dropped = try Self.uint32(member, "droppedAttributesCount")
            case "flags": flags = try Self.uint32(member, "flags")
            default: continue
            }
        }
        let (traceFlags, isRemote) = OTLPFieldSemantics.spanFlags(flags)
        let context = SpanContext(
            traceID: traceID ?? .invalid, spanID: spanID ?? .invalid, traceFlags: traceFlags,
            traceState: try OTLPFieldSemantics.traceState(traceState), isRemote: isRemote)
        return SpanData.Link(
            context: context, attributes: attributes.attributes,
            droppedAttributesCount: Int(dropped) + attributes.dropped)
    }

    private func spanStatus(_ value: JSONValue) throws(OTLPDecodeError) -> SpanStatus {
        var message = ""
        var code: Int64 = 0
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "message": message = try Self.string(member, "message")
            case "code": code = try Self.enumValue(member, "code", names: Self.statusCodeNames)
            default: continue
            }
        }
        return try OTLPFieldSemantics.status(code: code, message: message)
    }
}
