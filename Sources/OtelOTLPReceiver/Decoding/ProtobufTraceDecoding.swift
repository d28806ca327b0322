import OtelAPI
import OtelSDK

extension ProtobufRequestDecoder {
    /// An `ExportTraceServiceRequest`.
    mutating func traceRequest(_ bytes: [UInt8]) throws(OTLPDecodeError) -> [SpanData] {
        try exportRequest(
            bytes, names: EnvelopeNames(resource: "resourceSpans", scope: "scopeSpans", item: "spans")
        ) { (decoder: inout ProtobufRequestDecoder, item, resource, scope) throws(OTLPDecodeError) in
            try decoder.span(item, resource: resource, scope: scope)
        }
    }

    mutating func span(
        _ bytes: ArraySlice<UInt8>, resource: Resource, scope: InstrumentationScope
    )
        throws(OTLPDecodeError) -> SpanData
    {
        var fields = WireFields(bytes)
        var traceID: TraceID?
        var spanID: SpanID?
        var traceState = ""
        var parentSpanID: SpanID?
        var flags: UInt32 = 0
        var name = ""
        var kind: Int64 = 0
        var start: UInt64 = 0
        var end: UInt64 = 0
        var attributes = collector()
        var attributeIndex = 0
        var droppedAttributes: UInt32 = 0
        var events: [SpanData.Event] = []
        var droppedEvents: UInt32 = 0
        var links: [SpanData.Link] = []
        var droppedLinks: UInt32 = 0
        var status = SpanStatus.unset
        while let field = try fields.next() {
            switch field.number {
            case 1: traceID = try Self.traceID(field, "traceId")
            case 2: spanID = try Self.spanID(field, "spanId")
            case 3: traceState = try field.string("traceState")
            case 4: parentSpanID = try Self.spanID(field, "parentSpanId")
            case 5: name = try field.string("name")
            case 6: kind = Int64(try field.int32("kind"))
            case 7: start = try field.fixed64("startTimeUnixNano")
            case 8: end = try field.fixed64("endTimeUnixNano")
            case 9:
                try attribute(field, index: attributeIndex, into: &attributes)
                attributeIndex += 1
            case 10: droppedAttributes = try field.uint32("droppedAttributesCount")
            case 11:
                try budget.take()
                let index = events.count
                events.append(try at("events[\(index)]") { () throws(OTLPDecodeError) in try event(field) })
            case 12: droppedEvents = try field.uint32("droppedEventsCount")
            case 13:
                try budget.take()
                let index = links.count
                links.append(try at("links[\(index)]") { () throws(OTLPDecodeError) in try link(field) })
            case 14: droppedLinks = try field.uint32("droppedLinksCount")
            case 15: status = try at("status") { () throws(OTLPDecodeError) in try spanStatus(field) }
            case 16: flags = try field.fixed32("flags")
            default: continue
            }
        }
        guard let traceID, traceID.isValid else {
            throw .invalidValue(path: "traceId", reason: "a span needs a non-zero 16-byte trace id")
        }
        guard let spanID, spanID.isValid else {
            throw .invalidValue(path: "spanId", reason: "a span needs a non-zero 8-byte span id")
        }
        let (traceFlags, isParentRemote) = OTLPFieldSemantics.spanFlags(flags)
        let state = try at("traceState") { () throws(OTLPDecodeError) in try OTLPFieldSemantics.traceState(traceState) }
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

    private mutating func event(_ field: WireField) throws(OTLPDecodeError) -> SpanData.Event {
        var fields = WireFields(try field.bytes(""))
        var time: UInt64 = 0
        var name = ""
        var attributes = collector()
        var index = 0
        var dropped: UInt32 = 0
        while let field = try fields.next() {
            switch field.number {
            case 1: time = try field.fixed64("timeUnixNano")
            case 2: name = try field.string("name")
            case 3:
                try attribute(field, index: index, into: &attributes)
                index += 1
            case 4: dropped = try field.uint32("droppedAttributesCount")
            default: continue
            }
        }
        return SpanData.Event(
            name: name, timestamp: Timestamp(nanosecondsSinceEpoch: time), attributes: attributes.attributes,
            droppedAttributesCount: Int(dropped) + attributes.dropped)
    }

    private mutating func link(_ field: WireField) throws(OTLPDecodeError) -> SpanData.Link {
        var fields = WireFields(try field.bytes(""))
        var traceID: TraceID?
        var spanID: SpanID?
        var traceState = ""
        var attributes = collector()
        var index = 0
        var dropped: UInt32 = 0
        var flags: UInt32 = 0
        while let field = try fields.next() {
            switch field.number {
            case 1: traceID = try Self.traceID(field, "traceId")
            case 2: spanID = try Self.spanID(field, "spanId")
            case 3: traceState = try field.string("traceState")
            case 4:
                try attribute(field, index: index, into: &attributes)
                index += 1
            case 5: dropped = try field.uint32("droppedAttributesCount")
            case 6: flags = try field.fixed32("flags")
            default: continue
            }
        }
        let (traceFlags, isRemote) = OTLPFieldSemantics.spanFlags(flags)
        let state = try at("traceState") { () throws(OTLPDecodeError) in try OTLPFieldSemantics.traceState(traceState) }
        // A link may point at an invalid context (it then carries attributes or a trace state).
        let context = SpanContext(
            traceID: traceID ?? .invalid, spanID: spanID ?? .invalid, traceFlags: traceFlags, traceState: state,
            isRemote: isRemote)
        return SpanData.Link(
            context: context, attributes: attributes.attributes,
            droppedAttributesCount: Int(dropped) + attributes.dropped)
    }

    private func spanStatus(_ field: WireField) throws(OTLPDecodeError) -> SpanStatus {
        var fields = WireFields(try field.bytes(""))
        var message = ""
        var code: Int64 = 0
        while let field = try fields.next() {
            switch field.number {
            case 2: message = try field.string("message")
            case 3: code = Int64(try field.int32("code"))
            default: continue
            }
        }
        return try OTLPFieldSemantics.status(code: code, message: message)
    }
}
