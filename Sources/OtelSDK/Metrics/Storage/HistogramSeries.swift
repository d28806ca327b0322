import OtelAPI
import Synchronization

/// The upper bounds of an explicit-bucket histogram, shared by every series of a stream.
///
/// Safe to share (`@unchecked Sendable`): immutable after init; `pointer` is a private copy of
/// `values` freed in deinit.
final class BucketBounds: @unchecked Sendable {
    /// The OpenTelemetry specification's default boundaries.
    static let defaultBoundaries: [Double] = [
        0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
    ]

    /// The bounds, ascending.
    let values: [Double]
    private let pointer: UnsafeMutablePointer<Double>

    init(_ values: [Double]) {
        self.values = values
        pointer = .allocate(capacity: Swift.max(1, values.count))
        pointer.initialize(from: values, count: values.count)
    }

    deinit { pointer.deallocate() }

    /// The number of buckets: one more than the bounds.
    var bucketCount: Int { values.count + 1 }

    /// The bucket of `value`: the first whose upper bound is at least `value`.
    @inline(__always)
    func bucketIndex(_ value: Double) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low &+ high) >> 1
            if value <= pointer[middle] { high = middle } else { low = middle &+ 1 }
        }
        return low
    }

    /// Why `boundaries` cannot bound buckets, or `nil` when they can: they must be finite and
    /// strictly increasing.
    static func problem(with boundaries: [Double]) -> String? {
        for (index, bound) in boundaries.enumerated() {
            guard bound.isFinite else { return "boundary \(bound) is not finite" }
            if index > 0, bound <= boundaries[index - 1] {
                return "boundaries must be strictly increasing (\(boundaries[index - 1]) then \(bound))"
            }
        }
        return nil
    }
}

/// The totals of an explicit-bucket histogram series at one collection.
struct HistogramSnapshot {
    var count: UInt64
    var sum: Double
    var min: Double
    var max: Double
    var bucketCounts: [UInt64]
}

/// An explicit-bucket histogram cell: count, sum, min, max and bucket counts updated together
/// under a per-series ``SpinLock``, so a collection always sees a consistent point.
///
/// Safe to share (`@unchecked Sendable`): `totals` and `buckets` are read and written only while
/// holding `lock`; they are allocated in init and freed in deinit.
final class HistogramSeries: SeriesEntry, @unchecked Sendable {
    let bounds: BucketBounds
    /// Set by every measurement; taken by delta collections.
    let marked = Atomic<Bool>(false)
    private let lock = SpinLock()
    private let totals: UnsafeMutablePointer<(count: UInt64, sum: Double, min: Double, max: Double)>
    private let buckets: UnsafeMutablePointer<UInt64>

    init(attributes: Attributes, hash: UInt64, startTime: Timestamp, bounds: BucketBounds) {
        self.bounds = bounds
        totals = .allocate(capacity: 1)
        totals.initialize(to: (0, 0, .infinity, -.infinity))
        buckets = .allocate(capacity: bounds.bucketCount)
        buckets.initialize(repeating: 0, count: bounds.bucketCount)
        super.init(attributes: attributes, hash: hash, startTime: startTime)
    }

    deinit {
        totals.deallocate()
        buckets.deallocate()
    }

    /// Records a finite value.
    @inline(__always)
    func record(_ value: Double) {
        let bucket = bounds.bucketIndex(value)
        lock.lock()
        totals.pointee.count &+= 1
        totals.pointee.sum += value
        if value < totals.pointee.min { totals.pointee.min = value }
        if value > totals.pointee.max { totals.pointee.max = value }
        buckets[bucket] &+= 1
        marked.store(true, ordering: .releasing)
        lock.unlock()
    }

    /// Whether a measurement is waiting for the next collection.
    var hasPendingData: Bool { lock.withLock { totals.pointee.count > 0 } || marked.load(ordering: .acquiring) }

    /// The totals, or `nil` when nothing was recorded; `reset` empties the cell (delta).
    func snapshot(reset: Bool) -> HistogramSnapshot? {
        lock.withLock {
            guard totals.pointee.count > 0 else { return nil }
            let snapshot = HistogramSnapshot(
                count: totals.pointee.count, sum: totals.pointee.sum, min: totals.pointee.min,
                max: totals.pointee.max,
                bucketCounts: Array(UnsafeBufferPointer(start: buckets, count: bounds.bucketCount)))
            if reset {
                totals.pointee = (0, 0, .infinity, -.infinity)
                buckets.update(repeating: 0, count: bounds.bucketCount)
            }
            return snapshot
        }
    }
}

/// A base-2 exponential histogram cell: an ``ExponentialHistogramAccumulator`` under a
/// per-series ``SpinLock``.
///
/// Safe to share (`@unchecked Sendable`): `accumulator` is read and written only while holding
/// `lock`; it is allocated in init and freed in deinit.
final class ExponentialHistogramSeries: SeriesEntry, @unchecked Sendable {
    /// Set by every measurement; taken by delta collections.
    let marked = Atomic<Bool>(false)
    private let lock = SpinLock()
    private let accumulator: UnsafeMutablePointer<ExponentialHistogramAccumulator>

    init(attributes: Attributes, hash: UInt64, startTime: Timestamp, maxSize: Int, maxScale: Int) {
        accumulator = .allocate(capacity: 1)
        accumulator.initialize(to: ExponentialHistogramAccumulator(maxSize: maxSize, maxScale: maxScale))
        super.init(attributes: attributes, hash: hash, startTime: startTime)
    }

    deinit {
        accumulator.deinitialize(count: 1)
        accumulator.deallocate()
    }

    /// Records a finite value.
    @inline(__always)
    func record(_ value: Double) {
        lock.lock()
        accumulator.pointee.record(value)
        marked.store(true, ordering: .releasing)
        lock.unlock()
    }

    /// Whether a measurement is waiting for the next collection.
    var hasPendingData: Bool { lock.withLock { accumulator.pointee.count > 0 } || marked.load(ordering: .acquiring) }

    /// The accumulated state, or `nil` when nothing was recorded; `reset` empties the cell.
    func snapshot(reset: Bool) -> ExponentialHistogramAccumulator? {
        lock.withLock {
            guard accumulator.pointee.count > 0 else { return nil }
            let snapshot = accumulator.pointee
            if reset { accumulator.pointee.reset() }
            return snapshot
        }
    }
}
