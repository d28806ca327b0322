import OtelSDK

/// Encodes log records as `ExportLogsServiceRequest`, in protobuf or in the OTLP JSON mapping.
public enum OTLPLogEncoder {
    /// The protobuf encoding of an export request holding `records`.
    public static func protobuf(_ records: [LogRecordData]) -> [UInt8] {
        records.withUnsafeBufferPointer { records in
            let groups = OTLPGrouping.group(count: records.count) { records[$0].origin }
            return ProtobufWriter.encode(lengthHint: records.count * 2 + 16) { request in
                request.resourceGroups(groups) { $0.logRecord(records[$1]) }
            }
        }
    }

    /// The OTLP/JSON encoding of an export request holding `records`.
    public static func json(_ records: [LogRecordData]) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + records.count * 512)
        let groups = OTLPGrouping.group(count: records.count) { records[$0].origin }
        writer.object { request in
            request.key("resourceLogs")
            request.array { list in
                for group in groups {
                    list.object { resourceLogs in
                        resourceLogs.resource(group.resource)
                        resourceLogs.key("scopeLogs")
                        resourceLogs.array { scopes in
                            for (scope, runs) in group.scopes {
                                scopes.object { scopeLogs in
                                    scopeLogs.scope(scope)
                                    scopeLogs.key("logRecords")
                                    scopeLogs.array { recordList in
                                        for run in runs { for index in run { recordList.logRecord(records[index]) } }
                                    }
                                    scopeLogs.schemaURL(scope.schemaURL)
                                }
                            }
                        }
                        resourceLogs.schemaURL(group.resource.schemaURL)
                    }
                }
            }
        }
        return writer.bytes
    }
}

extension ProtobufWriter {
    fileprivate mutating func logRecord(_ record: borrowing LogRecordData) {
        fixed64(1, record.timestamp?.nanosecondsSinceEpoch ?? 0)
        int32(2, Int32(record.severity?.number ?? 0))
        string(3, record.severityText ?? "")
        if let body = record.body { message(5) { $0.anyValue(body) } }
        keyValues(6, record.attributes)
        uint32(7, UInt32(clamping: record.droppedAttributesCount))
        fixed32(8, UInt32(record.traceFlags.rawValue))
        if let traceID = record.traceID, traceID.isValid { id(9, high: traceID.high, low: traceID.low) }
        if let spanID = record.spanID, spanID.isValid { id(10, spanID.value) }
        fixed64(11, record.observedTimestamp.nanosecondsSinceEpoch)
        string(12, record.eventName ?? "")
    }
}

extension JSONWriter {
    fileprivate mutating func logRecord(_ record: LogRecordData) {
        object { o in
            o.nanos("timeUnixNano", record.timestamp?.nanosecondsSinceEpoch ?? 0)
            o.nanos("observedTimeUnixNano", record.observedTimestamp.nanosecondsSinceEpoch)
            if let severity = record.severity, severity.number > 0 {
                o.key("severityNumber")
                o.int(Int(severity.number))
            }
            if let text = record.severityText, !text.isEmpty {
                o.key("severityText")
                o.string(text)
            }
            if let body = record.body {
                o.key("body")
                o.anyValue(body)
            }
            o.attributes(record.attributes)
            o.count("droppedAttributesCount", record.droppedAttributesCount)
            if record.traceFlags.rawValue != 0 {
                o.key("flags")
                o.int(Int(record.traceFlags.rawValue))
            }
            if let traceID = record.traceID, traceID.isValid {
                o.key("traceId")
                o.hexID(high: traceID.high, low: traceID.low)
            }
            if let spanID = record.spanID, spanID.isValid {
                o.key("spanId")
                o.hexID(spanID.value)
            }
            if let eventName = record.eventName, !eventName.isEmpty {
                o.key("eventName")
                o.string(eventName)
            }
        }
    }
}
