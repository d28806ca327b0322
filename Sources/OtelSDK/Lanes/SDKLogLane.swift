import OtelAPI
import Synchronization

/// The log lane: records each accepted event as a log record of a logger named after the event's
/// target.
///
/// It accepts the targets of ``LaneRouting/isLogExportTarget(_:)-(String)``. The record has the
/// event's timestamp and severity (INFO, number 9, by default) with its name as severity text,
/// every field as an attribute, the event's name both as the ordinary `event.name` attribute
/// (first; the event's name wins over a field of that key) and as the record's event name, no
/// body, and the trace correlation of the active span.
///
/// ```swift
/// let loggerProvider = SDKLoggerProvider(processors: [BatchLogRecordProcessor(exporter: exporter)])
/// let providers = OtelProviders(loggerProvider: loggerProvider, logLane: SDKLogLane(loggerProvider: loggerProvider))
/// ```
public final class SDKLogLane: LogLane {
    private let loggerProvider: any LoggerProvider
    /// Per target: its logger, made on first use, or `nil` when the lane does not export it.
    private let targets = TargetTable<(any Logger)?>()

    /// Creates the lane over `loggerProvider`.
    public init(loggerProvider: any LoggerProvider) {
        self.loggerProvider = loggerProvider
    }

    /// Whether `target` is a log-export target.
    public func accepts(_ target: EventTarget) -> Bool { logger(for: target.name) != nil }

    /// Records `event` as a log record; events of other targets are ignored.
    public func record(_ event: LaneEvent<LogOnly>) {
        guard let logger = logger(for: event.target.name) else { return }
        guard logger.isEnabled(severity: event.severity) else { return }
        logger.emit(Self.logRecord(for: event))
    }

    /// The log record of `event`.
    static func logRecord(for event: LaneEvent<LogOnly>) -> LogRecord {
        // The fields as they are when they already lead with the name: the record shares their storage.
        let attributes =
            event.fieldsLeadWithName
            ? event.fields.attributes : event.fields.attributes.withLeadingAttribute("event.name", .string(event.name))
        return LogRecord(
            timestamp: event.timestamp, severity: event.severity, severityText: event.severity.text, body: nil,
            attributes: attributes, eventName: event.name, spanContext: nil)
    }

    /// The logger of `target`, or `nil` when the lane does not export it.
    @inline(__always)
    private func logger(for target: String) -> (any Logger)? {
        targets.value(for: target) { target in
            LaneRouting.isLogExportTarget(target) ? loggerProvider.logger(target: target, version: nil) : nil
        }
    }
}
