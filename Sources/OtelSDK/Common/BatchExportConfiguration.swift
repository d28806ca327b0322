/// The settings of a batch processor (``BatchSpanProcessor``, ``BatchLogRecordProcessor``).
///
/// ```swift
/// // OTEL_BSP_SCHEDULE_DELAY=2000 OTEL_BSP_MAX_QUEUE_SIZE=4096
/// let processor = BatchSpanProcessor(exporter: exporter, configuration: .spans(environment: .process()))
/// ```
public struct BatchExportConfiguration: Sendable, Hashable {
    /// The most items waiting for export; beyond it new items are dropped and counted. At least 1.
    public var maxQueueSize: Int
    /// The longest an item waits before the worker exports a partial batch. Delays under a
    /// millisecond count as one millisecond.
    public var scheduleDelay: Duration
    /// The time each export may take; zero means no limit.
    public var exportTimeout: Duration
    /// The most items in one export; a full batch wakes the worker at once. At least 1, at most
    /// ``maxQueueSize``.
    public var maxExportBatchSize: Int

    /// Creates a configuration; the defaults are the specification's for spans.
    public init(
        maxQueueSize: Int = 2048,
        scheduleDelay: Duration = .milliseconds(5000),
        exportTimeout: Duration = .milliseconds(30000),
        maxExportBatchSize: Int = 512
    ) {
        self.maxQueueSize = maxQueueSize
        self.scheduleDelay = scheduleDelay
        self.exportTimeout = exportTimeout
        self.maxExportBatchSize = maxExportBatchSize
    }

    /// The specification's span defaults: queue 2048, delay 5000 ms, timeout 30000 ms, batch 512.
    public static let spanDefaults = BatchExportConfiguration()

    /// The specification's log defaults: queue 2048, delay 1000 ms, timeout 30000 ms, batch 512.
    public static let logDefaults = BatchExportConfiguration(scheduleDelay: .milliseconds(1000))

    /// The span defaults overridden by `OTEL_BSP_MAX_QUEUE_SIZE`, `OTEL_BSP_SCHEDULE_DELAY`,
    /// `OTEL_BSP_EXPORT_TIMEOUT` and `OTEL_BSP_MAX_EXPORT_BATCH_SIZE` (milliseconds for times).
    public static func spans(environment: OtelEnvironment) -> BatchExportConfiguration {
        spanDefaults.overridden(by: environment, prefix: "OTEL_BSP_")
    }

    /// The log defaults overridden by `OTEL_BLRP_MAX_QUEUE_SIZE`, `OTEL_BLRP_SCHEDULE_DELAY`,
    /// `OTEL_BLRP_EXPORT_TIMEOUT` and `OTEL_BLRP_MAX_EXPORT_BATCH_SIZE` (milliseconds for times).
    public static func logs(environment: OtelEnvironment) -> BatchExportConfiguration {
        logDefaults.overridden(by: environment, prefix: "OTEL_BLRP_")
    }

    private func overridden(by environment: OtelEnvironment, prefix: String) -> BatchExportConfiguration {
        var configuration = self
        if let size = environment.nonNegativeInt(prefix + "MAX_QUEUE_SIZE") { configuration.maxQueueSize = size }
        if let delay = environment.milliseconds(prefix + "SCHEDULE_DELAY") { configuration.scheduleDelay = delay }
        if let timeout = environment.milliseconds(prefix + "EXPORT_TIMEOUT") { configuration.exportTimeout = timeout }
        if let size = environment.nonNegativeInt(prefix + "MAX_EXPORT_BATCH_SIZE") {
            configuration.maxExportBatchSize = size
        }
        return configuration.validated(defaults: self)
    }

    /// This configuration with invalid values replaced, each replacement reported: a queue or
    /// batch size under 1 takes the default, a batch larger than the queue takes the queue's size,
    /// a negative time takes the default.
    func validated(defaults: BatchExportConfiguration = .spanDefaults) -> BatchExportConfiguration {
        var result = self
        if result.maxQueueSize < 1 {
            OtelDiagnostics.report(
                .warning, "batch max queue size \(maxQueueSize) must be at least 1; using \(defaults.maxQueueSize)")
            result.maxQueueSize = defaults.maxQueueSize
        }
        if result.maxExportBatchSize < 1 {
            OtelDiagnostics.report(
                .warning,
                "batch max export batch size \(maxExportBatchSize) must be at least 1; using "
                    + "\(defaults.maxExportBatchSize)")
            result.maxExportBatchSize = defaults.maxExportBatchSize
        }
        if result.maxExportBatchSize > result.maxQueueSize {
            OtelDiagnostics.report(
                .warning,
                "batch max export batch size \(result.maxExportBatchSize) exceeds the max queue size "
                    + "\(result.maxQueueSize); using \(result.maxQueueSize)")
            result.maxExportBatchSize = result.maxQueueSize
        }
        if result.scheduleDelay < .zero {
            OtelDiagnostics.report(.warning, "negative batch schedule delay; using \(defaults.scheduleDelay)")
            result.scheduleDelay = defaults.scheduleDelay
        }
        if result.exportTimeout < .zero {
            OtelDiagnostics.report(.warning, "negative batch export timeout; using \(defaults.exportTimeout)")
            result.exportTimeout = defaults.exportTimeout
        }
        return result
    }

    /// The delay the worker waits, at least a millisecond.
    var effectiveScheduleDelay: Duration { max(scheduleDelay, .milliseconds(1)) }

    /// The deadline of an export starting now.
    func exportDeadline(startingAt now: MonotonicInstant) -> MonotonicInstant {
        exportTimeout == .zero ? MonotonicInstant(nanoseconds: .max) : now.advanced(by: exportTimeout)
    }
}
