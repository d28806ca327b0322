import Synchronization

/// An explicit-bucket histogram series' state: count, sum, min, max and bucket counts, updated
/// together under a ``SpinLock`` so that a collection always sees a consistent point, and a mark
/// telling that a measurement arrived since the mark was last taken. The SDK of this package
/// keeps a histogram series in one and hands it to ``BoundHistogram``, whose `record` then
/// inlines into the caller.
///
/// A value type around memory that ``allocate(bounds:count:)`` makes and ``deallocate()`` frees;
/// its owner (the SDK's series, which also keeps `bounds` alive) outlives every copy in use.
/// Safe to share (`@unchecked Sendable`): the totals and buckets are read and written only while
/// holding the lock; the mark is atomic.
@usableFromInline
package struct ExplicitHistogramCell: @unchecked Sendable {
    /// Bytes 0–3: the lock; 8: the mark; 16: count; 24: sum; 32: min; 40: max; 48 on: buckets.
    @usableFromInline let base: UnsafeMutableRawPointer
    /// The bucket bounds, ascending (one fewer than the buckets).
    @usableFromInline let bounds: UnsafePointer<Double>
    @usableFromInline let boundCount: Int

    /// An empty cell for `count` bounds at `bounds`, which the caller keeps alive.
    package static func allocate(bounds: UnsafePointer<Double>, count: Int) -> ExplicitHistogramCell {
        let base = UnsafeMutableRawPointer.allocate(byteCount: 48 + (count + 1) * 8, alignment: 64)
        base.bindMemory(to: SpinLock.self, capacity: 1).initialize(to: SpinLock())
        (base + 8).bindMemory(to: Atomic<Bool>.self, capacity: 1).initialize(to: Atomic(false))
        (base + 16).bindMemory(to: UInt64.self, capacity: 1).initialize(to: 0)
        let totals = (base + 24).bindMemory(to: Double.self, capacity: 3)
        totals.initialize(to: 0)
        (totals + 1).initialize(to: .infinity)
        (totals + 2).initialize(to: -.infinity)
        (base + 48).bindMemory(to: UInt64.self, capacity: count + 1).initialize(repeating: 0, count: count + 1)
        return ExplicitHistogramCell(base: base, bounds: bounds, boundCount: count)
    }

    @usableFromInline
    init(base: UnsafeMutableRawPointer, bounds: UnsafePointer<Double>, boundCount: Int) {
        self.base = base
        self.bounds = bounds
        self.boundCount = boundCount
    }

    /// Frees the memory; no copy may be used after.
    package func deallocate() {
        lock.deinitialize(count: 1)
        marked.deinitialize(count: 1)
        base.deallocate()
    }

    @inlinable @inline(__always)
    var lock: UnsafeMutablePointer<SpinLock> { base.assumingMemoryBound(to: SpinLock.self) }
    @inlinable @inline(__always)
    var marked: UnsafeMutablePointer<Atomic<Bool>> { (base + 8).assumingMemoryBound(to: Atomic<Bool>.self) }
    @inlinable @inline(__always)
    var count: UnsafeMutablePointer<UInt64> { (base + 16).assumingMemoryBound(to: UInt64.self) }
    /// Sum, min and max, in that order.
    @inlinable @inline(__always)
    var totals: UnsafeMutablePointer<Double> { (base + 24).assumingMemoryBound(to: Double.self) }
    @inlinable @inline(__always)
    var buckets: UnsafeMutablePointer<UInt64> { (base + 48).assumingMemoryBound(to: UInt64.self) }

    /// The number of buckets: one more than the bounds.
    package var bucketCount: Int { boundCount + 1 }

    /// The bucket of `value`: the first whose upper bound is at least `value`.
    @inlinable @inline(__always)
    package func bucketIndex(_ value: Double) -> Int {
        var low = 0
        var high = boundCount
        while low < high {
            let middle = (low &+ high) >> 1
            if value <= bounds[middle] { high = middle } else { low = middle &+ 1 }
        }
        return low
    }

    /// Records a finite value.
    @inlinable @inline(__always)
    package func record(_ value: Double) {
        let bucket = bucketIndex(value)
        lock.pointee.lock()
        count.pointee &+= 1
        totals[0] += value
        if value < totals[1] { totals[1] = value }
        if value > totals[2] { totals[2] = value }
        buckets[bucket] &+= 1
        marked.pointee.store(true, ordering: .releasing)
        lock.pointee.unlock()
    }

    /// Whether a measurement is waiting for the next collection.
    package var hasPendingData: Bool {
        lock.pointee.withLock { count.pointee > 0 } || marked.pointee.load(ordering: .acquiring)
    }

    /// Takes the mark; returns whether it was set.
    package func takeMark() -> Bool { marked.pointee.exchange(false, ordering: .acquiring) }

    /// The totals, or `nil` when nothing was recorded; `reset` empties the cell (delta).
    package func snapshot(reset: Bool) -> (count: UInt64, sum: Double, min: Double, max: Double, buckets: [UInt64])? {
        lock.pointee.withLock {
            guard count.pointee > 0 else { return nil }
            let snapshot = (
                count.pointee, totals[0], totals[1], totals[2],
                Array(UnsafeBufferPointer(start: buckets, count: bucketCount))
            )
            if reset {
                count.pointee = 0
                totals[0] = 0
                totals[1] = .infinity
                totals[2] = -.infinity
                buckets.update(repeating: 0, count: bucketCount)
            }
            return snapshot
        }
    }
}
