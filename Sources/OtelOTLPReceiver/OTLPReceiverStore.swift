import OtelSDK
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An in-memory sink for ``OTLPHTTPReceiver``: keeps the most recent items of each signal and
/// counts everything, for a viewer to read while the receiver runs (from any thread).
public final class OTLPReceiverStore: Sendable {
    /// A consistent copy of a store's contents.
    public struct Snapshot: Sendable {
        /// The retained spans, oldest first.
        public var spans: [SpanData]
        /// The retained log records, oldest first.
        public var logRecords: [LogRecordData]
        /// The retained metric batches, oldest first (one per accepted request and resource).
        public var resourceMetrics: [ResourceMetrics]
        /// The counters.
        public var statistics: OTLPReceiverStatistics
        /// Items no longer retained because the store was full (they are still counted).
        public var evictedItems: Int
    }

    private struct State {
        var spans: [SpanData] = []
        var logRecords: [LogRecordData] = []
        var resourceMetrics: [ResourceMetrics] = []
        var metricPoints = 0
        var statistics = OTLPReceiverStatistics()
        var evicted = 0
    }

    /// The most spans, log records and metric data points kept (each); older ones go first.
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates a store that keeps up to `capacity` items of each signal (default 100,000).
    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    /// A sink that records into this store, for ``OTLPHTTPReceiver/init(configuration:sink:)``.
    public var sink: @Sendable (OTLPReceiverEvent) -> Void {
        { [self] event in record(event) }
    }

    /// Records one receiver event: counts it and keeps its items.
    public func record(_ event: OTLPReceiverEvent) {
        let capacity = self.capacity
        state.withLock { state in
            state.statistics.record(event)
            guard case .received(let batch, _, _) = event else { return }
            switch batch {
            case .spans(let spans):
                state.spans.append(contentsOf: spans)
                if state.spans.count > capacity {
                    let excess = state.spans.count - capacity
                    state.spans.removeFirst(excess)
                    state.evicted += excess
                }
            case .logRecords(let records):
                state.logRecords.append(contentsOf: records)
                if state.logRecords.count > capacity {
                    let excess = state.logRecords.count - capacity
                    state.logRecords.removeFirst(excess)
                    state.evicted += excess
                }
            case .metrics(let metrics):
                state.resourceMetrics.append(contentsOf: metrics.resourceMetrics)
                state.metricPoints += metrics.pointCount
                while state.metricPoints > capacity, state.resourceMetrics.count > 1 {
                    let dropped = state.resourceMetrics.removeFirst().pointCount
                    state.metricPoints -= dropped
                    state.evicted += dropped
                }
            }
        }
    }

    /// The counters.
    public var statistics: OTLPReceiverStatistics { state.withLock { $0.statistics } }
    /// The retained spans, oldest first.
    public var spans: [SpanData] { state.withLock { $0.spans } }
    /// The retained log records, oldest first.
    public var logRecords: [LogRecordData] { state.withLock { $0.logRecords } }
    /// The retained metric batches, oldest first.
    public var resourceMetrics: [ResourceMetrics] { state.withLock { $0.resourceMetrics } }

    /// Everything at once, consistently.
    public func snapshot() -> Snapshot {
        state.withLock { state in
            Snapshot(
                spans: state.spans, logRecords: state.logRecords, resourceMetrics: state.resourceMetrics,
                statistics: state.statistics, evictedItems: state.evicted)
        }
    }

    /// Forgets the retained items; the counters keep counting.
    public func removeAllItems() {
        state.withLock { state in
            state.spans.removeAll()
            state.logRecords.removeAll()
            state.resourceMetrics.removeAll()
            state.metricPoints = 0
        }
    }

    /// Waits until `condition` holds for the counters, checking every 5 ms, for at most `timeout`.
    /// Returns whether it held. For tests and end-of-run summaries; never call it from the sink.
    public func wait(
        timeout: Duration, until condition: (OTLPReceiverStatistics) -> Bool
    ) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if condition(statistics) { return true }
            guard ContinuousClock.now < deadline else { return false }
            usleep(5_000)
        }
    }
}
