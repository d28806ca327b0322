#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a parent trace context from the `TRACEPARENT` and `TRACESTATE` environment variables,
/// the convention for propagating W3C Trace Context to child processes.
public enum TraceContextEnvironment {
    /// The name of the variable holding the `traceparent` value.
    public static let traceparentVariable = "TRACEPARENT"

    /// The name of the variable holding the `tracestate` value.
    public static let tracestateVariable = "TRACESTATE"

    /// Reads the parent context from an environment dictionary.
    ///
    /// Variable names are case-sensitive. An invalid `TRACESTATE` is discarded rather than failing.
    ///
    /// - Parameter environment: The environment, for example a child process's configuration.
    /// - Returns: `nil` when `TRACEPARENT` is absent; otherwise the remote span context or the
    ///   reason `TRACEPARENT` is invalid.
    public static func read(from environment: [String: String]) -> Result<SpanContext, TraceContextError>? {
        guard let traceparent = environment[traceparentVariable] else { return nil }
        return W3CTraceContext(traceparent: traceparent, tracestate: environment[tracestateVariable]).spanContext()
    }

    /// The parent context of this process, read from its environment on first use and then cached.
    ///
    /// `nil` when `TRACEPARENT` is not set. The environment is read once per process, so later
    /// changes to it are not seen.
    public static var processParent: Result<SpanContext, TraceContextError>? {
        cachedProcessParent
    }

    /// Swift initialises a static stored property lazily, exactly once, in a thread-safe way.
    private static let cachedProcessParent: Result<SpanContext, TraceContextError>? = {
        guard let traceparent = variable(traceparentVariable) else { return nil }
        return W3CTraceContext(traceparent: traceparent, tracestate: variable(tracestateVariable)).spanContext()
    }()

    private static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
