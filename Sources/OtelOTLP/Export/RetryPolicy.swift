import OtelSDK

/// When and how long to wait before retrying a failed export.
///
/// Exponential backoff with full jitter between `initialBackoff` and `maximumBackoff`, at most
/// `maximumAttempts` attempts in all, never past the export's deadline. A server's
/// `Retry-After` (HTTP) or retry delay (gRPC) replaces the computed delay.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// The upper bound of the first delay.
    public var initialBackoff: Duration
    /// The largest delay.
    public var maximumBackoff: Duration
    /// The growth of the delay bound per attempt.
    public var multiplier: Double

    /// Creates a policy; the defaults are those of most OpenTelemetry SDKs.
    public init(
        maximumAttempts: Int = 5, initialBackoff: Duration = .seconds(1), maximumBackoff: Duration = .seconds(5),
        multiplier: Double = 1.5
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.multiplier = max(1, multiplier)
    }

    /// No retries.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// The delay before attempt `attempt + 1` (attempt counts from 1), or `nil` when the policy
    /// allows no more attempts. `random` is in `0..<1` (injected for tests).
    public func delay(afterAttempt attempt: Int, serverDelay: Duration?, random: Double) -> Duration? {
        guard attempt < maximumAttempts else { return nil }
        if let serverDelay { return serverDelay }
        var bound = Double(initialBackoff.nanosecondsClamped)
        for _ in 1..<attempt { bound *= multiplier }
        bound = min(bound, Double(maximumBackoff.nanosecondsClamped))
        let jittered = bound * min(max(random, 0), 1)
        return .nanoseconds(Int64(jittered))
    }
}

/// Whether a failed export may be retried, per the OTLP specification.
package enum Retryability {
    /// HTTP 429, 502, 503 and 504 are retryable; every other status is not.
    package static func isRetryable(httpStatus: Int) -> Bool {
        [429, 502, 503, 504].contains(httpStatus)
    }

    /// gRPC CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE and DATA_LOSS are
    /// retryable; RESOURCE_EXHAUSTED only when the server sent retry information.
    package static func isRetryable(grpcCode: Int, hasRetryInfo: Bool) -> Bool {
        switch grpcCode {
        case 1, 4, 10, 11, 14, 15: return true
        case 8: return hasRetryInfo
        default: return false
        }
    }
}
