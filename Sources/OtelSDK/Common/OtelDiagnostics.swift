import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The SDK's own diagnostics: what it could not do (a failed export, a dropped span), reported
/// without throwing into the application. By default warnings and errors go to standard error;
/// install a handler to route them elsewhere.
///
/// Messages never contain header values or other secrets.
public enum OtelDiagnostics {
    /// How serious a diagnostic is.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        /// Detail for debugging the SDK.
        case debug
        /// Something worth knowing.
        case info
        /// Telemetry was lost or degraded.
        case warning
        /// The SDK could not do what it was configured to do.
        case error

        /// Orders by severity.
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The level's name.
        public var description: String {
            switch self {
            case .debug: return "debug"
            case .info: return "info"
            case .warning: return "warning"
            case .error: return "error"
            }
        }
    }

    /// Receives diagnostics.
    public typealias Handler = @Sendable (Level, String) -> Void

    /// A named struct, not a tuple: through the generic `Mutex`, a closure inside a tuple is
    /// reabstracted on every `withLock` access (and, stored in one, written back wrapped in two
    /// more thunks, so each report would grow the handler's call chain).
    private struct State {
        var handler: Handler?
        var minimum: Level
    }

    private static let state = Mutex(State(handler: nil, minimum: .warning))

    /// Routes diagnostics of at least `minimumLevel` to `handler` (`nil` restores stderr).
    public static func setHandler(minimumLevel: Level = .warning, _ handler: Handler?) {
        state.withLock { $0 = State(handler: handler, minimum: minimumLevel) }
    }

    /// Reports a diagnostic. Never blocks on anything but a brief lock.
    public static func report(_ level: Level, _ message: @autoclosure () -> String) {
        let current = state.withLock { $0 }
        guard level >= current.minimum else { return }
        let text = message()
        if let handler = current.handler {
            handler(level, text)
        } else {
            var line = "[otel \(level)] \(text)\n"
            line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
        }
    }
}
