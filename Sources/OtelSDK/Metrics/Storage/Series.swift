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

/// A sum series: its cell is split into one atomic word per recording shard (see
/// ``ShardedSumCell``), so that threads adding to the same series do not contend; a collection
/// adds the shards up.
///
/// Safe to share (`@unchecked Sendable`): the cell holds only atomics, in memory allocated in
/// init and freed in deinit.
final class SumSeries: SeriesEntry, @unchecked Sendable {
    /// The cell; bound counters record straight into it.
    let cell: ShardedSumCell

    init(attributes: Attributes, hash: UInt64, startTime: Timestamp, shards count: Int) {
        cell = .allocate(shards: count)
        super.init(attributes: attributes, hash: hash, startTime: startTime)
    }

    deinit { cell.deallocate() }

    /// Adds an integer in `shard` (two's complement wraps like `&+`).
    @inline(__always)
    func add(_ amount: Int64, shard: Int) { cell.add(amount, shard: shard) }

    /// Adds a double in `shard`.
    @inline(__always)
    func add(_ amount: Double, shard: Int) { cell.add(amount, shard: shard) }

    /// Adds up the shards; see ``ShardedSumCell/take(reset:isDouble:)``.
    func take(reset: Bool, isDouble: Bool) -> (bits: UInt64, marked: Bool) {
        cell.take(reset: reset, isDouble: isDouble)
    }

    /// Whether any shard holds an amount or a mark (an addition not collected yet).
    var hasPendingData: Bool { cell.hasPendingData }
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
