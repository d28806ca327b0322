import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A reader-writer lock made of one ``SpinLock`` per shard, each on its own cache line: a reader
/// (a recorder looking a series up) takes only its shard's lock, so readers on different threads
/// never touch the same memory; a writer (creating or forgetting a series) takes every shard's
/// lock, in order.
///
/// Safe to share (`@unchecked Sendable`): the locks live in memory allocated in init and freed
/// in deinit; `salt` is atomic.
final class ShardedLock: @unchecked Sendable {
    /// `count - 1`, the number of shards being a power of two.
    let mask: Int
    /// Reshuffles the threads' shards when two collide (see ``RecordingShards``).
    let salt = Atomic<UInt64>(0)
    private let locks: UnsafeMutableRawPointer

    /// A lock of `shards` shards (a power of two).
    init(shards: Int) {
        mask = shards - 1
        locks = .allocate(byteCount: shards * RecordingShards.stride, alignment: RecordingShards.stride)
        for shard in 0..<shards {
            (locks + shard * RecordingShards.stride).bindMemory(to: SpinLock.self, capacity: 1).initialize(
                to: SpinLock())
        }
    }

    deinit {
        for shard in 0...mask { lock(shard).deinitialize(count: 1) }
        locks.deallocate()
    }

    @inline(__always)
    private func lock(_ shard: Int) -> UnsafeMutablePointer<SpinLock> {
        (locks + shard * RecordingShards.stride).assumingMemoryBound(to: SpinLock.self)
    }

    /// Takes the calling thread's shard for reading; returns the shard, to pass to
    /// ``unlockShared(_:)`` and to use as the index of per-shard cells.
    @inline(__always)
    func lockShared() -> Int {
        let shard = RecordingShards.shard(
            thread: RecordingShards.threadHash(), salt: salt.load(ordering: .relaxed), mask: mask)
        if lock(shard).pointee.tryLock() { return shard }
        return lockSharedContended()
    }

    @inline(never)
    private func lockSharedContended() -> Int {
        let thread = RecordingShards.threadHash()
        var attempts = 0
        while true {
            // Another thread holds this shard: move every thread to a new shard assignment, so
            // that two threads sharing one drift apart. A writer holding every shard makes this
            // spin until it is done.
            let current = salt.load(ordering: .relaxed)
            _ = salt.compareExchange(expected: current, desired: current &+ 1, ordering: .relaxed)
            let shard = RecordingShards.shard(thread: thread, salt: current &+ 1, mask: mask)
            if lock(shard).pointee.tryLock() { return shard }
            attempts += 1
            if attempts >= 16 {
                sched_yield()
                attempts = 0
            }
        }
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
