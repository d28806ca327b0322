import OtelAPI
import OtelSDK

extension SessionTelemetry {
    /// Adds `increment` to the counter `name`, tagged with the session's metadata tags and then
    /// `tags`. Never throws: a failure (an invalid name or tag, a negative increment) becomes
    /// the warning "metrics counter [NAME] failed: ERR"; without a metrics client nothing
    /// happens.
    public func counter(_ name: String, increment: Int64 = 1, tags: [(String, String)] = []) {
        guard let metrics else { return }
        do {
            try metrics.counter(name, increment: increment, prefix: metadataPrefix, tags: tags)
        } catch {
            Self.warn("metrics counter [\(name)] failed: \(error)")
        }
    }

    /// Records `value` in the histogram `name`, tagged like ``counter(_:increment:tags:)``.
    /// Failures become the warning "metrics histogram [NAME] failed: ERR".
    public func histogram(_ name: String, value: Int64, tags: [(String, String)] = []) {
        guard let metrics else { return }
        do {
            try metrics.histogram(name, value: value, prefix: metadataPrefix, tags: tags)
        } catch {
            Self.warn("metrics histogram [\(name)] failed: \(error)")
        }
    }

    /// Records `duration` in whole milliseconds in the duration histogram `name`, tagged like
    /// ``counter(_:increment:tags:)``. Failures become the warning
    /// "metrics duration [NAME] failed: ERR".
    public func recordDuration(_ name: String, _ duration: Duration, tags: [(String, String)] = []) {
        guard let metrics else { return }
        do {
            try metrics.recordDuration(name, duration: duration, prefix: metadataPrefix, tags: tags)
        } catch {
            Self.warn("metrics duration [\(name)] failed: \(error)")
        }
    }

    /// Starts a timer on the session's metrics client, tagged with the session's metadata tags
    /// and then `tags`.
    ///
    /// - Throws: ``MetricsError`` "exporter disabled" without a metrics client, or the client's
    ///   validation error.
    public func startTimer(_ name: String, tags: [(String, String)] = []) throws(MetricsError) -> Timer {
        guard let metrics else { throw .exporterDisabled }
        return try metrics.startTimer(name, tags: taggedWithMetadata(tags))
    }

    /// Flushes and shuts down the metrics client; succeeds without one.
    ///
    /// - Throws: the client's ``MetricsError`` when flushing or shutting down fails.
    public func shutdownMetrics() throws(MetricsError) {
        guard let metrics else { return }
        try metrics.shutdown()
    }

    /// Collects the metrics recorded so far from the client's on-demand reader.
    ///
    /// - Throws: ``MetricsError`` "exporter disabled" without a metrics client, or the client's
    ///   error when it has no on-demand reader or collection fails.
    public func snapshotMetrics() throws(MetricsError) -> ResourceMetrics {
        guard let metrics else { throw .exporterDisabled }
        return try metrics.snapshot()
    }

    /// Collects and discards a snapshot, so that the next summary starts from zero (the
    /// on-demand reader is delta). Does nothing without a metrics client.
    public func resetRuntimeMetrics() {
        guard metrics != nil else { return }
        do {
            _ = try snapshotMetrics()
        } catch {
            OtelDiagnostics.report(.debug, "runtime metrics reset skipped: \(error)")
        }
    }

    /// The runtime metrics summary of a fresh snapshot: `nil` when no snapshot can be taken or
    /// it holds nothing.
    public func runtimeMetricsSummary() -> RuntimeMetricsSummary? {
        guard let snapshot = try? snapshotMetrics() else { return nil }
        let summary = RuntimeMetricsSummary(snapshot: snapshot)
        return summary.isEmpty ? nil : summary
    }

    /// Adds 1 to the counter `countName` and records `duration` in `durationName`, both tagged
    /// like ``counter(_:increment:tags:)``: what most events record.
    func recordCountAndDuration(
        _ countName: String, _ durationName: String, _ duration: Duration, tags: [(String, String)]
    ) {
        guard let metrics else { return }
        let prefix = metadataPrefix
        do {
            try metrics.counter(countName, increment: 1, prefix: prefix, tags: tags)
        } catch {
            Self.warn("metrics counter [\(countName)] failed: \(error)")
        }
        do {
            try metrics.recordDuration(durationName, duration: duration, prefix: prefix, tags: tags)
        } catch {
            Self.warn("metrics duration [\(durationName)] failed: \(error)")
        }
    }

    /// The tags that precede every metric's own: the session's metadata tags, when on.
    var metadataPrefix: [(String, String)] { metricsUseMetadataTags ? metadataTags : [] }

    /// The session's metadata tags (when on), then `tags`.
    func taggedWithMetadata(_ tags: [(String, String)]) -> [(String, String)] {
        let prefix = metadataPrefix
        if prefix.isEmpty { return tags }
        if tags.isEmpty { return prefix }
        var merged = [(String, String)]()
        merged.reserveCapacity(prefix.count + tags.count)
        merged.append(contentsOf: prefix)
        merged.append(contentsOf: tags)
        return merged
    }

    /// Where metric failures are reported: the SDK's diagnostics, or a scoped sink in tests.
    @TaskLocal static var warningSink: (@Sendable (String) -> Void)?

    /// Reports a metrics failure as a warning.
    static func warn(_ message: String) {
        if let sink = warningSink {
            sink(message)
        } else {
            OtelDiagnostics.report(.warning, message)
        }
    }
}
