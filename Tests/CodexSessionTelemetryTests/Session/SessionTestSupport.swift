import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Synchronization
import Testing

/// Both lanes wired as the original crate wires them, exporting synchronously to memory, scoped
/// to the running test with `Otel.withProviders` so that tests run in parallel.
final class LaneHarness: Sendable {
    let logExporter = InMemoryLogRecordExporter()
    let spanExporter = InMemorySpanExporter()
    let loggerProvider: SDKLoggerProvider
    let tracerProvider: SDKTracerProvider
    let traceLane = SDKTraceLane()

    init() {
        loggerProvider = SDKLoggerProvider(
            resource: Resource(attributes: ["service.name": "session-tests"]),
            processors: [SimpleLogRecordProcessor(exporter: logExporter)], environment: OtelEnvironment([:]))
        tracerProvider = SDKTracerProvider(
            resource: Resource(attributes: ["service.name": "session-tests"]),
            spanProcessors: [SimpleSpanProcessor(exporter: spanExporter)], environment: OtelEnvironment([:]))
    }

    var providers: OtelProviders {
        OtelProviders(
            tracerProvider: tracerProvider, loggerProvider: loggerProvider,
            logLane: SDKLogLane(loggerProvider: loggerProvider), traceLane: traceLane)
    }

    /// Runs `body` with these providers, inside an active span `turn` that ends afterwards.
    func run(_ body: () -> Void) {
        Otel.withProviders(providers) {
            let span = tracerProvider.tracer("session-tests").startSpan("turn")
            OtelContext.with(span: span) { body() }
            span.end()
        }
    }

    /// Runs async `body` with these providers, inside an active span `turn`.
    func run(_ body: () async -> Void) async {
        await Otel.withProviders(providers) {
            let span = tracerProvider.tracer("session-tests").startSpan("turn")
            await OtelContext.with(span: span) { await body() }
            span.end()
        }
    }

    /// Runs `body` with these providers but no active span.
    func runOutsideSpan(_ body: () -> Void) { Otel.withProviders(providers, body) }

    var logRecords: [LogRecordData] { logExporter.finishedLogRecords }
    var spans: [SpanData] { spanExporter.finishedSpans }
    var spanEvents: [SpanData.Event] { spans.flatMap(\.events) }
}

/// The private values of the test session; none may appear on a span.
enum Secrets {
    static let accountID = "acct-0f1e2d3c"
    static let email = "ada.lovelace@example.com"
    static let prompt = "please refactor the billing module"
    static let arguments = #"{"cmd":["cat","/home/ada/.netrc"]}"#
    static let output = "machine api.example.com\nlogin ada\npassword hunter2\n"
}

/// Sessions for the tests.
enum Sessions {
    /// A session with every optional metadata field set.
    static func full(logUserPrompts: Bool = true) -> SessionTelemetry {
        SessionTelemetry(
            conversationID: "conv-1234", model: "gpt-5.1", slug: "gpt-5.1-codex",
            accountID: .string(Secrets.accountID), accountEmail: .string(Secrets.email), authMode: .chatgpt,
            originator: "codex_cli_rs", logUserPrompts: logUserPrompts, terminalType: "xterm-256color",
            sessionSource: .cli)
    }

    /// A session without account id, e-mail or auth mode.
    static func minimal() -> SessionTelemetry {
        SessionTelemetry(
            conversationID: "conv-5678", model: "o3", slug: "o3", accountID: nil, accountEmail: nil, authMode: nil,
            originator: "codex_exec", logUserPrompts: false, terminalType: "unknown", sessionSource: .exec)
    }
}

/// The attribute lists the lanes export, written out for exact comparison.
enum Expected {
    /// Stands for the value of `event.timestamp`, which is checked for its format separately.
    static let timestampPlaceholder: AttributeValue = "<timestamp>"

    /// What a log record of `name` carries: `event.name`, the event's fields, then the session
    /// metadata of the log lane (`account`: whether the session has the account id and e-mail
    /// of ``Sessions/full(logUserPrompts:)``).
    static func log(_ name: String, _ fields: [Attribute], session: SessionTelemetry, account: Bool) -> [Attribute] {
        var attributes = [Attribute("event.name", .string(name))] + fields
        attributes.append(Attribute("event.timestamp", timestampPlaceholder))
        attributes.append(Attribute("conversation.id", .string(session.conversationID)))
        attributes.append(Attribute("app.version", .string(session.appVersion)))
        if let authMode = session.authMode { attributes.append(Attribute("auth_mode", .string(authMode))) }
        attributes.append(Attribute("originator", .string(session.originator)))
        if account {
            attributes.append(Attribute("user.account_id", .string(Secrets.accountID)))
            attributes.append(Attribute("user.email", .string(Secrets.email)))
        }
        attributes.append(Attribute("terminal.type", .string(session.terminalType)))
        attributes.append(Attribute("model", .string(session.model)))
        attributes.append(Attribute("slug", .string(session.slug)))
        return attributes
    }

    /// What a span event of `name` carries: `event.name`, the event's fields, the session
    /// metadata of the trace lane (no user.*), then `target`.
    static func trace(_ name: String, _ fields: [Attribute], session: SessionTelemetry) -> [Attribute] {
        var attributes = [Attribute("event.name", .string(name))] + fields
        attributes.append(Attribute("event.timestamp", timestampPlaceholder))
        attributes.append(Attribute("conversation.id", .string(session.conversationID)))
        attributes.append(Attribute("app.version", .string(session.appVersion)))
        if let authMode = session.authMode { attributes.append(Attribute("auth_mode", .string(authMode))) }
        attributes.append(Attribute("originator", .string(session.originator)))
        attributes.append(Attribute("terminal.type", .string(session.terminalType)))
        attributes.append(Attribute("model", .string(session.model)))
        attributes.append(Attribute("slug", .string(session.slug)))
        attributes.append(Attribute("target", "codex_otel.trace_safe"))
        return attributes
    }
}

/// Whether `text` is an RFC 3339 UTC timestamp with milliseconds: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
func isRFC3339UTCMillis(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 24 else { return false }
    let pattern = Array("dddd-dd-ddTdd:dd:dd.dddZ".utf8)
    for (byte, expected) in zip(bytes, pattern) {
        if expected == UInt8(ascii: "d") {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
        } else if byte != expected {
            return false
        }
    }
    return true
}

/// The attributes in order, with a well-formed `event.timestamp` replaced by the placeholder
/// (a malformed one is kept, so that the comparison fails and shows it).
func normalized(_ attributes: Attributes) -> [Attribute] {
    attributes.map { attribute in
        if attribute.key == "event.timestamp", case .string(let text) = attribute.value, isRFC3339UTCMillis(text) {
            return Attribute(attribute.key, Expected.timestampPlaceholder)
        }
        return attribute
    }
}

/// The one log record of the run, checked for target and severity.
func onlyLogRecord(
    _ harness: LaneHarness, sourceLocation: SourceLocation = #_sourceLocation
) throws -> LogRecordData {
    let records = harness.logRecords
    try #require(records.count == 1, "log records: \(records.map(\.eventName))", sourceLocation: sourceLocation)
    let record = records[0]
    #expect(record.instrumentationScope.name == "codex_otel.log_only", sourceLocation: sourceLocation)
    #expect(record.severity == .info, sourceLocation: sourceLocation)
    #expect(record.severityText == "INFO", sourceLocation: sourceLocation)
    #expect(record.body == nil, sourceLocation: sourceLocation)
    return record
}

/// The one span event of the run.
func onlySpanEvent(
    _ harness: LaneHarness, sourceLocation: SourceLocation = #_sourceLocation
) throws -> SpanData.Event {
    let events = harness.spanEvents
    try #require(events.count == 1, "span events: \(events.map(\.name))", sourceLocation: sourceLocation)
    return events[0]
}

/// Collects metric warnings of the session within a scope.
final class WarningCollector: Sendable {
    private let messages = Mutex<[String]>([])
    var all: [String] { messages.withLock { $0 } }
    func record(_ message: String) { messages.withLock { $0.append(message) } }
}
