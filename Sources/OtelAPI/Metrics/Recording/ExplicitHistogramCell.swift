import Synchronization

/// An explicit-bucket histogram series' state: count, sum, min, max and bucket counts, split
/// into one part per recording shard (see ``RecordingShards``) so that threads recording into
/// the same series do not write the same memory. Each part sits on cache lines of its own and is
/// updated under its own ``SpinLock``, with a mark telling that a measurement arrived since the
/// mark was last taken; a collection merges the parts. A measurement lands whole in one part, so
/// the merged point is always consistent (its count is the sum of its buckets). The SDK of this
/// package keeps a histogram series in one and hands it to ``BoundHistogram``, whose `record`
/// then inlines into the caller.
///
/// A value type around memory that ``allocate(bounds:count:shards:)`` makes and
/// ``deallocate()`` frees; its owner (the SDK's series, which also keeps `bounds` alive)
/// outlives every copy in use. Safe to share (`@unchecked Sendable`): a part's totals and
/// buckets are read and written only while holding its lock; the marks and the salt are atomic.
@usableFromInline
package struct ExplicitHistogramCell: @unchecked Sendable {
    /// The first cache line holds the salt that spreads threads over the parts (``record(_:)``);
    /// each part follows at `stride` bytes. A part's bytes: 0–3 its lock; 8 its mark; 16 count;
    /// 24 sum; 32 min; 40 max; 48 on, the buckets.
    @usableFromInline let base: UnsafeMutableRawPointer
    /// The bucket bounds, ascending (one fewer than the buckets).
    @usableFromInline let bounds: UnsafePointer<Double>
    @usableFromInline let boundCount: Int
    /// The number of parts minus one (a power of two minus one).
    @usableFromInline let mask: Int
    /// Bytes between two parts: whole cache lines.
    @usableFromInline let stride: Int

    /// An empty cell for `count` bounds at `bounds`, which the caller keeps alive, in `shards`
    /// parts (a power of two).
    package static func allocate(
        bounds: UnsafePointer<Double>, count: Int, shards: Int = RecordingShards.count
    ) -> ExplicitHistogramCell {
        let line = RecordingShards.stride
        let stride = (48 + (count + 1) * 8 + line - 1) / line * line
        let base = UnsafeMutableRawPointer.allocate(byteCount: line + shards * stride, alignment: line)
        base.bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(0))
        let cell = ExplicitHistogramCell(
            base: base, bounds: bounds, boundCount: count, mask: shards - 1, stride: stride)
        for shard in 0..<shards {
            let part = cell.part(shard)
            part.bindMemory(to: SpinLock.self, capacity: 1).initialize(to: SpinLock())
            (part + 8).bindMemory(to: Atomic<Bool>.self, capacity: 1).initialize(to: Atomic(false))
            (part + 16).bindMemory(to: UInt64.self, capacity: 1).initialize(to: 0)
            let totals = (part + 24).bindMemory(to: Double.self, capacity: 3)
            totals.initialize(to: 0)
            (totals + 1).initialize(to: .infinity)
            (totals + 2).initialize(to: -.infinity)
            (part + 48).bindMemory(to: UInt64.self, capacity: count + 1).initialize(repeating: 0, count: count + 1)
        }
        return cell
    }

    @usableFromInline
    init(base: UnsafeMutableRawPointer, bounds: UnsafePointer<Double>, boundCount: Int, mask: Int, stride: Int) {
        self.base = base
        self.bounds = bounds
        self.boundCount = boundCount
        self.mask = mask
        self.stride = stride
    }

    /// Frees the memory; no copy may be used after.
    package func deallocate() {
        salt.deinitialize(count: 1)
        for shard in 0...mask {
            lock(shard).deinitialize(count: 1)
            marked(shard).deinitialize(count: 1)
        }
        base.deallocate()
    }

    @inlinable @inline(__always)
    var salt: UnsafeMutablePointer<Atomic<UInt64>> { base.assumingMemoryBound(to: Atomic<UInt64>.self) }
    @inlinable @inline(__always)
    func part(_ shard: Int) -> UnsafeMutableRawPointer { base + (RecordingShards.stride &+ (shard & mask) &* stride) }
    @inlinable @inline(__always)
    func lock(_ shard: Int) -> UnsafeMutablePointer<SpinLock> { part(shard).assumingMemoryBound(to: SpinLock.self) }
    @inlinable @inline(__always)
    func marked(_ shard: Int) -> UnsafeMutablePointer<Atomic<Bool>> {
        (part(shard) + 8).assumingMemoryBound(to: Atomic<Bool>.self)
    }
    @inlinable @inline(__always)
    func count(_ shard: Int) -> UnsafeMutablePointer<UInt64> { (part(shard) + 16).assumingMemoryBound(to: UInt64.self) }
    /// Sum, min and max, in that order.
    @inlinable @inline(__always)
    func totals(_ shard: Int) -> UnsafeMutablePointer<Double> {
        (part(shard) + 24).assumingMemoryBound(to: Double.self)
    }
    @inlinable @inline(__always)
    func buckets(_ shard: Int) -> UnsafeMutablePointer<UInt64> {
        (part(shard) + 48).assumingMemoryBound(to: UInt64.self)
    }

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

    /// Records a finite value in the calling thread's part. A thread that finds its part locked
    /// by another moves every thread to new parts (``RecordingShards/lockThreadShard(salt:mask:tryLock:)``),
    /// so two threads that came to share one drift apart.
    @inlinable @inline(__always)
    package func record(_ value: Double) {
        let bucket = bucketIndex(value)
        let shard = RecordingShards.lockThreadShard(salt: salt, mask: mask) { lock($0).pointee.tryLock() }
        add(value, bucket: bucket, shard: shard)
    }

    /// Records a finite value in part `shard`, chosen by the caller (the shard of a lock it holds,
    /// which no other thread holds meanwhile, so the part's lock is free but for bound handles).
    @inlinable @inline(__always)
    package func record(_ value: Double, shard: Int) {
        let bucket = bucketIndex(value)
        lock(shard).pointee.lock()
        add(value, bucket: bucket, shard: shard)
    }

    /// Adds a measurement to part `shard`, whose lock the caller holds, and releases the lock.
    @inlinable @inline(__always)
    func add(_ value: Double, bucket: Int, shard: Int) {
        count(shard).pointee &+= 1
        let totals = totals(shard)
        totals[0] += value
        if value < totals[1] { totals[1] = value }
        if value > totals[2] { totals[2] = value }
        buckets(shard)[bucket] &+= 1
        marked(shard).pointee.store(true, ordering: .releasing)
        lock(shard).pointee.unlock()
    }

    /// Whether a measurement is waiting for the next collection.
    package var hasPendingData: Bool {
        (0...mask).contains { shard in
            lock(shard).pointee.withLock { count(shard).pointee > 0 }
                || marked(shard).pointee.load(ordering: .acquiring)
        }
    }

    /// Takes the marks; returns whether any was set.
    package func takeMark() -> Bool {
        var taken = false
        for shard in 0...mask where marked(shard).pointee.exchange(false, ordering: .acquiring) { taken = true }
        return taken
    }

    /// The totals of every part merged, or `nil` when nothing was recorded; `reset` empties the
    /// parts (delta).
    package func snapshot(reset: Bool) -> (count: UInt64, sum: Double, min: Double, max: Double, buckets: [UInt64])? {
        var merged: (count: UInt64, sum: Double, min: Double, max: Double) = (0, 0, .infinity, -.infinity)
        var bucketCounts: [UInt64] = []
        for shard in 0...mask {
            lock(shard).pointee.withLock {
                let count = count(shard)
                guard count.pointee > 0 else { return }
                let totals = totals(shard)
                let buckets = buckets(shard)
                merged.count &+= count.pointee
                merged.sum += totals[0]
                merged.min = Swift.min(merged.min, totals[1])
                merged.max = Swift.max(merged.max, totals[2])
                if bucketCounts.isEmpty {
                    bucketCounts = Array(UnsafeBufferPointer(start: buckets, count: bucketCount))
                } else {
                    for index in 0..<bucketCount { bucketCounts[index] &+= buckets[index] }
                }
                if reset {
                    count.pointee = 0
                    totals[0] = 0
                    totals[1] = .infinity
                    totals[2] = -.infinity
                    buckets.update(repeating: 0, count: bucketCount)
                }
            }
        }
        guard merged.count > 0 else { return nil }
        return (merged.count, merged.sum, merged.min, merged.max, bucketCounts)
    }
}
