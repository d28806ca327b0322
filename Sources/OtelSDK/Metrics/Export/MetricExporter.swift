import OtelAPI

/// Sends collected metrics somewhere: OTLP, memory, a test double.
///
/// A ``PeriodicExportingMetricReader`` calls the exporter on its own background thread, one call
/// at a time, never while holding a lock the recording path needs. `export` may block on I/O but
/// should return by `deadline`.
///
/// The exporter also chooses the temporality of each instrument kind; readers ask once per
/// instrument, when its stream is created.
public protocol MetricExporter: Sendable {
    /// Sends one batch; returns when it was delivered or failed.
    func export(_ metrics: ResourceMetrics, deadline: MonotonicInstant) -> ExportResult
    /// Sends anything the exporter buffers.
    func forceFlush(deadline: MonotonicInstant) -> ExportResult
    /// Flushes and releases the exporter's resources; later exports fail.
    func shutdown(deadline: MonotonicInstant) -> ExportResult
    /// The temporality the exporter wants for `kind`'s points (see ``TemporalityPreference``).
    func temporality(for kind: InstrumentKind) -> AggregationTemporality
}

extension MetricExporter {
    /// Nothing buffered: succeeds at once.
    public func forceFlush(deadline: MonotonicInstant) -> ExportResult { .success }
    /// Nothing to release: succeeds at once.
    public func shutdown(deadline: MonotonicInstant) -> ExportResult { .success }
    /// Cumulative for every kind, the specification's default.
    public func temporality(for kind: InstrumentKind) -> AggregationTemporality { .cumulative }
}
