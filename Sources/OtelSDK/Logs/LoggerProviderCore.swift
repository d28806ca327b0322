import OtelAPI

/// What a logger provider shares with its loggers: the configuration, the processors and the
/// shutdown flag.
final class LoggerProviderCore: Sendable {
    let resource: Resource
    let processors: [any LogRecordProcessor]
    /// The only processor when it is a ``BatchLogRecordProcessor`` (the production setup): a
    /// record is moved into its queue, with no existential call and no copy.
    private let soleBatchProcessor: BatchLogRecordProcessor?
    let minimumSeverity: Severity?
    let limits: LogRecordLimits
    let attributeLimits: AttributeLimits
    private let lifecycle = ProviderLifecycle()

    init(resource: Resource, processors: [any LogRecordProcessor], minimumSeverity: Severity?, limits: LogRecordLimits)
    {
        self.resource = resource
        self.processors = processors
        self.soleBatchProcessor = processors.count == 1 ? processors[0] as? BatchLogRecordProcessor : nil
        self.minimumSeverity = minimumSeverity
        self.limits = limits
        self.attributeLimits = limits.attributes
    }

    /// Whether the provider has shut down.
    var isShutdown: Bool { lifecycle.isShutdown }

    /// Marks the provider shut down; returns whether this call did it.
    func markShutdown() -> Bool { lifecycle.markShutdown() }

    /// The shared origin of the records of `scope`'s loggers.
    func origin(for scope: InstrumentationScope) -> TelemetryOrigin { lifecycle.origin(for: scope, resource: resource) }

    /// Whether records reach a processor at all: there is one and the provider is running.
    @inline(__always)
    private var isRecording: Bool { !processors.isEmpty && !isShutdown }

    /// Whether `severity` passes the minimum. An unspecified severity (absent or 0) passes.
    @inline(__always)
    private func passesMinimum(_ severity: Severity?) -> Bool {
        guard let minimumSeverity, let severity, severity.number > 0 else { return true }
        return severity >= minimumSeverity
    }

    /// Whether a record of `severity` would reach a processor.
    @inline(__always)
    func isEnabled(severity: Severity) -> Bool { isRecording && passesMinimum(severity) }

    /// The names of severities 0 to 24, computed once so that emitting does not build them.
    private static let severityTexts: [String] = (0...24).map { Severity(number: UInt8($0)).text }

    /// `severity`'s name, such as `INFO`.
    @inline(__always)
    private static func text(_ severity: Severity) -> String { severityTexts[Int(severity.number)] }

    /// Builds the record (only when enabled) and hands it to the processors.
    @inline(__always)
    func emit(_ record: () -> LogRecord, origin: TelemetryOrigin) {
        guard isRecording else { return }
        var record = record()
        guard passesMinimum(record.severity) else { return }
        let span: SpanContext?
        if let explicit = record.spanContext {
            span = explicit.isValid ? explicit : nil
        } else {
            span = OtelContext.current.spanContext
        }
        // The record's parts move into the data (`take()`, a swap): no copy, no retain of each.
        var attributes = Attributes()
        swap(&attributes, &record.attributes)
        let dropped = attributeLimits.limit(&attributes)
        let data = LogRecordData(
            timestamp: record.timestamp, observedTimestamp: .now(), severity: record.severity,
            severityText: record.severityText.take() ?? record.severity.map(Self.text), body: record.body.take(),
            attributes: attributes, droppedAttributesCount: dropped, eventName: record.eventName.take(),
            traceID: span?.traceID, spanID: span?.spanID, traceFlags: span?.traceFlags ?? [], origin: origin)
        if let soleBatchProcessor {
            soleBatchProcessor.enqueue(consume data)
            return
        }
        var processed = data
        // An index loop: iterating an array of existentials allocates in unoptimised builds.
        var index = 0
        while index < processors.count {
            processors[index].onEmit(&processed)
            index += 1
        }
    }
}
