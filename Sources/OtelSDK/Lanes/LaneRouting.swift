import OtelAPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which events go to which lane: the routing of the original `codex-otel` crate, rule for rule.
///
/// - **Log lane** (``SDKLogLane``): every target that starts with `codex_otel`, except the
///   `codex_otel.trace_safe` family. The match is a plain byte prefix, so module-path targets
///   such as `codex_otel::provider` pass, and so does `codex_otelfoo`. A new
///   `codex_otel.<subsystem>` target (such as `codex_otel.network_proxy`) is therefore exported on
///   the log lane as soon as it is used, with no configuration change: treat new targets as a
///   privacy review point.
/// - **Trace lane** (``SDKTraceLane``): events whose target starts with `codex_otel.trace_safe`
///   (`codex_otel.trace_safe`, `codex_otel.trace_safe.summary`, …), recorded as events of the
///   active span. A trace-safe event emitted outside any span is lost (and counted).
/// - **Spans are never filtered**: the trace pipeline exports every span, whatever code started
///   it, so span attributes outside the lanes need their own privacy review.
/// - **Targets outside `codex_otel`**: the log lane rejects their events and the trace lane
///   rejects their events; their spans are exported like every span.
/// - A ``LaneEvent`` of ``LogOnly`` never reaches the trace lane, whatever its target: ``Otel``
///   offers it only to the log lane, and `TraceLane.record` does not accept it. With a
///   `codex_otel.trace_safe` target it therefore goes nowhere.
public enum LaneRouting {
    /// The prefix of log-export targets: `codex_otel`.
    public static let logExportPrefix = "codex_otel"
    /// The prefix of trace-safe targets: `codex_otel.trace_safe`.
    public static let traceSafePrefix = "codex_otel.trace_safe"

    /// Whether the log lane exports events of `target`: it starts with `codex_otel` and not with
    /// `codex_otel.trace_safe`.
    public static func isLogExportTarget(_ target: String) -> Bool {
        hasPrefix(target, logExportPrefix) && !hasPrefix(target, traceSafePrefix)
    }

    /// Whether the trace lane records events of `target`: it starts with `codex_otel.trace_safe`.
    public static func isTraceSafeTarget(_ target: String) -> Bool {
        hasPrefix(target, traceSafePrefix)
    }

    /// Whether the log lane exports events of `target`.
    public static func isLogExportTarget(_ target: EventTarget) -> Bool { isLogExportTarget(target.name) }

    /// Whether the trace lane records events of `target`.
    public static func isTraceSafeTarget(_ target: EventTarget) -> Bool { isTraceSafeTarget(target.name) }

    /// A byte-wise prefix test, as the original's `str::starts_with` (no Unicode normalisation).
    /// A byte-wise prefix test: one `memcmp` over native UTF-8 storage, which every event pays.
    private static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        let fast = text.utf8.withContiguousStorageIfAvailable { textBytes in
            prefix.utf8.withContiguousStorageIfAvailable { prefixBytes -> Bool in
                guard textBytes.count >= prefixBytes.count else { return false }
                guard let t = textBytes.baseAddress, let p = prefixBytes.baseAddress else { return prefixBytes.isEmpty }
                return memcmp(t, p, prefixBytes.count) == 0
            }
        }
        if let result = fast ?? nil { return result }
        return text.utf8.starts(with: prefix.utf8)
    }
}
