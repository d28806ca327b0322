import OtelSDK
import Synchronization
import Testing

/// A log exporter that blocks while its gate is closed.
private final class GatedLogRecordExporter: LogRecordExporter {
    private let state = Mutex<(isOpen: Bool, records: [LogRecordData], calls: Int)>((false, [], 0))

    func open() { state.withLock { $0.isOpen = true } }
    var records: [LogRecordData] { state.withLock { $0.records } }
    var calls: Int { state.withLock { $0.calls } }

    func export(_ records: [LogRecordData], deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.calls += 1 }
        while !state.withLock({ $0.isOpen }) {
            if deadline.hasPassed { return .failure(reason: "deadline passed") }
            TraceTestSupport.sleep(milliseconds: 1)
        }
        state.withLock { $0.records.append(contentsOf: records) }
        return .success
    }
}

@Suite("Batch log record processor")
struct BatchLogRecordProcessorTests {
    @Test func defaultsAreTheSpecificationsForLogs() {
        let defaults = BatchExportConfiguration.logs(environment: OtelEnvironment([:]))
        #expect(defaults.maxQueueSize == 2048)
        #expect(defaults.scheduleDelay == .milliseconds(1000))
        #expect(defaults.exportTimeout == .milliseconds(30000))
        #expect(defaults.maxExportBatchSize == 512)
    }

    @Test func environmentOverridesEachSetting() {
        let configuration = BatchExportConfiguration.logs(
            environment: OtelEnvironment([
                "OTEL_BLRP_MAX_QUEUE_SIZE": "64", "OTEL_BLRP_SCHEDULE_DELAY": "20",
                "OTEL_BLRP_EXPORT_TIMEOUT": "700", "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE": "8",
                "OTEL_BSP_MAX_QUEUE_SIZE": "5",
            ]))
        #expect(
            configuration
                == BatchExportConfiguration(
                    maxQueueSize: 64, scheduleDelay: .milliseconds(20), exportTimeout: .milliseconds(700),
                    maxExportBatchSize: 8))
    }

    @Test func fullQueueDropsTheNewestRecordsAndCountsThem() {
        let exporter = GatedLogRecordExporter()
        let processor = BatchLogRecordProcessor(
            exporter: exporter,
            configuration: BatchExportConfiguration(
                maxQueueSize: 3, scheduleDelay: .seconds(3600), maxExportBatchSize: 3))
        let provider = SDKLoggerProvider(
            resource: TraceTestSupport.resource, processors: [processor], environment: OtelEnvironment([:]))
        let logger = provider.logger(target: "t")
        for index in 0..<3 { logger.emit(LogRecord(body: .int(Int64(index)))) }
        #expect(TraceTestSupport.eventually { exporter.calls == 1 })
        for index in 3..<9 { logger.emit(LogRecord(body: .int(Int64(index)))) }
        #expect(processor.droppedLogRecordCount == 3)
        exporter.open()
        let report = provider.shutdown(timeout: .seconds(10))
        #expect(report.completedInTime)
        #expect(report.droppedQueueFull == 3)
        #expect(report.exported == 6)
        #expect(exporter.records.map(\.body) == [0, 1, 2, 3, 4, 5])
    }

    @Test func recordsAreExportedWhenTheDelayPassesOrOnFlush() {
        let exporter = InMemoryLogRecordExporter()
        let provider = SDKLoggerProvider(
            resource: TraceTestSupport.resource,
            processors: [
                BatchLogRecordProcessor(
                    exporter: exporter, configuration: BatchExportConfiguration(scheduleDelay: .milliseconds(30)))
            ], environment: OtelEnvironment([:]))
        let logger = provider.logger(target: "t")
        logger.emit(LogRecord(body: "timed"))
        #expect(TraceTestSupport.eventually { exporter.finishedLogRecords.count == 1 })
        for _ in 0..<50 { logger.emit(LogRecord(body: "flushed")) }
        let report = provider.forceFlush(timeout: .seconds(10))
        #expect(report.completedInTime)
        #expect(exporter.finishedLogRecords.count == 51)
        #expect(provider.shutdown().exported == 51)
    }

    @Test func shutdownReturnsWithinItsDeadlineAndReportsUnsentRecords() {
        let exporter = GatedLogRecordExporter()
        let provider = SDKLoggerProvider(
            resource: TraceTestSupport.resource,
            processors: [
                BatchLogRecordProcessor(
                    exporter: exporter,
                    configuration: BatchExportConfiguration(scheduleDelay: .seconds(3600), maxExportBatchSize: 1))
            ], environment: OtelEnvironment([:]))
        let logger = provider.logger(target: "t")
        for _ in 0..<4 { logger.emit(LogRecord(body: "unsent")) }
        #expect(TraceTestSupport.eventually { exporter.calls == 1 })
        var report = DeliveryReport()
        let elapsed = TraceTestSupport.elapsed { report = provider.shutdown(timeout: .milliseconds(200)) }
        #expect(elapsed < .seconds(2))
        #expect(!report.completedInTime)
        #expect(report.droppedAtShutdown == 4)
        exporter.open()
    }
}
