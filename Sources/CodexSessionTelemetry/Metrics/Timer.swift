import OtelSDK

/// Measures the time since it started and records it, in whole milliseconds, in a duration
/// histogram: when ``record(_:)`` is called, and again when the timer is released (as the
/// original crate's timer does on drop), so a timer recorded once and then released yields two
/// points.
///
/// ```swift
/// let timer = try metrics.startTimer("codex.turn.e2e_duration_ms", tags: [("model", "gpt-5.1")])
/// ... work ...
/// try timer.record([("success", "true")])
/// ```
public final class Timer: Sendable {
    /// The duration histogram's name.
    public let name: String
    /// The timer's own tags.
    public let tags: [(String, String)]
    private let client: MetricsClient
    private let start: MonotonicInstant

    init(client: MetricsClient, name: String, tags: [(String, String)]) {
        self.client = client
        self.name = name
        self.tags = tags
        start = .now()
    }

    deinit {
        do {
            try record()
        } catch {
            OtelDiagnostics.report(.warning, "metrics timer [\(name)] failed: \(error)")
        }
    }

    /// The time since the timer started.
    public var elapsed: Duration {
        .nanoseconds(Int64(clamping: MonotonicInstant.now().nanoseconds &- start.nanoseconds))
    }

    /// Records the time since the timer started, with `additionalTags` and then the timer's own
    /// tags (the timer's win on a repeated key).
    public func record(_ additionalTags: [(String, String)] = []) throws(MetricsError) {
        try client.recordDuration(name, duration: elapsed, tags: additionalTags + tags)
    }
}
