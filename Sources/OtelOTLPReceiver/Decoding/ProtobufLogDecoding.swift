import OtelAPI
import OtelSDK

extension ProtobufRequestDecoder {
    /// An `ExportLogsServiceRequest`.
    mutating func logsRequest(_ bytes: [UInt8]) throws(OTLPDecodeError) -> [LogRecordData] {
        try exportRequest(
            bytes, names: EnvelopeNames(resource: "resourceLogs", scope: "scopeLogs", item: "logRecords")
        ) { (decoder: inout ProtobufRequestDecoder, item, resource, scope) throws(OTLPDecodeError) in
            try decoder.logRecord(item, resource: resource, scope: scope)
        }
    }

    mutating func logRecord(
        _ bytes: ArraySlice<UInt8>, resource: Resource, scope: InstrumentationScope
    )
        throws(OTLPDecodeError) -> LogRecordData
    {
        var fields = WireFields(bytes)
        var time: UInt64 = 0
        var observed: UInt64 = 0
        var severityNumber: Int64 = 0
        var severityText = ""
        var body = AnyValueNode.empty
        var attributes = collector()
        var attributeIndex = 0
        var dropped: UInt32 = 0
        var flags: UInt32 = 0
        var traceID: TraceID?
        var spanID: SpanID?
        var eventName = ""
        while let field = try fields.next() {
            switch field.number {
            case 1: time = try field.fixed64("timeUnixNano")
            case 2: severityNumber = Int64(try field.int32("severityNumber"))
            case 3: severityText = try field.string("severityText")
            case 5: body = try at("body") { () throws(OTLPDecodeError) in try anyValue(try field.bytes(""), depth: 1) }
            case 6:
                try attribute(field, index: attributeIndex, into: &attributes)
                attributeIndex += 1
            case 7: dropped = try field.uint32("droppedAttributesCount")
            case 8: flags = try field.fixed32("flags")
            case 9: traceID = try Self.traceID(field, "traceId")
            case 10: spanID = try Self.spanID(field, "spanId")
            case 11: observed = try field.fixed64("observedTimeUnixNano")
            case 12: eventName = try field.string("eventName")
            default: continue
            }
        }
        return LogRecordData(
            timestamp: time == 0 ? nil : Timestamp(nanosecondsSinceEpoch: time),
            observedTimestamp: Timestamp(nanosecondsSinceEpoch: observed),
            severity: try OTLPFieldSemantics.severity(severityNumber),
            severityText: severityText.isEmpty ? nil : severityText,
            body: body.attributeValue,
            attributes: attributes.attributes,
            droppedAttributesCount: Int(dropped) + attributes.dropped,
            eventName: eventName.isEmpty ? nil : eventName,
            traceID: traceID.flatMap { $0.isValid ? $0 : nil },
            spanID: spanID.flatMap { $0.isValid ? $0 : nil },
            traceFlags: TraceFlags(rawValue: UInt8(truncatingIfNeeded: flags)),
            resource: resource,
            instrumentationScope: scope)
    }
}
