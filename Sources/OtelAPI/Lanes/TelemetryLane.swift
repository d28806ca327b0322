/// A lane: which exported signal a piece of data may travel on.
///
/// There are two lanes, both phantom types that exist only to tag values:
/// - ``TraceSafe`` data may appear on span attributes and span events, and on log records.
/// - ``LogOnly`` data may appear only on log records: prompts, e-mail addresses, account ids,
///   tool arguments and output. It can reach a span only as a trace-safe derivative (a length,
///   a count) or through the explicit, greppable ``LaneValue/declassify(_:)``.
///
/// The fence is in the signatures: span APIs take ``LaneValue``/``LaneFields`` of `TraceSafe`,
/// so handing them `LogOnly` data is a compile error, not a review comment.
public protocol TelemetryLane: Sendable {
    /// A short name of the lane for diagnostics: `trace_safe` or `log_only`.
    static var laneName: String { get }
}

/// The lane of data that is safe to attach to exported traces (and logs).
public enum TraceSafe: TelemetryLane {
    /// `trace_safe`.
    public static var laneName: String { "trace_safe" }
}

/// The lane of data that may be exported only on the log lane, never on traces.
public enum LogOnly: TelemetryLane {
    /// `log_only`.
    public static var laneName: String { "log_only" }
}
