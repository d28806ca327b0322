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
///
/// It lives in OtelAPI, for the SDK of this package only, because ``BoundCounter`` inlines the
/// recording into the caller.
@usableFromInline
package enum RecordingShards {
    /// The number of shards: the number of processors rounded up to a power of two, at most 8.
    package static let count: Int = {
        let processors = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var shards = 1
        while shards < processors, shards < 8 { shards <<= 1 }
        return shards
    }()

    /// Bytes between two shards: a cache line.
    @inlinable
    package static var stride: Int { 64 }

    /// An identifier of the calling thread, read from its stack address.
    @inlinable @inline(__always)
    package static func threadHash() -> UInt64 {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt64(UInt(bitPattern: $0)) } >> 16
    }

    /// The shard of a thread for `salt`, in `0...mask`.
    @inlinable @inline(__always)
    package static func shard(thread: UInt64, salt: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: ((thread ^ salt) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }
}

extension RecordingShards {
    /// Takes the lock of the calling thread's shard among `mask + 1` shards, chosen with the salt
    /// at `salt`, through `tryLock(shard)`. When that lock is busy, bumps the salt (which moves
    /// every thread to a new shard, so that two threads sharing one drift apart) and tries the
    /// thread's new shard, yielding now and then. Returns the shard whose lock the caller holds.
    @inlinable @inline(__always)
    package static func lockThreadShard(
        salt: UnsafeMutablePointer<Atomic<UInt64>>, mask: Int, tryLock: (Int) -> Bool
    ) -> Int {
        let thread = threadHash()
        let shard = shard(thread: thread, salt: salt.pointee.load(ordering: .relaxed), mask: mask)
        if tryLock(shard) { return shard }
        return lockThreadShardContended(thread: thread, salt: salt, mask: mask, tryLock: tryLock)
    }

    /// The busy half of ``lockThreadShard(salt:mask:tryLock:)``, for a thread (its
    /// ``threadHash()``) that found its shard taken.
    @usableFromInline @inline(never)
    package static func lockThreadShardContended(
        thread: UInt64, salt: UnsafeMutablePointer<Atomic<UInt64>>, mask: Int,
        tryLock: (Int) -> Bool
    ) -> Int {
        var attempts = 0
        while true {
            let current = salt.pointee.load(ordering: .relaxed)
            _ = salt.pointee.compareExchange(expected: current, desired: current &+ 1, ordering: .relaxed)
            let shard = shard(thread: thread, salt: current &+ 1, mask: mask)
            if tryLock(shard) { return shard }
            attempts += 1
            if attempts >= 16 {
                sched_yield()
                attempts = 0
            }
        }
    }
}
