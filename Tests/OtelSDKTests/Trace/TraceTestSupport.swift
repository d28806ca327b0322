import OtelSDK
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Shared pieces of the trace, log and lane tests.
enum TraceTestSupport {
    /// A fixed resource, so that tests read neither the environment nor the host.
    static let resource = Resource(attributes: ["service.name": "trace-tests"])

    /// A provider with explicit settings and an empty environment.
    static func tracerProvider(
        sampler: any Sampler = AlwaysOnSampler(),
        limits: SpanLimits = SpanLimits(),
        processors: [any SpanProcessor]
    ) -> SDKTracerProvider {
        SDKTracerProvider(
            resource: resource, sampler: sampler, spanLimits: limits, spanProcessors: processors,
            environment: OtelEnvironment([:]))
    }

    /// A provider exporting synchronously to a new in-memory exporter.
    static func simpleProvider(
        sampler: any Sampler = AlwaysOnSampler(),
        limits: SpanLimits = SpanLimits()
    ) -> (SDKTracerProvider, InMemorySpanExporter) {
        let exporter = InMemorySpanExporter()
        let provider = tracerProvider(
            sampler: sampler, limits: limits, processors: [SimpleSpanProcessor(exporter: exporter)])
        return (provider, exporter)
    }

    /// Polls `condition` every millisecond until it holds or `timeout` passes.
    static func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
        let deadline = MonotonicInstant.now().advanced(by: timeout)
        while !condition() {
            if deadline.hasPassed { return false }
            usleep(1000)
        }
        return true
    }

    /// Sleeps the calling thread.
    static func sleep(milliseconds: UInt32) { usleep(milliseconds * 1000) }

    /// How long `body` took.
    static func elapsed(_ body: () -> Void) -> Duration {
        let start = MonotonicInstant.now()
        body()
        return .nanoseconds(Int64(MonotonicInstant.now().nanoseconds - start.nanoseconds))
    }
}

/// An exporter whose exports wait, while the gate is closed, until it opens or their deadline
/// passes; it records every batch it completes.
final class GatedSpanExporter: SpanExporter {
    private struct State {
        var isOpen: Bool
        var batches: [[SpanData]] = []
        var exportCalls = 0
        var shutdownCalls = 0
        var flushCalls = 0
    }

    private let state: Mutex<State>
    /// Runs at the start of each export, before waiting on the gate.
    private let onExport: Mutex<(@Sendable ([SpanData]) -> Void)?>

    init(open: Bool = true) {
        state = Mutex(State(isOpen: open))
        onExport = Mutex(nil)
    }

    func open() { state.withLock { $0.isOpen = true } }

    func setOnExport(_ hook: @escaping @Sendable ([SpanData]) -> Void) { onExport.withLock { $0 = hook } }

    var batches: [[SpanData]] { state.withLock { $0.batches } }
    var spans: [SpanData] { batches.flatMap { $0 } }
    var exportCalls: Int { state.withLock { $0.exportCalls } }
    var shutdownCalls: Int { state.withLock { $0.shutdownCalls } }
    var flushCalls: Int { state.withLock { $0.flushCalls } }

    func export(_ spans: [SpanData], deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.exportCalls += 1 }
        onExport.withLock { $0 }?(spans)
        while !state.withLock({ $0.isOpen }) {
            if deadline.hasPassed { return .failure(reason: "deadline passed while the gate was closed") }
            usleep(1000)
        }
        state.withLock { $0.batches.append(spans) }
        return .success
    }

    func forceFlush(deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.flushCalls += 1 }
        return .success
    }

    func shutdown(deadline: MonotonicInstant) -> ExportResult {
        state.withLock { $0.shutdownCalls += 1 }
        return .success
    }
}

/// An error with a known description.
enum TraceTestError: Error, CustomStringConvertible {
    case boom

    var description: String { "boom happened" }
}
