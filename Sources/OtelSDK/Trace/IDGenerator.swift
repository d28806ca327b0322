import OtelAPI
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the identifiers of new traces and spans.
///
/// Called on the recording path for every sampled span: implementations must be fast,
/// thread-safe, and never return an all-zero (invalid) identifier.
public protocol IDGenerator: Sendable {
    /// A new, valid trace identifier.
    func newTraceID() -> TraceID
    /// A new, valid span identifier.
    func newSpanID() -> SpanID
}

/// The default generator: random identifiers from a per-thread wyrand generator seeded once
/// per thread from the operating system (`getrandom(2)` through `SystemRandomNumberGenerator`).
///
/// It takes no lock and allocates nothing after a thread's first identifier (which allocates the
/// thread's 8-byte state). The identifiers are unpredictable enough for tracing, not for
/// cryptography.
public struct RandomIDGenerator: IDGenerator {
    /// The pthread key of the per-thread state, looked up once instead of on every identifier.
    private let key: pthread_key_t?

    /// Creates the generator; all instances share the per-thread state.
    public init() { key = ThreadLocalRandom.key }

    /// A random trace identifier, never all zeros.
    @inline(__always)
    public func newTraceID() -> TraceID {
        while true {
            let id = TraceID(high: ThreadLocalRandom.next(key), low: ThreadLocalRandom.next(key))
            if id.isValid { return id }
        }
    }

    /// `traceID` when it is valid, else a new random one; and a new span identifier: one
    /// look-up of the thread's state for both.
    @inline(__always)
    func newIDs(traceID: TraceID) -> (TraceID, SpanID) {
        let state = ThreadLocalRandom.threadState(key)
        var traceID = traceID
        while !traceID.isValid {
            traceID = TraceID(high: ThreadLocalRandom.next(state), low: ThreadLocalRandom.next(state))
        }
        while true {
            let value = ThreadLocalRandom.next(state)
            if value != 0 { return (traceID, SpanID(value)) }
        }
    }

    /// A random span identifier, never zero.
    @inline(__always)
    public func newSpanID() -> SpanID {
        while true {
            let value = ThreadLocalRandom.next(key)
            if value != 0 { return SpanID(value) }
        }
    }
}

/// wyrand (Wang Yi's 64-bit generator) with one state word per thread, kept in a pthread key.
enum ThreadLocalRandom {
    /// The key of each thread's state; `nil` when the system refused one (then a shared atomic
    /// state serves every thread).
    static let key: pthread_key_t? = {
        var key = pthread_key_t()
        // The destructor frees a thread's state when the thread exits.
        guard pthread_key_create(&key, { state in free(state) }) == 0 else { return nil }
        return key
    }()

    /// The state used when no per-thread state is available.
    private static let sharedState = Atomic<UInt64>(seed())

    private static let increment: UInt64 = 0xa076_1d64_78bd_642f
    private static let mixer: UInt64 = 0xe703_7ed1_a0b4_28db

    /// The next 64 random bits of the calling thread's generator; `key` is ``key``.
    @inline(__always)
    static func next(_ key: pthread_key_t?) -> UInt64 { next(threadState(key)) }

    /// The next 64 random bits of the generator whose state is `state` (``threadState(_:)``), or
    /// of the shared one when `state` is `nil`.
    @inline(__always)
    static func next(_ state: UnsafeMutablePointer<UInt64>?) -> UInt64 {
        guard let state else {
            let value = sharedState.wrappingAdd(increment, ordering: .relaxed).newValue
            return mix(value)
        }
        state.pointee &+= increment
        return mix(state.pointee)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: value ^ mixer)
        return product.high ^ product.low
    }

    /// The calling thread's state, made on first use; `nil` when there is none.
    @inline(__always)
    static func threadState(_ key: pthread_key_t?) -> UnsafeMutablePointer<UInt64>? {
        guard let key else { return nil }
        if let raw = pthread_getspecific(key) { return raw.assumingMemoryBound(to: UInt64.self) }
        return makeThreadState(key)
    }

    private static func makeThreadState(_ key: pthread_key_t) -> UnsafeMutablePointer<UInt64>? {
        guard let raw = malloc(MemoryLayout<UInt64>.size) else { return nil }
        let state = raw.bindMemory(to: UInt64.self, capacity: 1)
        state.initialize(to: seed())
        guard pthread_setspecific(key, raw) == 0 else {
            free(raw)
            return nil
        }
        return state
    }

    private static func seed() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        return system.next()
    }
}
