import OtelAPI
import OtelSDK

extension ProtobufRequestDecoder {
    /// An `ExportLogsServiceRequest`.
    mutating func logsRequest(_ bytes: [UInt8]) throws(OTLPDecodeError) -> [LogRecordData] {
        try checkSize(bytes)
        var records: [LogRecordData] = []
        var fields = WireFields(bytes[...])
        var index = 0
        while let field = try fields.next() {
            guard field.number == 1 else { continue }
            try at("resourceLogs[\(index)]") { () throws(OTLPDecodeError) in
                try resourceLogs(try field.bytes(""), into: &records)
            }
            index += 1
        }
        return records
    }

    private mutating func resourceLogs(
        _ bytes: ArraySlice<UInt8>, into records: inout [LogRecordData]
    )
        throws(OTLPDecodeError)
    {
        var fields = WireFields(bytes)
        var resourceBytes: ArraySlice<UInt8> = []
        var schemaURL = ""
        var scopes: [ArraySlice<UInt8>] = []
        while let field = try fields.next() {
            switch field.number {
            case 1: resourceBytes = try field.bytes("resource")
            case 2:
                try budget.take()
                scopes.append(try field.bytes("scopeLogs"))
            case 3: schemaURL = try field.string("schemaUrl")
            default: continue
            }
        }
        let resource = try at("resource") { () throws(OTLPDecodeError) in
            try self.resource(resourceBytes, schemaURL: schemaURL)
        }
        for (index, scope) in scopes.enumerated() {
            try at("scopeLogs[\(index)]") { () throws(OTLPDecodeError) in
                try scopeLogs(scope, resource: resource, into: &records)
            }
        }
    }

    private mutating func scopeLogs(
        _ bytes: ArraySlice<UInt8>, resource: Resource, into records: inout [LogRecordData]
    ) throws(OTLPDecodeError) {
        var fields = WireFields(bytes)
        var scopeBytes: ArraySlice<UInt8> = []
        var schemaURL = ""
        var items: [ArraySlice<UInt8>] = []
        while let field = try fields.next() {
            switch field.number {
            case 1: scopeBytes = try field.bytes("scope")
            case 2:
                try budget.take()
                items.append(try field.bytes("logRecords"))
            case 3: schemaURL = try field.string("schemaUrl")
            default: continue
            }
        }
        let scope = try at("scope") { () throws(OTLPDecodeError) in try self.scope(scopeBytes, schemaURL: schemaURL) }
        for (index, item) in items.enumerated() {
            records.append(
                try at("logRecords[\(index)]") { () throws(OTLPDecodeError) in
                    try logRecord(item, resource: resource, scope: scope)
                })
        }
    }

    private mutating func logRecord(
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
