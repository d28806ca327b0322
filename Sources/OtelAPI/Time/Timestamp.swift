#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in wall-clock time: nanoseconds since the Unix epoch, as OTLP carries it.
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanosecondsSinceEpoch: UInt64

    /// Creates a timestamp from nanoseconds since the Unix epoch.
    @inlinable
    public init(nanosecondsSinceEpoch: UInt64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    /// The current wall-clock time (`CLOCK_REALTIME`).
    @inlinable
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(nanosecondsSinceEpoch: UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec))
    }

    /// Orders timestamps by time.
    @inlinable
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    /// The span from `earlier` to this timestamp in nanoseconds, zero if `earlier` is later.
    @inlinable
    public func nanoseconds(since earlier: Timestamp) -> UInt64 {
        nanosecondsSinceEpoch >= earlier.nanosecondsSinceEpoch
            ? nanosecondsSinceEpoch - earlier.nanosecondsSinceEpoch : 0
    }
}
