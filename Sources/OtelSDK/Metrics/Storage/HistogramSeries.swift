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

    /// An empty cell over these bounds; the caller keeps the bounds alive as long as the cell.
    func makeCell() -> ExplicitHistogramCell { .allocate(bounds: pointer, count: values.count) }

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

/// An explicit-bucket histogram series: its ``ExplicitHistogramCell`` updates count, sum, min,
/// max and bucket counts together under the lock of one of its parts, so a collection always
/// sees a consistent point.
///
/// Safe to share (`@unchecked Sendable`): the cell guards its state with its lock; it is
/// allocated in init and freed in deinit, and `bounds` (which the cell points into) is kept.
final class HistogramSeries: SeriesEntry, @unchecked Sendable {
    let bounds: BucketBounds
    /// The cell; bound histograms record straight into it.
    let cell: ExplicitHistogramCell

    init(attributes: Attributes, hash: UInt64, startTime: Timestamp, bounds: BucketBounds) {
        self.bounds = bounds
        cell = bounds.makeCell()
        super.init(attributes: attributes, hash: hash, startTime: startTime)
    }

    deinit { cell.deallocate() }

    /// Records a finite value in the cell's part `shard` (the shard of the series map's lock the
    /// caller holds).
    @inline(__always)
    func record(_ value: Double, shard: Int) { cell.record(value, shard: shard) }

    /// Records a finite value in the calling thread's part of the cell, holding no other lock (a
    /// bound handle's path).
    @inline(__always)
    func recordBound(_ value: Double) { cell.record(value) }

    /// Takes the mark set by every measurement; returns whether it was set.
    func takeMark() -> Bool { cell.takeMark() }

    /// Whether a measurement is waiting for the next collection.
    var hasPendingData: Bool { cell.hasPendingData }

    /// The totals, or `nil` when nothing was recorded; `reset` empties the cell (delta).
    func snapshot(reset: Bool) -> HistogramSnapshot? {
        cell.snapshot(reset: reset).map {
            HistogramSnapshot(count: $0.count, sum: $0.sum, min: $0.min, max: $0.max, bucketCounts: $0.buckets)
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
