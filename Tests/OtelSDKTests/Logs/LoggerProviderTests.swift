import OtelSDK
import Synchronization
import Testing

@Suite("Logger provider")
struct LoggerProviderTests {
    private func provider(
        minimumSeverity: Severity? = nil,
        limits: LogRecordLimits = LogRecordLimits()
    ) -> (SDKLoggerProvider, InMemoryLogRecordExporter) {
        let exporter = InMemoryLogRecordExporter()
        let provider = SDKLoggerProvider(
            resource: TraceTestSupport.resource, processors: [SimpleLogRecordProcessor(exporter: exporter)],
            minimumSeverity: minimumSeverity, limits: limits, environment: OtelEnvironment([:]))
        return (provider, exporter)
    }

    @Test func loggersAreScopesNamedByTheirTarget() throws {
        let (provider, exporter) = provider()
        let logger = provider.logger(target: "codex_otel.log_only", version: "0.9")
        #expect(logger.target == "codex_otel.log_only")
        logger.emit(LogRecord(severity: .warn, body: "careful", attributes: ["k": 1]))
        let record = try #require(exporter.finishedLogRecords.first)
        #expect(record.instrumentationScope == InstrumentationScope(name: "codex_otel.log_only", version: "0.9"))
        #expect(record.resource == TraceTestSupport.resource)
        #expect(record.severity == .warn)
        #expect(record.severityText == "WARN")
        #expect(record.body == "careful")
        #expect(record.attributes == ["k": 1])
        #expect(record.timestamp == nil)
        #expect(record.observedTimestamp.nanosecondsSinceEpoch > 0)
        #expect(record.traceID == nil && record.spanID == nil && record.traceFlags.isEmpty)
    }

    @Test func explicitFieldsAreKept() throws {
        let (provider, exporter) = provider()
        let time = Timestamp(nanosecondsSinceEpoch: 42)
        provider.logger(target: "t").emit(
            LogRecord(timestamp: time, severity: Severity(number: 10), severityText: "notice", eventName: "codex.x"))
        let record = try #require(exporter.finishedLogRecords.first)
        #expect(record.timestamp == time)
        #expect(record.severity?.number == 10)
        #expect(record.severityText == "notice")
        #expect(record.eventName == "codex.x")
        #expect(record.body == nil)
    }

    @Test func minimumSeverityDropsLowerRecordsWithoutBuildingThem() {
        let (provider, exporter) = provider(minimumSeverity: .warn)
        let logger = provider.logger(target: "t")
        #expect(!logger.isEnabled(severity: .info))
        #expect(logger.isEnabled(severity: .warn))
        #expect(logger.isEnabled(severity: .error))
        let built = Mutex(0)
        func record(_ severity: Severity?) -> LogRecord {
            built.withLock { $0 += 1 }
            return LogRecord(severity: severity, body: "x")
        }
        logger.emit(record(.debug))
        logger.emit(record(.error))
        logger.emit(record(nil))  // an unspecified severity passes
        #expect(exporter.finishedLogRecords.map(\.severity) == [.error, nil])
        #expect(built.withLock { $0 } == 3)
    }

    @Test func aDisabledLoggerDoesNotBuildTheRecord() {
        let provider = SDKLoggerProvider(resource: TraceTestSupport.resource, environment: OtelEnvironment([:]))
        let logger = provider.logger(target: "t")
        #expect(!logger.isEnabled(severity: .fatal))
        let built = Mutex(false)
        func record() -> LogRecord {
            built.withLock { $0 = true }
            return LogRecord()
        }
        logger.emit(record())
        #expect(!built.withLock { $0 })
    }

    @Test func recordsTakeTheActiveSpanForCorrelation() throws {
        let (tracerProvider, _) = TraceTestSupport.simpleProvider()
        let (provider, exporter) = provider()
        let logger = provider.logger(target: "t")
        var spanContext = SpanContext.invalid
        tracerProvider.tracer("test").withSpan("active") { span in
            spanContext = span.context
            logger.emit(LogRecord(body: "inside"))
        }
        logger.emit(LogRecord(body: "outside"))
        let records = exporter.finishedLogRecords
        #expect(records.count == 2)
        #expect(records[0].traceID == spanContext.traceID)
        #expect(records[0].spanID == spanContext.spanID)
        #expect(records[0].traceFlags == .sampled)
        #expect(records[1].traceID == nil && records[1].spanID == nil)
    }

    @Test func anExplicitSpanContextWins() throws {
        let (provider, exporter) = provider()
        let explicit = SpanContext(traceID: TraceID(high: 5, low: 6), spanID: SpanID(7), traceFlags: [])
        let active = NonRecordingSpan(
            context: SpanContext(traceID: TraceID(high: 1, low: 1), spanID: SpanID(1), traceFlags: .sampled))
        OtelContext.with(span: active) {
            provider.logger(target: "t").emit(LogRecord(body: "x", spanContext: explicit))
            provider.logger(target: "t").emit(LogRecord(body: "y", spanContext: .invalid))
        }
        let records = exporter.finishedLogRecords
        #expect(records[0].traceID == explicit.traceID && records[0].spanID == explicit.spanID)
        #expect(records[0].traceFlags.isEmpty)
        #expect(records[1].traceID == nil)
    }

    @Test func attributeLimitsApply() throws {
        let (provider, exporter) = provider(
            limits: LogRecordLimits(attributeCountLimit: 2, attributeValueLengthLimit: 3))
        provider.logger(target: "t").emit(LogRecord(attributes: ["a": "abcdef", "b": 2, "c": 3]))
        let record = try #require(exporter.finishedLogRecords.first)
        #expect(record.attributes == ["a": "abc", "b": 2])
        #expect(record.droppedAttributesCount == 1)
    }

    @Test func limitsComeFromTheEnvironment() {
        let specific = LogRecordLimits(
            environment: OtelEnvironment([
                "OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT": "4", "OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT": "5",
                "OTEL_ATTRIBUTE_COUNT_LIMIT": "9",
            ]))
        #expect(specific == LogRecordLimits(attributeCountLimit: 4, attributeValueLengthLimit: 5))
        let general = LogRecordLimits(
            environment: OtelEnvironment(["OTEL_ATTRIBUTE_COUNT_LIMIT": "9", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "8"]))
        #expect(general == LogRecordLimits(attributeCountLimit: 9, attributeValueLengthLimit: 8))
        #expect(LogRecordLimits(environment: OtelEnvironment([:])) == LogRecordLimits())
    }

    @Test func shutdownDisablesTheLoggers() {
        let (provider, exporter) = provider()
        let logger = provider.logger(target: "t")
        let report = provider.shutdown(timeout: .seconds(5))
        #expect(report.completedInTime)
        #expect(exporter.isShutdown)
        #expect(!logger.isEnabled(severity: .fatal))
        logger.emit(LogRecord(body: "late"))
        #expect(exporter.finishedLogRecords.isEmpty)
        #expect(provider.shutdown() == DeliveryReport())
    }

    @Test func releasingTheProviderFlushesItsBatchQueue() {
        let exporter = InMemoryLogRecordExporter()
        do {
            let provider = SDKLoggerProvider(
                resource: TraceTestSupport.resource,
                processors: [
                    BatchLogRecordProcessor(
                        exporter: exporter, configuration: BatchExportConfiguration(scheduleDelay: .seconds(3600)))
                ], environment: OtelEnvironment([:]))
            provider.logger(target: "t").emit(LogRecord(body: "queued"))
        }
        #expect(exporter.finishedLogRecords.map(\.body) == ["queued"])
        #expect(exporter.isShutdown)
    }
}
