import Synchronization

/// Counters of one OTLP exporter: what it sent, retried and lost, and why. Readable at any time
/// from any thread.
public final class OTLPExportStatistics: Sendable {
    private let requestsCounter = Atomic<Int>(0)
    private let retriesCounter = Atomic<Int>(0)
    private let succeededCounter = Atomic<Int>(0)
    private let failedCounter = Atomic<Int>(0)
    private let itemsDroppedCounter = Atomic<Int>(0)
    private let itemsRejectedCounter = Atomic<Int>(0)
    private let oversizedCounter = Atomic<Int>(0)
    private let lastFailureText = Mutex<String?>(nil)

    /// Creates zeroed counters.
    public init() {}

    /// Requests sent, retries included.
    public var requests: Int { requestsCounter.load(ordering: .relaxed) }
    /// Retries after a retryable failure.
    public var retries: Int { retriesCounter.load(ordering: .relaxed) }
    /// Batches the collector accepted (fully or partially).
    public var batchesSucceeded: Int { succeededCounter.load(ordering: .relaxed) }
    /// Batches given up on.
    public var batchesFailed: Int { failedCounter.load(ordering: .relaxed) }
    /// Items (spans, log records, data points) in batches given up on.
    public var itemsDropped: Int { itemsDroppedCounter.load(ordering: .relaxed) }
    /// Items the collector rejected in partial-success responses.
    public var itemsRejected: Int { itemsRejectedCounter.load(ordering: .relaxed) }
    /// Items refused because even alone they encode to more than the request size limit.
    public var itemsOversized: Int { oversizedCounter.load(ordering: .relaxed) }
    /// The last failure's reason (never containing header values).
    public var lastFailure: String? { lastFailureText.withLock { $0 } }

    func recordRequest() { requestsCounter.add(1, ordering: .relaxed) }
    func recordRetry() { retriesCounter.add(1, ordering: .relaxed) }
    func recordSuccess(rejected: Int64) {
        succeededCounter.add(1, ordering: .relaxed)
        if rejected > 0 { itemsRejectedCounter.add(Int(clamping: rejected), ordering: .relaxed) }
    }
    func recordFailure(items: Int, reason: String) {
        failedCounter.add(1, ordering: .relaxed)
        itemsDroppedCounter.add(items, ordering: .relaxed)
        lastFailureText.withLock { $0 = reason }
    }
    func recordOversized(items: Int) {
        oversizedCounter.add(items, ordering: .relaxed)
        itemsDroppedCounter.add(items, ordering: .relaxed)
    }
}
