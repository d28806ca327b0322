import Synchronization

/// Keeps exported spans in memory, for tests.
///
/// ```swift
/// let exporter = InMemorySpanExporter()
/// let provider = SDKTracerProvider(spanProcessors: [SimpleSpanProcessor(exporter: exporter)])
/// provider.tracer("test").withSpan("work") { _ in }
/// #expect(exporter.finishedSpans.map(\.name) == ["work"])
/// ```
public final class InMemorySpanExporter: SpanExporter {
    private let state = Mutex<(spans: [SpanData], isShutdown: Bool)>(([], false))

    /// Creates an empty exporter.
    public init() {}

    /// The spans exported so far, oldest first.
    public var finishedSpans: [SpanData] { state.withLock { $0.spans } }

    /// Whether ``shutdown(deadline:)`` has run.
    public var isShutdown: Bool { state.withLock { $0.isShutdown } }

    /// Forgets the spans exported so far.
    public func reset() { state.withLock { $0.spans.removeAll() } }

    /// Keeps `spans`; fails after shutdown.
    public func export(_ spans: [SpanData], deadline: MonotonicInstant) -> ExportResult {
        state.withLock { state in
            guard !state.isShutdown else { return .failure(reason: "the in-memory span exporter is shut down") }
            state.spans.append(contentsOf: spans)
            return .success
        }
    }

    /// Marks the exporter shut down; the spans stay readable.
    public func shutdown(deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.isShutdown = true }
        return .success
    }
}
