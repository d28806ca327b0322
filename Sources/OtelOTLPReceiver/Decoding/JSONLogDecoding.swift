import OtelAPI
import OtelOTLP
import OtelSDK

extension JSONRequestDecoder {
    /// `SEVERITY_NUMBER_UNSPECIFIED`, `SEVERITY_NUMBER_TRACE` ... `SEVERITY_NUMBER_FATAL4`, by number.
    static let severityNames: [String] = {
        var names = ["SEVERITY_NUMBER_UNSPECIFIED"]
        for level in ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] {
            names.append("SEVERITY_NUMBER_" + level)
            for step in 2...4 { names.append("SEVERITY_NUMBER_\(level)\(step)") }
        }
        return names
    }()

    /// An `ExportLogsServiceRequest` object.
    mutating func logsRequest(_ bytes: [UInt8]) throws(OTLPDecodeError) -> [LogRecordData] {
        var records: [LogRecordData] = []
        for (key, member) in try document(bytes) where key == "resourceLogs" || key == "resource_logs" {
            for (index, element) in try Self.elements(member, "resourceLogs").enumerated() {
                try at("resourceLogs[\(index)]") { () throws(OTLPDecodeError) in
                    try resourceLogs(element, into: &records)
                }
            }
        }
        return records
    }

    private mutating func resourceLogs(
        _ value: JSONValue, into records: inout [LogRecordData]
    )
        throws(OTLPDecodeError)
    {
        let parts = try Self.container(
            value, headKeys: ("resource", "resource"), listKeys: ("scopeLogs", "scope_logs"))
        let resource = try at("resource") { () throws(OTLPDecodeError) in
            try self.resource(parts.head, schemaURL: parts.schemaURL)
        }
        for (index, element) in parts.list.enumerated() {
            try budget.take()
            try at("scopeLogs[\(index)]") { () throws(OTLPDecodeError) in
                let scopeParts = try Self.container(
                    element, headKeys: ("scope", "scope"), listKeys: ("logRecords", "log_records"))
                let scope = try at("scope") { () throws(OTLPDecodeError) in
                    try self.scope(scopeParts.head, schemaURL: scopeParts.schemaURL)
                }
                for (recordIndex, item) in scopeParts.list.enumerated() {
                    try budget.take()
                    records.append(
                        try at("logRecords[\(recordIndex)]") { () throws(OTLPDecodeError) in
                            try logRecord(item, resource: resource, scope: scope)
                        })
                }
            }
        }
    }

    private mutating func logRecord(
        _ value: JSONValue, resource: Resource, scope: InstrumentationScope
    )
        throws(OTLPDecodeError) -> LogRecordData
    {
        var time: UInt64 = 0
        var observed: UInt64 = 0
        var severityNumber: Int64 = 0
        var severityText = ""
        var body = AnyValueNode.empty
        var attributes = AttributeCollector(limit: limits.maxAttributesPerSet)
        var dropped: UInt32 = 0
        var flags: UInt32 = 0
        var traceID: TraceID?
        var spanID: SpanID?
        var eventName = ""
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "timeUnixNano", "time_unix_nano": time = try Self.uint64(member, "timeUnixNano")
            case "observedTimeUnixNano", "observed_time_unix_nano":
                observed = try Self.uint64(member, "observedTimeUnixNano")
            case "severityNumber", "severity_number":
                severityNumber = try Self.enumValue(member, "severityNumber", names: Self.severityNames)
            case "severityText", "severity_text": severityText = try Self.string(member, "severityText")
            case "body":
                if case .null = member { continue }
                body = try at("body") { () throws(OTLPDecodeError) in try anyValue(member, depth: 1) }
            case "attributes": attributes = try self.attributes(member, "attributes")
            case "droppedAttributesCount", "dropped_attributes_count":
                dropped = try Self.uint32(member, "droppedAttributesCount")
            case "flags": flags = try Self.uint32(member, "flags")
            case "traceId", "trace_id": traceID = try Self.traceID(member, "traceId")
            case "spanId", "span_id": spanID = try Self.spanID(member, "spanId")
            case "eventName", "event_name": eventName = try Self.string(member, "eventName")
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
