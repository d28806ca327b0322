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

/// A base-2 exponential histogram series: one ``ExponentialHistogramAccumulator`` per recording
/// shard, each under its own ``SpinLock`` with its own mark, on cache lines of its own (as
/// ``ExplicitHistogramCell`` does for explicit buckets), so that threads recording into the same
/// series do not write the same memory. A collection merges the parts into the histogram one
/// accumulator would have built.
///
/// Safe to share (`@unchecked Sendable`): a part's accumulator is read and written only while
/// holding the part's lock; marks and the salt are atomic; the memory is allocated in init and
/// freed in deinit.
final class ExponentialHistogramSeries: SeriesEntry, @unchecked Sendable {
    /// A part: its lock, its mark (set by every measurement, taken by delta collections) and
    /// its accumulator.
    private struct Part: ~Copyable {
        let lock = SpinLock()
        let marked = Atomic<Bool>(false)
        var accumulator: ExponentialHistogramAccumulator
    }

    /// The salt on the first cache line, then the parts, `stride` bytes apart.
    private let base: UnsafeMutableRawPointer
    private let mask: Int
    private let stride: Int

    init(
        attributes: Attributes, hash: UInt64, startTime: Timestamp, maxSize: Int, maxScale: Int,
        shards: Int = RecordingShards.count
    ) {
        let line = RecordingShards.stride
        stride = (MemoryLayout<Part>.stride + line - 1) / line * line
        mask = shards - 1
        base = .allocate(byteCount: line + shards * stride, alignment: line)
        base.bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(0))
        for shard in 0..<shards {
            (base + line + shard * stride).bindMemory(to: Part.self, capacity: 1).initialize(
                to: Part(accumulator: ExponentialHistogramAccumulator(maxSize: maxSize, maxScale: maxScale)))
        }
        super.init(attributes: attributes, hash: hash, startTime: startTime)
    }

    deinit {
        salt.deinitialize(count: 1)
        for shard in 0...mask { part(shard).deinitialize(count: 1) }
        base.deallocate()
    }

    private var salt: UnsafeMutablePointer<Atomic<UInt64>> { base.assumingMemoryBound(to: Atomic<UInt64>.self) }

    @inline(__always)
    private func part(_ shard: Int) -> UnsafeMutablePointer<Part> {
        (base + RecordingShards.stride + (shard & mask) * stride).assumingMemoryBound(to: Part.self)
    }

    /// Records a finite value in part `shard` (the shard of the series map's lock the caller
    /// holds).
    @inline(__always)
    func record(_ value: Double, shard: Int) {
        part(shard).pointee.lock.lock()
        add(value, shard: shard)
    }

    /// Records a finite value in the calling thread's part, holding no other lock (a bound
    /// handle's path).
    @inline(__always)
    func recordBound(_ value: Double) {
        add(value, shard: RecordingShards.lockThreadShard(salt: salt, mask: mask) { part($0).pointee.lock.tryLock() })
    }

    /// Adds a value to part `shard`, whose lock the caller holds, and releases the lock.
    @inline(__always)
    private func add(_ value: Double, shard: Int) {
        let part = part(shard)
        part.pointee.accumulator.record(value)
        part.pointee.marked.store(true, ordering: .releasing)
        part.pointee.lock.unlock()
    }

    /// Takes the marks; returns whether any was set.
    func takeMark() -> Bool {
        var taken = false
        for shard in 0...mask where part(shard).pointee.marked.exchange(false, ordering: .acquiring) { taken = true }
        return taken
    }

    /// Whether a measurement is waiting for the next collection.
    var hasPendingData: Bool {
        (0...mask).contains { shard in
            let part = part(shard)
            return part.pointee.lock.withLock { part.pointee.accumulator.count > 0 }
                || part.pointee.marked.load(ordering: .acquiring)
        }
    }

    /// The parts merged, or `nil` when nothing was recorded; `reset` empties every part.
    func snapshot(reset: Bool) -> ExponentialHistogramAccumulator? {
        var merged: ExponentialHistogramAccumulator?
        for shard in 0...mask {
            let part = part(shard)
            part.pointee.lock.lock()
            if part.pointee.accumulator.count > 0 {
                if merged == nil {
                    merged = part.pointee.accumulator
                } else {
                    merged?.merge(part.pointee.accumulator)
                }
                if reset { part.pointee.accumulator.reset() }
            }
            part.pointee.lock.unlock()
        }
        return merged
    }
}
