/// A log record as instrumented code emits it.
public struct LogRecord: Sendable {
    /// When the event happened; the SDK stamps the observed time anyway.
    public var timestamp: Timestamp?
    /// The severity number.
    public var severity: Severity?
    /// The severity as the source wrote it; defaults to the number's name.
    public var severityText: String?
    /// The body, usually a message string.
    public var body: AttributeValue?
    /// The record's attributes.
    public var attributes: Attributes
    /// The event's name, for records that are events.
    public var eventName: String?
    /// The span the record belongs to; `nil` takes the active span of ``OtelContext/current``.
    public var spanContext: SpanContext?
    /// No data (zero bytes): it keeps the synthesised memberwise initialiser apart from the
    /// public one below, which calls it. The synthesised one builds the record in its
    /// destination; an explicit initialiser assigning each field built it in a temporary and
    /// copied it, with a retain and a release of each reference (Swift 6.3).
    private var memberwise: Void = ()
}

extension LogRecord {
    /// Creates a record.
    public init(
        timestamp: Timestamp? = nil,
        severity: Severity? = nil,
        severityText: String? = nil,
        body: AttributeValue? = nil,
        attributes: Attributes = [:],
        eventName: String? = nil,
        spanContext: SpanContext? = nil
    ) {
        self.init(
            timestamp: timestamp, severity: severity, severityText: severityText, body: body, attributes: attributes,
            eventName: eventName, spanContext: spanContext, memberwise: ())
    }
}

/// Gives loggers to instrumented code.
public protocol LoggerProvider: Sendable {
    /// A logger named by its target, such as `codex_otel.log_only`.
    func logger(target: String, version: String?) -> any Logger
}

extension LoggerProvider {
    /// A logger named by its target.
    public func logger(target: String) -> any Logger { logger(target: target, version: nil) }
}

/// Emits log records for one target.
public protocol Logger: Sendable {
    /// The target (instrumentation scope name) of this logger.
    var target: String { get }
    /// Whether a record of `severity` would be exported; skip building it when false.
    func isEnabled(severity: Severity) -> Bool
    /// Emits a record. The record is built only when the logger is enabled.
    func emit(_ record: @autoclosure () -> LogRecord)
}

/// The logger provider in force until an SDK is installed.
public struct NoOpLoggerProvider: LoggerProvider {
    /// Creates the provider.
    public init() {}
    /// A no-op logger.
    public func logger(target: String, version: String?) -> any Logger { NoOpLogger(target: target) }
}

/// A logger that drops everything without building the record.
public struct NoOpLogger: Logger {
    /// The target.
    public let target: String
    /// Creates the logger.
    public init(target: String) { self.target = target }
    /// Always false.
    public func isEnabled(severity: Severity) -> Bool { false }
    /// Drops the record.
    public func emit(_ record: @autoclosure () -> LogRecord) {}
}
