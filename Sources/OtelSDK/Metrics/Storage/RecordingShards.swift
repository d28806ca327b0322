import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Spreads concurrent recorders over a few cache lines, so that threads recording into the same
/// series (or looking series up in the same map) do not write the same memory.
///
/// A recorder picks its shard from its stack address (each thread has its own stack, and
/// reading the address costs nothing) mixed with a salt. When it finds its shard busy, it bumps
/// the salt, which reshuffles every thread's shard: two threads that happened to share one move
/// apart after a few collisions, as in Java's `LongAdder`.
enum RecordingShards {
    /// The number of shards: the number of processors rounded up to a power of two, at most 8.
    static let count: Int = {
        let processors = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var shards = 1
        while shards < processors, shards < 8 { shards <<= 1 }
        return shards
    }()

    /// Bytes between two shards: a cache line.
    static var stride: Int { 64 }

    /// An identifier of the calling thread, read from its stack address.
    @inline(__always)
    static func threadHash() -> UInt64 {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt64(UInt(bitPattern: $0)) } >> 16
    }

    /// The shard of a thread for `salt`, in `0...mask`.
    @inline(__always)
    static func shard(thread: UInt64, salt: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: ((thread ^ salt) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }
}

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

    /// Moves every thread to a new shard assignment after a collision seen with `salt`.
    @inline(never)
    func reshuffle(from salt: UInt64) {
        _ = self.salt.compareExchange(expected: salt, desired: salt &+ 1, ordering: .relaxed)
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
