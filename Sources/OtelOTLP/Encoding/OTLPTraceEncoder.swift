import OtelSDK

/// Encodes spans as `ExportTraceServiceRequest`, in protobuf or in the OTLP JSON mapping.
public enum OTLPTraceEncoder {
    /// The protobuf encoding of an export request holding `spans`.
    public static func protobuf(_ spans: [SpanData]) -> [UInt8] {
        spans.withUnsafeBufferPointer { spans in
            let groups = OTLPGrouping.group(count: spans.count) { spans[$0].origin }
            return ProtobufWriter.encode(lengthHint: spans.count + 16) { request in
                request.resourceGroups(groups) { $0.span(spans[$1]) }
            }
        }
    }

    /// The OTLP/JSON encoding of an export request holding `spans`.
    public static func json(_ spans: [SpanData]) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + spans.count * 512)
        let groups = OTLPGrouping.group(count: spans.count) { spans[$0].origin }
        writer.object { request in
            request.key("resourceSpans")
            request.array { list in
                for group in groups {
                    list.object { resourceSpans in
                        resourceSpans.resource(group.resource)
                        resourceSpans.key("scopeSpans")
                        resourceSpans.array { scopes in
                            for (scope, runs) in group.scopes {
                                scopes.object { scopeSpans in
                                    scopeSpans.scope(scope)
                                    scopeSpans.key("spans")
                                    scopeSpans.array { spanList in
                                        for run in runs { for index in run { spanList.span(spans[index]) } }
                                    }
                                    scopeSpans.schemaURL(scope.schemaURL)
                                }
                            }
                        }
                        resourceSpans.schemaURL(group.resource.schemaURL)
                    }
                }
            }
        }
        return writer.bytes
    }

    /// The `flags` field: the W3C trace flags, plus whether the parent was remote.
    static func spanFlags(traceFlags: TraceFlags, isRemote: Bool) -> UInt32 {
        UInt32(traceFlags.rawValue) | 0x100 | (isRemote ? 0x200 : 0)
    }

    static func statusCode(_ status: SpanStatus) -> (code: Int32, message: String) {
        switch status {
        case .unset: return (0, "")
        case .ok: return (1, "")
        case .error(let description): return (2, description)
        }
    }
}

extension ProtobufWriter {
    fileprivate mutating func span(_ span: borrowing SpanData) {
        let context = span.context
        id(1, high: context.traceID.high, low: context.traceID.low)
        id(2, context.spanID.value)
        string(3, context.traceState.header)
        if let parent = span.parentSpanID, parent.isValid { id(4, parent.value) }
        string(5, span.name)
        int32(6, Int32(span.kind.rawValue))
        fixed64(7, span.startTime.nanosecondsSinceEpoch)
        fixed64(8, span.endTime.nanosecondsSinceEpoch)
        keyValues(9, span.attributes)
        uint32(10, UInt32(clamping: span.droppedAttributesCount))
        for event in span.events {
            message(11) { e in
                e.fixed64(1, event.timestamp.nanosecondsSinceEpoch)
                e.string(2, event.name)
                e.keyValues(3, event.attributes)
                e.uint32(4, UInt32(clamping: event.droppedAttributesCount))
            }
        }
        uint32(12, UInt32(clamping: span.droppedEventsCount))
        for link in span.links {
            message(13) { l in
                l.id(1, high: link.context.traceID.high, low: link.context.traceID.low)
                l.id(2, link.context.spanID.value)
                l.string(3, link.context.traceState.header)
                l.keyValues(4, link.attributes)
                l.uint32(5, UInt32(clamping: link.droppedAttributesCount))
                l.fixed32(
                    6, OTLPTraceEncoder.spanFlags(traceFlags: link.context.traceFlags, isRemote: link.context.isRemote))
            }
        }
        uint32(14, UInt32(clamping: span.droppedLinksCount))
        let status = OTLPTraceEncoder.statusCode(span.status)
        if status.code != 0 {
            message(15) { s in
                s.string(2, status.message)
                s.int32(3, status.code)
            }
        }
        fixed32(16, OTLPTraceEncoder.spanFlags(traceFlags: context.traceFlags, isRemote: span.isParentRemote))
    }
}

extension JSONWriter {
    fileprivate mutating func span(_ span: SpanData) {
        object { o in
            let context = span.context
            o.key("traceId")
            o.hexID(high: context.traceID.high, low: context.traceID.low)
            o.key("spanId")
            o.hexID(context.spanID.value)
            if !context.traceState.isEmpty {
                o.key("traceState")
                o.string(context.traceState.header)
            }
            if let parent = span.parentSpanID, parent.isValid {
                o.key("parentSpanId")
                o.hexID(parent.value)
            }
            o.key("flags")
            o.int(Int(OTLPTraceEncoder.spanFlags(traceFlags: context.traceFlags, isRemote: span.isParentRemote)))
            o.key("name")
            o.string(span.name)
            o.key("kind")
            o.int(span.kind.rawValue)
            o.nanos("startTimeUnixNano", span.startTime.nanosecondsSinceEpoch)
            o.nanos("endTimeUnixNano", span.endTime.nanosecondsSinceEpoch)
            o.attributes(span.attributes)
            o.count("droppedAttributesCount", span.droppedAttributesCount)
            if !span.events.isEmpty {
                o.key("events")
                o.array { list in
                    for event in span.events {
                        list.object { e in
                            e.nanos("timeUnixNano", event.timestamp.nanosecondsSinceEpoch)
                            e.key("name")
                            e.string(event.name)
                            e.attributes(event.attributes)
                            e.count("droppedAttributesCount", event.droppedAttributesCount)
                        }
                    }
                }
            }
            o.count("droppedEventsCount", span.droppedEventsCount)
            if !span.links.isEmpty {
                o.key("links")
                o.array { list in
                    for link in span.links {
                        list.object { l in
                            l.key("traceId")
                            l.hexID(high: link.context.traceID.high, low: link.context.traceID.low)
                            l.key("spanId")
                            l.hexID(link.context.spanID.value)
                            if !link.context.traceState.isEmpty {
                                l.key("traceState")
                                l.string(link.context.traceState.header)
                            }
                            l.attributes(link.attributes)
                            l.count("droppedAttributesCount", link.droppedAttributesCount)
                            l.key("flags")
                            l.int(
                                Int(
                                    OTLPTraceEncoder.spanFlags(
                                        traceFlags: link.context.traceFlags, isRemote: link.context.isRemote)))
                        }
                    }
                }
            }
            o.count("droppedLinksCount", span.droppedLinksCount)
            let status = OTLPTraceEncoder.statusCode(span.status)
            if status.code != 0 {
                o.key("status")
                o.object { s in
                    if !status.message.isEmpty {
                        s.key("message")
                        s.string(status.message)
                    }
                    s.key("code")
                    s.int(Int(status.code))
                }
            }
        }
    }
}
