import OtelAPI

/// The network proxy's policy audit events: one event name,
/// `codex.network_proxy.policy_decision`, on target `codex_otel.network_proxy`, log lane only.
///
/// Family chosen: the original's network-proxy README describes a single event,
/// `codex.network_proxy.policy_decision`, emitted for every decision, with
/// `network.policy.scope` telling host-policy evaluations (`domain`) apart from mode-guard and
/// proxy-state checks (`non_domain`). Earlier drafts of that README split the family into
/// `codex.network_proxy.domain_policy_decision` and `codex.network_proxy.block_decision`; the
/// original's own tests assert that those legacy names are no longer emitted, so this port
/// emits only the single name. The target is a domain-owned `codex_otel.<subsystem>` target,
/// which the log lane exports and the trace lane never sees; the event is a
/// `LaneEvent<LogOnly>` as well, because it may carry the account's id and e-mail.
///
/// Fields, in order: event.timestamp; the optional session metadata (conversation.id,
/// app.version, auth_mode, originator, user.account_id, user.email, terminal.type, model,
/// slug); network.policy.scope, network.policy.decision, network.policy.source,
/// network.policy.reason, network.policy.override (a boolean), network.transport.protocol,
/// server.address, server.port (an integer), http.request.method (`none` when absent),
/// client.address (`unknown` when absent). A unix-socket destination is `unix-socket`, port 0.
/// The event never carries a URL, a path or a query: ``NetworkProxyDestination`` keeps only a
/// host.
public enum NetworkProxyAudit {
    /// `codex_otel.network_proxy`.
    public static let target: EventTarget = "codex_otel.network_proxy"
    /// `codex.network_proxy.policy_decision`.
    public static let policyDecisionEventName = "codex.network_proxy.policy_decision"
    /// The method recorded when the request has none: `none`.
    public static let defaultMethod = "none"
    /// The client address recorded when it is unknown: `unknown`.
    public static let defaultClientAddress = "unknown"

    /// Emits `decision` as a `codex.network_proxy.policy_decision` event, stamped now.
    public static func emitPolicyDecision(
        _ decision: NetworkPolicyDecisionRecord, metadata: NetworkProxyAuditMetadata = NetworkProxyAuditMetadata()
    ) {
        guard Otel.withCurrentProviders({ $0.logLane.accepts(target) }) else { return }
        let now = Timestamp.now()
        Otel.emit(
            LaneEvent<LogOnly>(
                target: target, name: policyDecisionEventName,
                fields: fields(of: decision, metadata: metadata, at: now),
                timestamp: now))
    }

    /// The event's fields.
    static func fields(
        of decision: NetworkPolicyDecisionRecord, metadata: NetworkProxyAuditMetadata, at now: Timestamp
    ) -> LaneFields<LogOnly> {
        var fields = LaneFields<LogOnly>(minimumCapacity: 20)
        fields.set("event.timestamp", .string(RFC3339Timestamp.millisecondsUTC(now)))
        fields.set("conversation.id", metadata.conversationID.map { .string($0) })
        fields.set("app.version", metadata.appVersion.map { .string($0) })
        fields.set("auth_mode", metadata.authMode.map { .string($0) })
        fields.set("originator", metadata.originator.map { .string($0) })
        fields.set("user.account_id", metadata.accountID)
        fields.set("user.email", metadata.accountEmail)
        fields.set("terminal.type", metadata.terminalType.map { .string($0) })
        fields.set("model", metadata.model.map { .string($0) })
        fields.set("slug", metadata.slug.map { .string($0) })
        fields.set("network.policy.scope", .string(decision.scope.rawValue))
        fields.set("network.policy.decision", .string(decision.decision.rawValue))
        fields.set("network.policy.source", .string(decision.source.rawValue))
        fields.set("network.policy.reason", .string(decision.reason.rawValue))
        fields.set("network.policy.override", .bool(decision.policyOverride))
        fields.set("network.transport.protocol", .string(decision.transport.rawValue))
        fields.set("server.address", .string(decision.destination.serverAddress))
        fields.set("server.port", .int(decision.destination.serverPort))
        fields.set("http.request.method", .string(decision.method ?? defaultMethod))
        fields.set("client.address", .string(decision.clientAddress ?? defaultClientAddress))
        return fields
    }
}

extension SessionTelemetry {
    /// The session's metadata for network-proxy audit events.
    public var networkProxyAuditMetadata: NetworkProxyAuditMetadata {
        NetworkProxyAuditMetadata(
            conversationID: metadata.conversationID, appVersion: metadata.appVersion, authMode: metadata.authMode,
            originator: metadata.originator, accountID: metadata.accountID, accountEmail: metadata.accountEmail,
            terminalType: metadata.terminalType, model: metadata.model, slug: metadata.slug)
    }
}
