import OtelAPI

/// Session-scoped Codex telemetry: the Swift port of the original crate's `SessionTelemetry`.
///
/// It stamps every event with the session's metadata and records Codex's business events on the
/// two lanes: rich fields on the log lane (target `codex_otel.log_only`), trace-safe fields on
/// the trace lane (target `codex_otel.trace_safe`, as events of the active span). Private inputs
/// (prompt text, the account's id and e-mail, tool arguments and output) enter as
/// `LaneValue<LogOnly>`, so the compiler keeps them off the trace lane; traces get lengths and
/// counts instead.
///
/// ```swift
/// let telemetry = SessionTelemetry(
///     conversationID: threadID, model: "gpt-5.1", slug: "gpt-5.1",
///     accountID: .string(accountID), accountEmail: .string(email), authMode: .chatgpt,
///     originator: "codex_cli_rs", logUserPrompts: false, terminalType: "xterm-256color",
///     sessionSource: .cli)
/// telemetry.userPrompt([.text(.string(prompt))])
/// ```
///
/// Metrics go to the process-global metrics client when one is installed (or to the client
/// given with ``withMetrics(_:)``), tagged with the session's metadata tags first. A metric that
/// fails becomes a warning diagnostic, never an error thrown into the event call.
///
/// `SessionTelemetry` is a value: the `with…` modifiers return a modified copy.
public struct SessionTelemetry: Sendable {
    /// The session's metadata.
    struct Metadata: Sendable {
        var conversationID: String
        var authMode: String?
        var authEnvironment: AuthEnvironmentMetadata?
        var accountID: LaneValue<LogOnly>?
        var accountEmail: LaneValue<LogOnly>?
        var originator: String
        var serviceName: String?
        var sessionSource: String
        var model: String
        var slug: String
        var logUserPrompts: Bool
        var appVersion: String
        var terminalType: String
    }

    private(set) var metadata: Metadata {
        didSet { refreshDerivedFields() }
    }
    /// The metrics client, if any.
    public private(set) var metrics: MetricsClient?
    /// Whether metrics carry the session's metadata tags.
    public private(set) var metricsUseMetadataTags: Bool

    /// The log lane's metadata fields (after `event.timestamp`), computed once per change.
    private(set) var logMetadataFields = LaneFields<LogOnly>()
    /// The trace lane's metadata fields (after `event.timestamp`), computed once per change.
    private(set) var traceMetadataFields = LaneFields<TraceSafe>()
    /// The session's metric tags, in the original's order, computed once per change.
    private(set) var metadataTags: [(String, String)] = []

    /// Creates the telemetry of one session (the original's `new`).
    ///
    /// - Parameters:
    ///   - conversationID: the thread id (`conversation.id`).
    ///   - model: the model (`model`, and the `model` metric tag).
    ///   - slug: the model slug (`slug`).
    ///   - accountID: the account id: log lane only (`user.account_id`).
    ///   - accountEmail: the account's e-mail: log lane only (`user.email`).
    ///   - authMode: how the user authenticated (`auth_mode`), omitted when `nil`.
    ///   - originator: the client's name, sanitized like a metric tag value (`originator`).
    ///   - logUserPrompts: whether `codex.user_prompt` logs the prompt text; when `false` it logs
    ///     `[REDACTED]`.
    ///   - terminalType: the terminal (`terminal.type`).
    ///   - sessionSource: where the session started (the `session_source` metric tag).
    ///
    /// The metrics client is the process-global one, if installed, with metadata tags on.
    public init(
        conversationID: String,
        model: String,
        slug: String,
        accountID: LaneValue<LogOnly>?,
        accountEmail: LaneValue<LogOnly>?,
        authMode: TelemetryAuthMode?,
        originator: String,
        logUserPrompts: Bool,
        terminalType: String,
        sessionSource: SessionSource
    ) {
        metadata = Metadata(
            conversationID: conversationID, authMode: authMode?.description, authEnvironment: nil,
            accountID: accountID, accountEmail: accountEmail, originator: sanitizeMetricTagValue(originator),
            serviceName: nil, sessionSource: sessionSource.description, model: model, slug: slug,
            logUserPrompts: logUserPrompts, appVersion: CodexSessionTelemetryVersion.current,
            terminalType: terminalType)
        metrics = MetricsClient.global
        metricsUseMetadataTags = true
        refreshDerivedFields()
    }

    // MARK: - Reading the metadata

    /// `conversation.id`.
    public var conversationID: String { metadata.conversationID }
    /// `model`.
    public var model: String { metadata.model }
    /// `slug`.
    public var slug: String { metadata.slug }
    /// `auth_mode`, rendered (`ApiKey` / `Chatgpt`).
    public var authMode: String? { metadata.authMode }
    /// The auth-environment metadata, once ``withAuthEnvironment(_:)`` set it.
    public var authEnvironment: AuthEnvironmentMetadata? { metadata.authEnvironment }
    /// `originator`, sanitized.
    public var originator: String { metadata.originator }
    /// The `service_name` metric tag, once ``withMetricsServiceName(_:)`` set it.
    public var metricsServiceName: String? { metadata.serviceName }
    /// The `session_source` metric tag.
    public var sessionSource: String { metadata.sessionSource }
    /// Whether prompts are logged in clear.
    public var logUserPrompts: Bool { metadata.logUserPrompts }
    /// `app.version`: this package's version.
    public var appVersion: String { metadata.appVersion }
    /// `terminal.type`.
    public var terminalType: String { metadata.terminalType }

    // MARK: - Builders

    /// Adds the auth-environment metadata (`auth.env_*` fields) to `codex.conversation_starts`,
    /// `codex.api_request` and the websocket connect and request events.
    public func withAuthEnvironment(_ environment: AuthEnvironmentMetadata) -> SessionTelemetry {
        var copy = self
        copy.metadata.authEnvironment = environment
        return copy
    }

    /// Replaces the model and its slug.
    public func withModel(_ model: String, slug: String) -> SessionTelemetry {
        var copy = self
        copy.metadata.model = model
        copy.metadata.slug = slug
        return copy
    }

    /// Adds the `service_name` metric tag, sanitized like every metric tag value.
    public func withMetricsServiceName(_ serviceName: String) -> SessionTelemetry {
        var copy = self
        copy.metadata.serviceName = sanitizeMetricTagValue(serviceName)
        return copy
    }

    /// Records metrics on `client`, with the session's metadata tags.
    public func withMetrics(_ client: MetricsClient) -> SessionTelemetry {
        var copy = self
        copy.metrics = client
        copy.metricsUseMetadataTags = true
        return copy
    }

    /// Records metrics on `client`, without the session's metadata tags.
    public func withMetricsWithoutMetadataTags(_ client: MetricsClient) -> SessionTelemetry {
        var copy = self
        copy.metrics = client
        copy.metricsUseMetadataTags = false
        return copy
    }

    /// Records metrics on a new client built from `config`, with the session's metadata tags.
    ///
    /// - Throws: the client's ``MetricsError`` when it cannot be built.
    public func withMetricsConfig(_ config: MetricsConfig) throws(MetricsError) -> SessionTelemetry {
        withMetrics(try MetricsClient(config))
    }

    /// Records metrics on `provider`'s metrics client, if it has one; otherwise changes nothing.
    public func withProviderMetrics(_ provider: OtelProvider) -> SessionTelemetry {
        guard let client = provider.metrics else { return self }
        return withMetrics(client)
    }

    // MARK: - Derived fields

    private mutating func refreshDerivedFields() {
        let m = metadata
        var trace = LaneFields<TraceSafe>(minimumCapacity: 7)
        trace.set("conversation.id", .string(m.conversationID))
        trace.set("app.version", .string(m.appVersion))
        trace.set("auth_mode", m.authMode.map { .string($0) })
        trace.set("originator", .string(m.originator))
        trace.set("terminal.type", .string(m.terminalType))
        trace.set("model", .string(m.model))
        trace.set("slug", .string(m.slug))
        traceMetadataFields = trace

        var log = LaneFields<LogOnly>(minimumCapacity: 9)
        log.set("conversation.id", .string(m.conversationID))
        log.set("app.version", .string(m.appVersion))
        log.set("auth_mode", m.authMode.map { .string($0) })
        log.set("originator", .string(m.originator))
        log.set("user.account_id", m.accountID)
        log.set("user.email", m.accountEmail)
        log.set("terminal.type", .string(m.terminalType))
        log.set("model", .string(m.model))
        log.set("slug", .string(m.slug))
        logMetadataFields = log

        var tags: [(String, String)] = []
        tags.reserveCapacity(6)
        if let authMode = m.authMode { tags.append((SessionMetricTagNames.authMode, authMode)) }
        tags.append((SessionMetricTagNames.sessionSource, m.sessionSource))
        tags.append((SessionMetricTagNames.originator, m.originator))
        if let serviceName = m.serviceName { tags.append((SessionMetricTagNames.serviceName, serviceName)) }
        tags.append((SessionMetricTagNames.model, m.model))
        tags.append((SessionMetricTagNames.appVersion, m.appVersion))
        metadataTags = tags
    }
}
