// Shared by every benchmark target: the per-operation configurations and the thread helper.
import Benchmark
import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

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

/// The custom metrics of a one-against-two-threads benchmark (``measureScaling(_:chunk:_:)``).
public enum ScalingMetric {
    /// One thread's throughput, in thousands of operations per second: the mean of a lone
    /// thread on processor 0 and one on processor 1.
    public static let oneThread = BenchmarkMetric.custom(
        "1 thread (K ops/s)", polarity: .prefersLarger, useScalingFactor: false)
    /// Two threads' combined throughput, one on each processor, in thousands of operations per
    /// second.
    public static let twoThreads = BenchmarkMetric.custom(
        "2 threads (K ops/s)", polarity: .prefersLarger, useScalingFactor: false)
    /// Two threads' combined throughput over one thread's, in percent, in every sample.
    public static let speedup = BenchmarkMetric.custom(
        "2 threads / 1 thread (%)", polarity: .prefersLarger, useScalingFactor: false)
    /// The same ratio for a loop that shares no memory between its threads, measured in the
    /// same sample: what any code could gain from a second thread on the host at that moment.
    public static let control = BenchmarkMetric.custom(
        "no-sharing loop: 2 / 1 (%)", polarity: .prefersLarger, useScalingFactor: false)
    /// ``speedup`` in the samples where the no-sharing loop gained at least 1.6x before and after
    /// the measurement (the host gave the two processors a core each).
    public static let speedupOnTwoCores = BenchmarkMetric.custom(
        "2 / 1 where the loop scales (%)", polarity: .prefersLarger, useScalingFactor: false)
}

/// For one-against-two-threads benchmarks (``measureScaling(_:chunk:_:)``): 40 samples of about
/// 90 ms.
public var pairedThreads: Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [
            ScalingMetric.oneThread, ScalingMetric.twoThreads, ScalingMetric.speedup, ScalingMetric.control,
            ScalingMetric.speedupOnTwoCores,
        ],
        warmupIterations: 2,
        maxDuration: .seconds(10),
        maxIterations: 40
    )
}

/// Measures one thread against two, within one sample: `body` runs alone on processor 0, alone
/// on processor 1, then on both at once, 20 ms each, in rounds of `chunk` operations. A loop that
/// shares no memory between threads is measured the same way just before and just after. Records
/// the ``ScalingMetric`` values.
///
/// Why pinned, paired and checked against a control: this machine's two virtual processors
/// change speed by up to 1.4x, each on its own, for seconds at a time, and at times the host
/// runs both on one physical core, where even the no-sharing loop gains only 1.2x to 1.4x from
/// a second thread (a C version of it, 1.2x to 1.3x). Comparing a lone thread with a pair on the
/// same two processors, within 100 ms, removes the first effect; the control shows the second.
@inline(never)
public func measureScaling(_ benchmark: Benchmark, chunk: Int, _ body: @Sendable (Int) -> Void) {
    let before = pairedRatio(leg: .milliseconds(5), chunk: 10_000, { independentWork($0) }).ratio
    let (one, two, ratio) = pairedRatio(leg: .milliseconds(20), chunk: chunk, body)
    let after = pairedRatio(leg: .milliseconds(5), chunk: 10_000, { independentWork($0) }).ratio
    benchmark.measurement(ScalingMetric.oneThread, Int(one / 1_000))
    benchmark.measurement(ScalingMetric.twoThreads, Int(two / 1_000))
    benchmark.measurement(ScalingMetric.speedup, Int((100 * ratio).rounded()))
    let control = min(before, after)
    benchmark.measurement(ScalingMetric.control, Int((100 * control).rounded()))
    if control >= 1.6 { benchmark.measurement(ScalingMetric.speedupOnTwoCores, Int((100 * ratio).rounded())) }
}

/// One thread's throughput (the mean of lone runs on processors 0 and 1), two threads' (one on
/// each, at once), and their ratio.
private func pairedRatio(
    leg: Duration, chunk: Int, _ body: @Sendable (Int) -> Void
) -> (one: Double, two: Double, ratio: Double) {
    let first = runPinned(processors: [0], for: leg, chunk: chunk, body)
    let second = runPinned(processors: [1], for: leg, chunk: chunk, body)
    let both = runPinned(processors: [0, 1], for: leg, chunk: chunk, body)
    let one = (first + second) / 2
    return (one, both, both / one)
}

/// Integer arithmetic on eight registers and nothing else: a loop whose threads share no memory
/// at all, and that keeps a core's execution units about as busy as the recording paths do.
@inline(never)
private func independentWork(_ rounds: Int) {
    var (a, b, c, d): (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
    var (e, f, g, h): (UInt64, UInt64, UInt64, UInt64) = (5, 6, 7, 8)
    for index in 0..<UInt64(rounds) {
        a &+= index ^ b
        b ^= a &+ c
        c &+= b >> 3
        d ^= c &+ e
        e &+= d << 1
        f ^= e &+ g
        g &+= f >> 2
        h ^= g &+ a
    }
    blackHole(a ^ b ^ c ^ d ^ e ^ f ^ g ^ h)
}

/// Runs `body(chunk)` repeatedly for `duration` on one thread per processor of `processors`, all
/// at once (each pinned to its processor for the run), and returns the operations per second
/// of all of them together.
@inline(never)
public func runPinned(
    processors: [Int], for duration: Duration, chunk: Int, _ body: @Sendable (Int) -> Void
) -> Double {
    let rates = Mutex<[Double]>([])
    let arrived = Atomic<Int>(0)
    let count = processors.count
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let restore = pin(to: processors[index])
        defer { restore() }
        // Start together: every thread waits (at most 100 ms) until all have arrived.
        arrived.add(1, ordering: .acquiringAndReleasing)
        let clock = ContinuousClock()
        let patience = clock.now + .milliseconds(100)
        while arrived.load(ordering: .acquiring) < count, clock.now < patience {}
        let start = clock.now
        let deadline = start + duration
        var operations = 0
        repeat {
            body(chunk)
            operations += chunk
        } while clock.now < deadline
        let elapsed = (clock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        rates.withLock { $0.append(Double(operations) / seconds) }
    }
    return rates.withLock { $0.reduce(0, +) }
}

/// Pins the calling thread to `processor` (when the machine has it); returns what undoes that.
private func pin(to processor: Int) -> () -> Void {
    #if canImport(Glibc)
    // `sched_{get,set}affinity` are GNU extensions that Swift's Glibc module does not declare.
    typealias Affinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
    guard let get = dlsym(nil, "sched_getaffinity"), let set = dlsym(nil, "sched_setaffinity") else { return {} }
    let getAffinity = unsafeBitCast(get, to: Affinity.self)
    let setAffinity = unsafeBitCast(set, to: Affinity.self)
    let size = 128  // a cpu_set_t: 1024 bits
    let saved = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
    let only = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
    defer { only.deallocate() }
    only.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    only.storeBytes(of: UInt64(1) << UInt64(processor % 64), toByteOffset: processor / 64 * 8, as: UInt64.self)
    guard getAffinity(0, size, saved) == 0, setAffinity(0, size, only) == 0 else {
        saved.deallocate()
        return {}
    }
    return {
        _ = setAffinity(0, size, saved)
        saved.deallocate()
    }
    #else
    return {}
    #endif
}
