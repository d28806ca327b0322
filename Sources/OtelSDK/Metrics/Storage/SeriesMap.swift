import OtelAPI
import Synchronization

/// The series of one metric stream, by attribute set: the structure every measurement goes
/// through, built so that recording into an existing series allocates nothing and writes no
/// memory that another thread recording at the same time writes.
///
/// One open-addressing table holds the series, guarded by a ``ShardedLock``: a lookup hashes the
/// caller's attributes in place (``SeriesKey``), takes the calling thread's shard of the lock,
/// probes, compares the stored set in place and updates the series while still holding the
/// shard, so that delta collection, which forgets idle series under the whole lock, can never
/// drop a measurement in flight. Creating a series takes the whole lock for a moment.
///
/// At most `limit` series exist; later attribute sets record into the single ``overflow``
/// series, whose attribute is `otel.metric.overflow=true`.
///
/// Safe to share (`@unchecked Sendable`): the table is read only under a shard of `lock` and
/// written only under the whole of it; `liveCount` is atomic; the other properties are
/// immutable.
final class SeriesMap<Series: SeriesEntry>: @unchecked Sendable {
    /// The attribute keys kept, or `nil` for all.
    let filter: KeptAttributeKeys?
    /// The most series (not counting the overflow series).
    let limit: Int
    /// The series of measurements whose attribute set found no room.
    let overflow: Series
    /// The lock; its shards also index per-shard cells (``SumSeries``).
    let lock: ShardedLock

    private let filterOwner: AttributeKeyFilter?
    private let table: UnsafeMutablePointer<SeriesTable<Series>>
    private let liveCount = Atomic<Int>(0)
    private let makeSeries: (Attributes, UInt64, Timestamp) -> Series

    /// Creates an empty map.
    ///
    /// - Parameters:
    ///   - limit: the cardinality limit.
    ///   - filter: the attribute keys to keep.
    ///   - makeSeries: makes a series for an attribute set, its hash and its start time.
    init(limit: Int, filter: AttributeKeyFilter?, makeSeries: @escaping (Attributes, UInt64, Timestamp) -> Series) {
        self.limit = max(0, limit)
        filterOwner = filter
        self.filter = filter?.kept
        self.makeSeries = makeSeries
        lock = ShardedLock(shards: RecordingShards.count)
        let attributes = MetricOverflow.attributes
        overflow = makeSeries(attributes, attributes.seriesHash(nil), .now())
        table = .allocate(capacity: 1)
        table.initialize(to: SeriesTable())
    }

    deinit {
        table.pointee.releaseAll()
        table.deinitialize(count: 1)
        table.deallocate()
    }

    /// The number of series, not counting the overflow series.
    var count: Int { liveCount.load(ordering: .relaxed) }

    /// Finds the series of `key` holding a shard of the lock, or returns `nil` (nothing held)
    /// when it does not exist. Update the series, then release the shard with
    /// ``LockedSeries/unlock()``.
    ///
    /// - Parameters:
    ///   - key: the attributes as the caller holds them.
    ///   - hash: `key.seriesHash(filter)`.
    @inline(__always)
    func lockExisting<Key: SeriesKey>(_ key: Key, hash: UInt64) -> LockedSeries<Series>? {
        let shard = lock.lockShared()
        if let found = table.pointee.find(hash: hash, key: key, filter: filter) {
            return LockedSeries(series: found, shard: shard, lock: Unmanaged.passUnretained(lock))
        }
        lock.unlockShared(shard)
        return nil
    }

    /// Runs `update` on the series of `key`, creating it when it does not exist, holding the
    /// whole lock: the slow half of recording, after ``lockExisting(_:hash:)`` found nothing.
    ///
    /// `admit` decides whether a series may be created (it is called outside any lock, at most
    /// once); on refusal nothing is recorded and the result is `false`. Past the cardinality
    /// limit the overflow series is updated instead. `update` receives a shard index to use.
    @inline(never)
    func withNewSeries<Key: SeriesKey>(
        _ key: Key, hash: UInt64, admit: () -> Bool, _ update: (Series, Int) -> Void
    ) -> Bool {
        guard admit() else { return false }
        let attributes = key.canonicalAttributes(filter)
        // Repeated keys change the hash of the raw pairs; look the canonical set up by its own.
        let canonicalHash = key.mayRepeatKeys ? attributes.seriesHash(nil) : hash
        lock.lockExclusive()
        defer { lock.unlockExclusive() }
        if let found = table.pointee.find(hash: canonicalHash, key: attributes, filter: nil) {
            found._withUnsafeGuaranteedRef { update($0, 0) }
        } else if liveCount.load(ordering: .relaxed) < limit {
            let series = makeSeries(attributes, canonicalHash, .now())
            table.pointee.insert(series)
            liveCount.wrappingAdd(1, ordering: .relaxed)
            update(series, 0)
        } else {
            update(overflow, 0)
        }
        return true
    }

    /// The series of `key`, pinned so that delta collection keeps it for a bound handle; undo
    /// by decrementing its `pins`.
    func pin<Key: SeriesKey>(_ key: Key) -> Series {
        let hash = key.seriesHash(filter)
        if let locked = lockExisting(key, hash: hash) {
            let series = locked.series.takeUnretainedValue()
            series.pins.wrappingAdd(1, ordering: .relaxed)
            locked.unlock()
            return series
        }
        var pinned = overflow
        _ = withNewSeries(key, hash: hash, admit: { true }) { series, _ in
            series.pins.wrappingAdd(1, ordering: .relaxed)
            pinned = series
        }
        return pinned
    }

    /// Visits every series (not the overflow series) holding a shard of the lock: recorders keep
    /// recording meanwhile, and no series is forgotten.
    func forEach(_ body: (Series) -> Void) {
        let shard = lock.lockShared()
        defer { lock.unlockShared(shard) }
        table.pointee.forEach(body)
    }

    /// Forgets the series `shouldForget` selects, holding the whole lock: no recorder is in the
    /// middle of a measurement meanwhile.
    func forget(where shouldForget: (Series) -> Bool) {
        lock.lockExclusive()
        let removed = table.pointee.retain { !shouldForget($0) }
        lock.unlockExclusive()
        if removed > 0 { liveCount.wrappingSubtract(removed, ordering: .relaxed) }
    }
}

/// A series found with a shard of its map's lock held.
struct LockedSeries<Series: SeriesEntry> {
    /// The series, kept alive by the map while the shard is held.
    let series: Unmanaged<Series>
    /// The shard held, also the index of the cell shard to update.
    let shard: Int
    let lock: Unmanaged<ShardedLock>

    /// Releases the shard.
    @inline(__always)
    func unlock() { lock._withUnsafeGuaranteedRef { $0.unlockShared(shard) } }
}

/// The open-addressing table of a ``SeriesMap`` (linear probing, at most half full).
struct SeriesTable<Series: SeriesEntry> {
    private var slots: UnsafeMutablePointer<Unmanaged<Series>?>?
    private var capacity = 0
    private var count = 0

    init() {}

    @inline(__always)
    func find<Key: SeriesKey>(hash: UInt64, key: Key, filter: KeptAttributeKeys?) -> Unmanaged<Series>? {
        guard let slots else { return nil }
        let mask = capacity - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while let series = slots[index] {
            if series._withUnsafeGuaranteedRef({ $0.hash == hash && key.matches($0.attributes, filter) }) {
                return series
            }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Adds a series (retaining it), growing the table when it would be more than half full.
    mutating func insert(_ series: Series) {
        if (count + 1) * 2 > capacity { rehash(capacity: Swift.max(8, capacity * 2)) }
        place(Unmanaged.passRetained(series))
        count += 1
    }

    private mutating func place(_ series: Unmanaged<Series>) {
        guard let slots else { return }
        let mask = capacity - 1
        var index = Int(truncatingIfNeeded: series._withUnsafeGuaranteedRef { $0.hash }) & mask
        while slots[index] != nil { index = (index + 1) & mask }
        slots[index] = series
    }

    private mutating func rehash(capacity newCapacity: Int) {
        let old = slots
        let oldCapacity = capacity
        let fresh = UnsafeMutablePointer<Unmanaged<Series>?>.allocate(capacity: newCapacity)
        fresh.initialize(repeating: nil, count: newCapacity)
        slots = fresh
        capacity = newCapacity
        if let old {
            for index in 0..<oldCapacity {
                if let series = old[index] { place(series) }
            }
            old.deallocate()
        }
    }

    func forEach(_ body: (Series) -> Void) {
        guard let slots else { return }
        for index in 0..<capacity {
            if let series = slots[index] { series._withUnsafeGuaranteedRef(body) }
        }
    }

    /// Keeps the series `keep` accepts and releases the others; returns how many went.
    mutating func retain(where keep: (Series) -> Bool) -> Int {
        guard let slots else { return 0 }
        var kept: [Unmanaged<Series>] = []
        var removed = 0
        for index in 0..<capacity {
            guard let series = slots[index] else { continue }
            if series._withUnsafeGuaranteedRef(keep) {
                kept.append(series)
            } else {
                series.release()
                removed += 1
            }
        }
        guard removed > 0 else { return 0 }
        // Linear probing cannot simply clear a slot; rebuild from the survivors.
        slots.update(repeating: nil, count: capacity)
        for series in kept { place(series) }
        count = kept.count
        return removed
    }

    mutating func releaseAll() {
        guard let slots else { return }
        for index in 0..<capacity { slots[index]?.release() }
        slots.deallocate()
        self.slots = nil
        capacity = 0
        count = 0
    }
}
