import OtelAPI
import Synchronization

/// One attribute set's aggregation cell in a metric stream: what the base class holds for every
/// aggregation. Subclasses add the cell itself.
///
/// Safe to share (`@unchecked Sendable`): the stored properties are immutable or atomic, and the
/// subclasses add only atomics or state they guard with a lock of their own.
class SeriesEntry: @unchecked Sendable {
    /// The series' attribute set (filtered by the stream's view).
    let attributes: Attributes
    /// ``SeriesKey/seriesHash(_:)`` of `attributes`.
    let hash: UInt64
    /// When the series was created: the start time of its cumulative points.
    let startTime: Timestamp
    /// How many bound handles record into the series; a pinned series is never forgotten.
    let pins = Atomic<Int>(0)

    init(attributes: Attributes, hash: UInt64, startTime: Timestamp) {
        self.attributes = attributes
        self.hash = hash
        self.startTime = startTime
    }

    /// Whether the series is pinned by a bound handle.
    final var isPinned: Bool { pins.load(ordering: .relaxed) > 0 }
}

/// A sum cell split into one atomic word per recording shard (see ``RecordingShards``), each on
/// its own cache line, so that threads adding to the same series do not contend; a collection
/// adds the shards up.
///
/// Each shard holds the value's bits (an `Int64`, or a `Double`'s bits) and a mark telling that a
/// measurement arrived since the mark was last taken.
///
/// Safe to share (`@unchecked Sendable`): the shards are atomics in memory allocated in init and
/// freed in deinit.
final class SumSeries: SeriesEntry, @unchecked Sendable {
    private let shards: UnsafeMutableRawPointer
    private let mask: Int

    init(attributes: Attributes, hash: UInt64, startTime: Timestamp, shards count: Int) {
        mask = count - 1
        shards = .allocate(byteCount: count * RecordingShards.stride, alignment: RecordingShards.stride)
        for shard in 0..<count {
            let base = shards + shard * RecordingShards.stride
            base.bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(0))
            (base + 8).bindMemory(to: Atomic<Bool>.self, capacity: 1).initialize(to: Atomic(false))
        }
        super.init(attributes: attributes, hash: hash, startTime: startTime)
    }

    deinit {
        for shard in 0...mask {
            value(shard).deinitialize(count: 1)
            mark(shard).deinitialize(count: 1)
        }
        shards.deallocate()
    }

    @inline(__always)
    private func value(_ shard: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        (shards + (shard & mask) * RecordingShards.stride).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    @inline(__always)
    private func mark(_ shard: Int) -> UnsafeMutablePointer<Atomic<Bool>> {
        (shards + (shard & mask) * RecordingShards.stride + 8).assumingMemoryBound(to: Atomic<Bool>.self)
    }

    /// Adds an integer in `shard` (two's complement wraps like `&+`).
    @inline(__always)
    func add(_ amount: Int64, shard: Int) {
        value(shard).pointee.wrappingAdd(UInt64(bitPattern: amount), ordering: .relaxed)
        mark(shard).pointee.store(true, ordering: .releasing)
    }

    /// Adds a double in `shard`.
    @inline(__always)
    func add(_ amount: Double, shard: Int) {
        let cell = value(shard)
        var old = cell.pointee.load(ordering: .relaxed)
        while true {
            let (exchanged, current) = cell.pointee.weakCompareExchange(
                expected: old, desired: (Double(bitPattern: old) + amount).bitPattern, successOrdering: .relaxed,
                failureOrdering: .relaxed)
            if exchanged { break }
            old = current
        }
        mark(shard).pointee.store(true, ordering: .releasing)
    }

    /// Adds through a bound handle, which holds no shard lock: picks the thread's shard for
    /// `salt`, and reports a collision (the shard's word changed under it) by returning `false`
    /// after still completing the addition, so that the caller can reshuffle the shards.
    @inline(__always)
    func addUnlocked(_ amount: Int64, thread: UInt64, salt: UInt64) -> Bool {
        let shard = RecordingShards.shard(thread: thread, salt: salt, mask: mask)
        let cell = value(shard)
        let old = cell.pointee.load(ordering: .relaxed)
        let (exchanged, _) = cell.pointee.compareExchange(
            expected: old, desired: old &+ UInt64(bitPattern: amount), ordering: .relaxed)
        if !exchanged { cell.pointee.wrappingAdd(UInt64(bitPattern: amount), ordering: .relaxed) }
        mark(shard).pointee.store(true, ordering: .releasing)
        return exchanged
    }

    /// The double counterpart of ``addUnlocked(_:thread:salt:)-(Int64,_,_)``.
    @inline(__always)
    func addUnlocked(_ amount: Double, thread: UInt64, salt: UInt64) -> Bool {
        let shard = RecordingShards.shard(thread: thread, salt: salt, mask: mask)
        let cell = value(shard)
        var old = cell.pointee.load(ordering: .relaxed)
        var collided = false
        while true {
            let (exchanged, current) = cell.pointee.compareExchange(
                expected: old, desired: (Double(bitPattern: old) + amount).bitPattern, ordering: .relaxed)
            if exchanged { break }
            collided = true
            old = current
        }
        mark(shard).pointee.store(true, ordering: .releasing)
        return !collided
    }

    /// Takes the sum: with `reset`, empties every shard (the amount first, then the mark, so
    /// that an addition racing the collection is either in this sum or stays, marked or not,
    /// for the next). Returns the bits of the total and whether any mark was set.
    func take(reset: Bool, isDouble: Bool) -> (bits: UInt64, marked: Bool) {
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
    var hasPendingData: Bool {
        for shard in 0...mask {
            if value(shard).pointee.load(ordering: .acquiring) != 0 || mark(shard).pointee.load(ordering: .acquiring) {
                return true
            }
        }
        return false
    }
}

/// A last-value cell: one atomic word holding an `Int64` or a `Double`'s bits, and a mark.
final class LastValueSeries: SeriesEntry, @unchecked Sendable {
    /// The value's bits.
    let bits = Atomic<UInt64>(0)
    /// Set by every measurement; taken by delta collections.
    let marked = Atomic<Bool>(false)

    /// Replaces the value.
    @inline(__always)
    func set(bits newBits: UInt64) {
        bits.store(newBits, ordering: .relaxed)
        marked.store(true, ordering: .releasing)
    }
}
