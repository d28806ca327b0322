import Synchronization

/// A sum split into one atomic word per recording shard (see ``RecordingShards``), each on its own
/// cache line, so that threads adding to the same series do not contend; a collection adds the
/// shards up. The SDK of this package keeps a sum series in one, and hands it to
/// ``BoundCounter``, whose `add` then inlines into the caller as one atomic update.
///
/// Each shard holds the value's bits (an `Int64`, or a `Double`'s bits) and a mark telling that a
/// measurement arrived since the mark was last taken. The first cache line holds the cell's salt.
///
/// A value type around memory that ``allocate(shards:)`` makes and ``deallocate()`` frees: its
/// owner (the SDK's series) keeps the memory alive for as long as any copy is used. Safe to
/// share (`@unchecked Sendable`): the memory holds only atomics.
@usableFromInline
package struct ShardedSumCell: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutableRawPointer
    @usableFromInline let mask: Int

    /// A zeroed cell of `shards` shards (a power of two).
    package static func allocate(shards: Int) -> ShardedSumCell {
        let stride = RecordingShards.stride
        let base = UnsafeMutableRawPointer.allocate(byteCount: (shards + 1) * stride, alignment: stride)
        base.bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(0))
        for shard in 1...shards {
            (base + shard * stride).bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(0))
            (base + shard * stride + 8).bindMemory(to: Atomic<Bool>.self, capacity: 1).initialize(to: Atomic(false))
            (base + shard * stride + 16).bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(0))
        }
        return ShardedSumCell(base: base, mask: shards - 1)
    }

    @usableFromInline
    init(base: UnsafeMutableRawPointer, mask: Int) {
        self.base = base
        self.mask = mask
    }

    /// Frees the memory; no copy may be used after.
    package func deallocate() {
        salt.deinitialize(count: 1)
        for shard in 0...mask {
            value(shard).deinitialize(count: 1)
            mark(shard).deinitialize(count: 1)
            writer(shard).deinitialize(count: 1)
        }
        base.deallocate()
    }

    @inlinable @inline(__always)
    var salt: UnsafeMutablePointer<Atomic<UInt64>> { base.assumingMemoryBound(to: Atomic<UInt64>.self) }

    @inlinable @inline(__always)
    func value(_ shard: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + ((shard & mask) &+ 1) &* RecordingShards.stride).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    @inlinable @inline(__always)
    func mark(_ shard: Int) -> UnsafeMutablePointer<Atomic<Bool>> {
        (base + ((shard & mask) &+ 1) &* RecordingShards.stride + 8).assumingMemoryBound(to: Atomic<Bool>.self)
    }

    /// The thread that last added into `shard` with no lock (its ``RecordingShards/threadHash()``).
    @inlinable @inline(__always)
    func writer(_ shard: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (base + ((shard & mask) &+ 1) &* RecordingShards.stride + 16).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    // MARK: - Recording into a shard the caller chose (holding a lock that gave it the shard)

    /// Adds an integer in `shard` (two's complement wraps like `&+`).
    @inline(__always)
    package func add(_ amount: Int64, shard: Int) {
        value(shard).pointee.wrappingAdd(UInt64(bitPattern: amount), ordering: .relaxed)
        mark(shard).pointee.store(true, ordering: .releasing)
    }

    /// Adds a double in `shard`.
    @inline(__always)
    package func add(_ amount: Double, shard: Int) {
        addDouble(amount, into: value(shard))
        mark(shard).pointee.store(true, ordering: .releasing)
    }

    @inlinable @inline(__always)
    func addDouble(_ amount: Double, into cell: UnsafeMutablePointer<Atomic<UInt64>>) {
        var old = cell.pointee.load(ordering: .relaxed)
        while true {
            let (exchanged, current) = cell.pointee.weakCompareExchange(
                expected: old, desired: (Double(bitPattern: old) + amount).bitPattern, successOrdering: .relaxed,
                failureOrdering: .relaxed)
            if exchanged { return }
            old = current
        }
    }

    // MARK: - Recording with no lock (bound handles)

    /// Adds an integer in the calling thread's shard.
    ///
    /// Each shard remembers the last thread that added into it. A thread finding another one's
    /// mark there moves every thread to new shards, so two threads that came to share a shard
    /// drift apart (as in Java's `LongAdder`); reading the mark is off the critical path of the
    /// atomic addition, which a compare-and-swap to detect collisions would lengthen.
    @inlinable @inline(__always)
    package func add(_ amount: Int64) {
        let shard = claimShard()
        value(shard).pointee.wrappingAdd(UInt64(bitPattern: amount), ordering: .relaxed)
        mark(shard).pointee.store(true, ordering: .releasing)
    }

    /// Adds a double in the calling thread's shard; see ``add(_:)-(Int64)``.
    @inlinable @inline(__always)
    package func add(_ amount: Double) {
        let shard = claimShard()
        addDouble(amount, into: value(shard))
        mark(shard).pointee.store(true, ordering: .releasing)
    }

    /// The calling thread's shard, noting the thread as its writer.
    @inlinable @inline(__always)
    func claimShard() -> Int {
        let saltValue = salt.pointee.load(ordering: .relaxed)
        let thread = RecordingShards.threadHash()
        let shard = RecordingShards.shard(thread: thread, salt: saltValue, mask: mask)
        let previous = writer(shard).pointee.load(ordering: .relaxed)
        if previous != thread { claimContended(shard, thread: thread, previous: previous, salt: saltValue) }
        return shard
    }

    @usableFromInline @inline(never)
    func claimContended(_ shard: Int, thread: UInt64, previous: UInt64, salt saltValue: UInt64) {
        writer(shard).pointee.store(thread, ordering: .relaxed)
        // The first writer of a shard takes it; a later one found another thread there.
        if previous != 0 {
            _ = salt.pointee.compareExchange(expected: saltValue, desired: saltValue &+ 1, ordering: .relaxed)
        }
    }

    // MARK: - Collection

    /// Adds up the shards, resetting them when `reset` (each shard is exchanged atomically, so
    /// that an addition racing the collection is either in this sum or stays, marked or not,
    /// for the next). Returns the bits of the total and whether any mark was set.
    package func take(reset: Bool, isDouble: Bool) -> (bits: UInt64, marked: Bool) {
        var integer: UInt64 = 0
        var double: Double = 0
        var marked = false
        for shard in 0...mask {
            let bits =
                reset
                ? value(shard).pointee.exchange(0, ordering: .acquiring)
                : value(shard).pointee.load(ordering: .acquiring)
            let shardMarked =
                reset
                ? mark(shard).pointee.exchange(false, ordering: .acquiring)
                : mark(shard).pointee.load(ordering: .acquiring)
            marked = marked || shardMarked
            if isDouble { double += Double(bitPattern: bits) } else { integer &+= bits }
        }
        return (isDouble ? double.bitPattern : integer, marked)
    }

    /// Whether any shard holds an amount or a mark (an addition not collected yet).
    package var hasPendingData: Bool {
        for shard in 0...mask {
            if value(shard).pointee.load(ordering: .acquiring) != 0 || mark(shard).pointee.load(ordering: .acquiring) {
                return true
            }
        }
        return false
    }
}
