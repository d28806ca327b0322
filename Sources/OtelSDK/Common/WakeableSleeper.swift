import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A condition a background worker sleeps on with a timeout, and that producers can signal
/// without ever blocking on the worker's work.
///
/// `signal()` is cheap and non-blocking for producers beyond a brief mutex hand-off; the
/// worker calls `wait(until:)`, which returns early when signalled.
public final class WakeableSleeper: @unchecked Sendable {
    // Safe: `mutex` and `cond` are only used through pthread calls that synchronise access,
    // and `signalled` is read and written only while `mutex` is held. The pointers are
    // allocated once in init and freed once in deinit.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let cond: UnsafeMutablePointer<pthread_cond_t>
    private var signalled = false

    /// Creates a sleeper.
    public init() {
        mutex = .allocate(capacity: 1)
        cond = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if os(Linux)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(cond, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        cond.deallocate()
    }

    /// Wakes the waiting worker (or makes its next wait return at once).
    public func signal() {
        pthread_mutex_lock(mutex)
        signalled = true
        pthread_cond_signal(cond)
        pthread_mutex_unlock(mutex)
    }

    /// Sleeps until signalled or until `deadline`; returns whether it was signalled.
    @discardableResult
    public func wait(until deadline: MonotonicInstant) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !signalled {
            #if os(Linux)
            var ts = timespec(
                tv_sec: Int(deadline.nanoseconds / 1_000_000_000), tv_nsec: Int(deadline.nanoseconds % 1_000_000_000))
            let rc = pthread_cond_timedwait(cond, mutex, &ts)
            #else
            let remaining = deadline.remaining.nanosecondsClamped
            var ts = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
            let rc = pthread_cond_timedwait_relative_np(cond, mutex, &ts)
            #endif
            if rc == ETIMEDOUT { break }
        }
        let was = signalled
        signalled = false
        return was
    }
}

/// Starts a detached background thread running `body`. Used for exporter workers, which must
/// never run on the application's threads or Swift's cooperative pool (exports may block on I/O).
public enum BackgroundThread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread; `name` identifies it in diagnostics.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        #if os(Linux)
        let rc = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
                box.body()
                return nil
            }, box)
        #else
        let rc = pthread_create(
            &thread, nil,
            { raw in
                let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
                box.body()
                return nil
            }, box)
        #endif
        if rc != 0 {
            // No thread could be made: run nothing rather than crash; release the box.
            Unmanaged<Box>.fromOpaque(box).release()
            OtelDiagnostics.report(.error, "could not start background thread \(name) (pthread_create \(rc))")
            return
        }
        pthread_detach(thread)
    }
}
