// Shared by every benchmark target: the per-operation configurations and the thread helper.
import Benchmark
import Dispatch

/// Every per-operation benchmark runs 1,000 operations per sample (`scalingFactor: .kilo`), so the
/// wall-clock and malloc columns of the (default, scaled) text output read per single operation.
public var perOperation: Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )
}

/// For one-vs-two-thread comparisons: 1,000,000 operations per sample, split over the threads, so
/// wall-clock per operation (scaled) is the *combined* cost and throughput is ops/s combined.
public var perMillion: Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 2,
        scalingFactor: .mega,
        maxDuration: .seconds(3),
        maxIterations: 50
    )
}

/// Runs `body(count)` on `threads` threads at once, splitting `total` operations evenly.
@inline(never)
public func onThreads(_ threads: Int, total: Int, _ body: @Sendable (Int) -> Void) {
    if threads == 1 {
        body(total)
        return
    }
    DispatchQueue.concurrentPerform(iterations: threads) { _ in body(total / threads) }
}
