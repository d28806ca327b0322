import OtelAPI

/// One decision of the network proxy, as ``NetworkProxyAudit/emitPolicyDecision(_:metadata:)``
/// records it.
public struct NetworkPolicyDecisionRecord: Sendable, Hashable {
    /// `network.policy.scope`.
    public var scope: NetworkPolicyScope
    /// `network.policy.decision`.
    public var decision: NetworkPolicyDecision
    /// `network.policy.source`.
    public var source: NetworkPolicyDecisionSource
    /// `network.policy.reason`: `allow`, or why the request was not allowed.
    public var reason: NetworkPolicyReason
    /// `network.transport.protocol`.
    public var transport: NetworkTransportProtocol
    /// `server.address` and `server.port`.
    public var destination: NetworkProxyDestination
    /// `http.request.method`; `none` when `nil`.
    public var method: String?
    /// `client.address`; `unknown` when `nil`.
    public var clientAddress: String?
    /// `network.policy.override`: `true` only when the decider turned a baseline `not_allowed`
    /// into an allow.
    public var policyOverride: Bool

    /// Creates a record.
    public init(
        scope: NetworkPolicyScope, decision: NetworkPolicyDecision, source: NetworkPolicyDecisionSource,
        reason: NetworkPolicyReason, transport: NetworkTransportProtocol, destination: NetworkProxyDestination,
        method: String? = nil, clientAddress: String? = nil, policyOverride: Bool = false
    ) {
        self.scope = scope
        self.decision = decision
        self.source = source
        self.reason = reason
        self.transport = transport
        self.destination = destination
        self.method = method
        self.clientAddress = clientAddress
        self.policyOverride = policyOverride
    }
}

/// `network.policy.scope`: a host-policy evaluation, or a mode-guard / proxy-state check.
public enum NetworkPolicyScope: String, Sendable, Hashable, CaseIterable {
    /// `domain`.
    case domain
    /// `non_domain`.
    case nonDomain = "non_domain"
}

/// `network.policy.decision`.
public enum NetworkPolicyDecision: String, Sendable, Hashable, CaseIterable {
    /// `allow`.
    case allow
    /// `deny`.
    case deny
    /// `ask`.
    case ask
}

/// `network.policy.source`: what made the decision.
public enum NetworkPolicyDecisionSource: String, Sendable, Hashable, CaseIterable {
    /// `baseline_policy`: the allow and deny lists.
    case baselinePolicy = "baseline_policy"
    /// `mode_guard`: the limited mode's method guard.
    case modeGuard = "mode_guard"
    /// `proxy_state`: the proxy's own state (disabled, unix sockets unsupported).
    case proxyState = "proxy_state"
    /// `decider`: the embedding application's policy hook.
    case decider
}

/// `network.policy.reason`: `allow`, or why the request was not allowed. An open set.
public struct NetworkPolicyReason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The rendering.
    public let rawValue: String
    /// Wraps a rendering.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The rendering.
    public var description: String { rawValue }

    /// `allow`.
    public static let allow = NetworkPolicyReason(rawValue: "allow")
    /// `not_allowed`: not on the allow list.
    public static let notAllowed = NetworkPolicyReason(rawValue: "not_allowed")
    /// `denied`: on the deny list.
    public static let denied = NetworkPolicyReason(rawValue: "denied")
    /// `not_allowed_local`: a local or private address.
    public static let notAllowedLocal = NetworkPolicyReason(rawValue: "not_allowed_local")
    /// `method_not_allowed`: the limited mode refuses the method.
    public static let methodNotAllowed = NetworkPolicyReason(rawValue: "method_not_allowed")
    /// `mitm_required`.
    public static let mitmRequired = NetworkPolicyReason(rawValue: "mitm_required")
    /// `proxy_disabled`.
    public static let proxyDisabled = NetworkPolicyReason(rawValue: "proxy_disabled")
    /// `unix_socket_unsupported`.
    public static let unixSocketUnsupported = NetworkPolicyReason(rawValue: "unix_socket_unsupported")
    /// `policy_denied`: the decider denied it.
    public static let policyDenied = NetworkPolicyReason(rawValue: "policy_denied")
}

/// `network.transport.protocol`.
public enum NetworkTransportProtocol: String, Sendable, Hashable, CaseIterable {
    /// `http`.
    case http
    /// `https_connect`.
    case httpsConnect = "https_connect"
    /// `socks5_tcp`.
    case socks5TCP = "socks5_tcp"
    /// `socks5_udp`.
    case socks5UDP = "socks5_udp"
}

/// Where a request goes: a host and port, or a unix socket (whose path is never recorded).
public enum NetworkProxyDestination: Sendable, Hashable {
    /// A host and port. Anything beyond the host (a scheme, user information, a path, a query,
    /// a fragment) is dropped when recorded.
    case host(String, port: UInt16)
    /// A unix socket: `server.address` = `unix-socket`, `server.port` = 0.
    case unixSocket

    /// `server.address`: the bare host, or `unix-socket`.
    public var serverAddress: String {
        switch self {
        case .unixSocket: return "unix-socket"
        case .host(let host, _): return Self.bareHost(host)
        }
    }

    /// `server.port`.
    public var serverPort: Int {
        switch self {
        case .unixSocket: return 0
        case .host(_, let port): return Int(port)
        }
    }

    /// `text` without a scheme, user information, path, query or fragment.
    static func bareHost(_ text: String) -> String {
        var host = Substring(text)
        var index = host.startIndex
        while index < host.endIndex {
            if host[index...].hasPrefix("://") {
                host = host[host.index(index, offsetBy: 3)...]
                break
            }
            if host[index] == "/" || host[index] == "?" || host[index] == "#" { break }
            index = host.index(after: index)
        }
        if let end = host.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { host = host[..<end] }
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        return String(host)
    }
}

/// The session metadata a network-proxy audit event may carry; every field optional.
public struct NetworkProxyAuditMetadata: Sendable, Hashable {
    /// `conversation.id`.
    public var conversationID: String?
    /// `app.version`.
    public var appVersion: String?
    /// `auth_mode`.
    public var authMode: String?
    /// `originator`.
    public var originator: String?
    /// `user.account_id` (log-only).
    public var accountID: LaneValue<LogOnly>?
    /// `user.email` (log-only).
    public var accountEmail: LaneValue<LogOnly>?
    /// `terminal.type`.
    public var terminalType: String?
    /// `model`.
    public var model: String?
    /// `slug`.
    public var slug: String?

    /// Creates the metadata; everything absent by default.
    public init(
        conversationID: String? = nil, appVersion: String? = nil, authMode: String? = nil, originator: String? = nil,
        accountID: LaneValue<LogOnly>? = nil, accountEmail: LaneValue<LogOnly>? = nil, terminalType: String? = nil,
        model: String? = nil, slug: String? = nil
    ) {
        self.conversationID = conversationID
        self.appVersion = appVersion
        self.authMode = authMode
        self.originator = originator
        self.accountID = accountID
        self.accountEmail = accountEmail
        self.terminalType = terminalType
        self.model = model
        self.slug = slug
    }
}
