import AllocationCounter
import OtelSDK
import Testing

@Suite("Log allocations")
struct LogAllocationTests {
    @Test func aRecordIntoTheBatchProcessorAllocatesNothing() {
        let provider = SDKLoggerProvider(
            resource: TraceTestSupport.resource,
            processors: [
                BatchLogRecordProcessor(
                    exporter: InMemoryLogRecordExporter(),
                    configuration: BatchExportConfiguration(scheduleDelay: .seconds(3600)))
            ], environment: OtelEnvironment([:]))
        let logger = provider.logger(target: "codex_otel.log_only")
        logger.emit(LogRecord(severity: .info, body: "warm-up"))
        // The caller's attributes are built once: the SDK stores them without copying.
        let attributes: Attributes = ["a": 1, "b": "two", "c": true, "d": 4.5, "e": 5]
        let records = 500
        allocation_counter_start()
        for _ in 0..<records {
            logger.emit(LogRecord(severity: .info, body: "message", attributes: attributes))
        }
        let count = allocation_counter_stop()
        #expect(count == 0, "\(count) allocations for \(records) records")
        #expect(provider.shutdown(timeout: .seconds(10)).exported == records + 1)
    }
}
