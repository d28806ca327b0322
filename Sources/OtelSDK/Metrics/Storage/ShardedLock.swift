import Synchronization

/// A reader-writer lock made of one ``SpinLock`` per shard, each on its own cache line: a reader
/// (a recorder looking a series up) takes only its shard's lock, so readers on different threads
/// never touch the same memory; a writer (creating or forgetting a series) takes every shard's
/// lock, in order.
///
/// Safe to share (`@unchecked Sendable`): the salt and the locks live in memory allocated in
/// init and freed in deinit; the salt is atomic.
final class ShardedLock: @unchecked Sendable {
    /// `count - 1`, the number of shards being a power of two.
    let mask: Int
    /// The salt that reshuffles the threads' shards when two collide (see ``RecordingShards``)
    /// on the first cache line, then one lock per cache line.
    private let memory: UnsafeMutableRawPointer

    /// A lock of `shards` shards (a power of two).
    init(shards: Int) {
        mask = shards - 1
        memory = .allocate(byteCount: (shards + 1) * RecordingShards.stride, alignment: RecordingShards.stride)
        memory.bindMemory(to: Atomic<UInt64>.self, capacity: 1).initialize(to: Atomic(0))
        for shard in 0..<shards {
            (memory + (shard + 1) * RecordingShards.stride).bindMemory(to: SpinLock.self, capacity: 1).initialize(
                to: SpinLock())
        }
    }

    deinit {
        salt.deinitialize(count: 1)
        for shard in 0...mask { lock(shard).deinitialize(count: 1) }
        memory.deallocate()
    }

    @inline(__always)
    private var salt: UnsafeMutablePointer<Atomic<UInt64>> { memory.assumingMemoryBound(to: Atomic<UInt64>.self) }

    @inline(__always)
    private func lock(_ shard: Int) -> UnsafeMutablePointer<SpinLock> {
        (memory + (shard + 1) * RecordingShards.stride).assumingMemoryBound(to: SpinLock.self)
    }

    /// Takes the calling thread's shard for reading; returns the shard, to pass to
    /// ``unlockShared(_:)`` and to use as the index of per-shard cells. A thread finding its
    /// shard taken moves every thread to a new shard assignment
    /// (``RecordingShards/lockThreadShard(salt:mask:tryLock:)``); a writer holding every shard
    /// makes it spin until the writer is done.
    @inline(__always)
    func lockShared() -> Int {
        let thread = RecordingShards.threadHash()
        let shard = RecordingShards.shard(thread: thread, salt: salt.pointee.load(ordering: .relaxed), mask: mask)
        if lock(shard).pointee.tryLock() { return shard }
        return lockSharedContended(thread)
    }

    /// The busy half of ``lockShared()``, kept out of line so that the closure it passes exists
    /// only here: with the whole of ``RecordingShards/lockThreadShard(salt:mask:tryLock:)``
    /// inlined, a call with 3 attributes ran 14 more instructions (callgrind).
    @inline(never)
    private func lockSharedContended(_ thread: UInt64) -> Int {
        RecordingShards.lockThreadShardContended(thread: thread, salt: salt, mask: mask) { lock($0).pointee.tryLock() }
    }

    /// Releases a shard taken by ``lockShared()``.
    @inline(__always)
    func unlockShared(_ shard: Int) {
        lock(shard).pointee.unlock()
    }

    /// Takes every shard: no reader holds one until ``unlockExclusive()``.
    func lockExclusive() {
        for shard in 0...mask { lock(shard).pointee.lock() }
    }

    /// Releases every shard.
    func unlockExclusive() {
        for shard in 0...mask { lock(shard).pointee.unlock() }
    }
}
