import CodexSessionTelemetry
import OtelAPI
import OtelSDK
import Testing

@Suite("Network proxy audit events")
struct NetworkProxyAuditTests {
    private func onlyRecord(_ harness: LaneHarness) throws -> LogRecordData {
        let records = harness.logRecords
        try #require(records.count == 1)
        #expect(records[0].instrumentationScope.name == "codex_otel.network_proxy")
        #expect(records[0].severityText == "INFO")
        #expect(records[0].eventName == "codex.network_proxy.policy_decision")
        #expect(harness.spanEvents.isEmpty)
        return records[0]
    }

    @Test func deciderOverrideWithSessionMetadata() throws {
        let harness = LaneHarness()
        let session = Sessions.full()
        harness.run {
            NetworkProxyAudit.emitPolicyDecision(
                NetworkPolicyDecisionRecord(
                    scope: .domain, decision: .allow, source: .decider, reason: .notAllowed, transport: .http,
                    destination: .host("example.com", port: 80), policyOverride: true),
                metadata: session.networkProxyAuditMetadata)
        }
        let record = try onlyRecord(harness)
        let expected: [Attribute] = [
            Attribute("event.name", "codex.network_proxy.policy_decision"),
            Attribute("event.timestamp", Expected.timestampPlaceholder),
            Attribute("conversation.id", "conv-1234"), Attribute("app.version", .string(session.appVersion)),
            Attribute("auth_mode", "Chatgpt"), Attribute("originator", "codex_cli_rs"),
            Attribute("user.account_id", .string(Secrets.accountID)), Attribute("user.email", .string(Secrets.email)),
            Attribute("terminal.type", "xterm-256color"), Attribute("model", "gpt-5.1"),
            Attribute("slug", "gpt-5.1-codex"),
            Attribute("network.policy.scope", "domain"), Attribute("network.policy.decision", "allow"),
            Attribute("network.policy.source", "decider"), Attribute("network.policy.reason", "not_allowed"),
            Attribute("network.policy.override", true), Attribute("network.transport.protocol", "http"),
            Attribute("server.address", "example.com"), Attribute("server.port", 80),
            Attribute("http.request.method", "none"), Attribute("client.address", "unknown"),
        ]
        #expect(normalized(record.attributes) == expected)
    }

    @Test func unixSocketBlockWithoutMetadata() throws {
        let harness = LaneHarness()
        harness.run {
            NetworkProxyAudit.emitPolicyDecision(
                NetworkPolicyDecisionRecord(
                    scope: .nonDomain, decision: .deny, source: .proxyState, reason: .unixSocketUnsupported,
                    transport: .http, destination: .unixSocket, method: "GET", clientAddress: "127.0.0.1:51234"))
        }
        let record = try onlyRecord(harness)
        let expected: [Attribute] = [
            Attribute("event.name", "codex.network_proxy.policy_decision"),
            Attribute("event.timestamp", Expected.timestampPlaceholder),
            Attribute("network.policy.scope", "non_domain"), Attribute("network.policy.decision", "deny"),
            Attribute("network.policy.source", "proxy_state"),
            Attribute("network.policy.reason", "unix_socket_unsupported"), Attribute("network.policy.override", false),
            Attribute("network.transport.protocol", "http"), Attribute("server.address", "unix-socket"),
            Attribute("server.port", 0), Attribute("http.request.method", "GET"),
            Attribute("client.address", "127.0.0.1:51234"),
        ]
        #expect(normalized(record.attributes) == expected)
    }

    @Test(arguments: [
        (
            NetworkPolicyDecision.ask, NetworkPolicyDecisionSource.decider, NetworkPolicyReason.notAllowed,
            NetworkTransportProtocol.httpsConnect, NetworkPolicyScope.domain, "ask", "decider", "not_allowed",
            "https_connect"
        ),
        (.deny, .baselinePolicy, .denied, .socks5TCP, .domain, "deny", "baseline_policy", "denied", "socks5_tcp"),
        (
            .deny, .modeGuard, .methodNotAllowed, .socks5UDP, .nonDomain, "deny", "mode_guard", "method_not_allowed",
            "socks5_udp"
        ),
        (
            .deny, .baselinePolicy, .notAllowedLocal, .http, .domain, "deny", "baseline_policy", "not_allowed_local",
            "http"
        ),
        (.deny, .proxyState, .proxyDisabled, .http, .nonDomain, "deny", "proxy_state", "proxy_disabled", "http"),
        (.deny, .decider, .policyDenied, .http, .domain, "deny", "decider", "policy_denied", "http"),
        (
            .deny, .modeGuard, .mitmRequired, .httpsConnect, .nonDomain, "deny", "mode_guard", "mitm_required",
            "https_connect"
        ),
        (.allow, .baselinePolicy, .allow, .http, .domain, "allow", "baseline_policy", "allow", "http"),
    ])
    func renderings(
        decision: NetworkPolicyDecision, source: NetworkPolicyDecisionSource, reason: NetworkPolicyReason,
        transport: NetworkTransportProtocol, scope: NetworkPolicyScope, decisionText: String, sourceText: String,
        reasonText: String, transportText: String
    ) throws {
        let harness = LaneHarness()
        harness.run {
            NetworkProxyAudit.emitPolicyDecision(
                NetworkPolicyDecisionRecord(
                    scope: scope, decision: decision, source: source, reason: reason, transport: transport,
                    destination: .host("api.example.com", port: 443)))
        }
        let record = try onlyRecord(harness)
        #expect(record.attributes["network.policy.decision"] == .string(decisionText))
        #expect(record.attributes["network.policy.source"] == .string(sourceText))
        #expect(record.attributes["network.policy.reason"] == .string(reasonText))
        #expect(record.attributes["network.transport.protocol"] == .string(transportText))
        #expect(record.attributes["network.policy.scope"] == .string(scope == .domain ? "domain" : "non_domain"))
    }

    @Test(arguments: [
        ("example.com", "example.com"),
        ("https://user:pw@example.com/private/path?token=abc#frag", "example.com"),
        ("example.com/path?q=1", "example.com"),
        ("example.com?q=1", "example.com"),
        ("[::1]", "[::1]"),
    ])
    func serverAddressNeverCarriesAURLPathOrQuery(host: String, address: String) throws {
        let harness = LaneHarness()
        harness.run {
            NetworkProxyAudit.emitPolicyDecision(
                NetworkPolicyDecisionRecord(
                    scope: .domain, decision: .deny, source: .baselinePolicy, reason: .denied, transport: .http,
                    destination: .host(host, port: 8080)))
        }
        let record = try onlyRecord(harness)
        #expect(record.attributes["server.address"] == .string(address))
        for attribute in record.attributes {
            let text = attribute.value.displayString
            #expect(!text.contains("token=abc") && !text.contains("/private/path") && !text.contains("pw@"))
        }
    }

    @Test func neverReachesTheTraceLane() {
        let harness = LaneHarness()
        harness.run {
            NetworkProxyAudit.emitPolicyDecision(
                NetworkPolicyDecisionRecord(
                    scope: .domain, decision: .allow, source: .baselinePolicy, reason: .allow, transport: .http,
                    destination: .host("example.com", port: 80)),
                metadata: Sessions.full().networkProxyAuditMetadata)
        }
        #expect(harness.logRecords.count == 1)
        #expect(harness.spanEvents.isEmpty)
        #expect(harness.traceLane.eventsOutsideSpanCount == 0)
    }
}
