import OtelAPI

/// How a request was authenticated and what the server said about it (a later upstream
/// addition): the `auth.*` and `endpoint` fields of `codex.api_request` and
/// `codex.websocket_connect`, on both lanes.
///
/// Identifiers here (`auth.request_id`, `auth.cf_ray`) are server-issued request ids, and
/// `auth.error` is the server's short error text: the original exports them on traces too.
public struct AuthRequestDetails: Sendable, Hashable {
    /// `auth.header_attached`: an `Authorization` header was sent.
    public var headerAttached: Bool
    /// `auth.header_name`: which header carried the credential.
    public var headerName: String?
    /// `auth.retry_after_unauthorized`: this is a retry after a 401.
    public var retryAfterUnauthorized: Bool
    /// `auth.recovery_mode`.
    public var recoveryMode: String?
    /// `auth.recovery_phase`.
    public var recoveryPhase: String?
    /// `endpoint`: the endpoint's short name (never a URL with a query).
    public var endpoint: String
    /// `auth.request_id`.
    public var requestID: String?
    /// `auth.cf_ray`.
    public var cfRay: String?
    /// `auth.error`.
    public var error: String?
    /// `auth.error_code`.
    public var errorCode: String?

    /// Creates the details. `endpoint` is `unknown` by default, as the original's request wrapper
    /// reports it.
    public init(
        headerAttached: Bool = false, headerName: String? = nil, retryAfterUnauthorized: Bool = false,
        recoveryMode: String? = nil, recoveryPhase: String? = nil, endpoint: String = "unknown",
        requestID: String? = nil, cfRay: String? = nil, error: String? = nil, errorCode: String? = nil
    ) {
        self.headerAttached = headerAttached
        self.headerName = headerName
        self.retryAfterUnauthorized = retryAfterUnauthorized
        self.recoveryMode = recoveryMode
        self.recoveryPhase = recoveryPhase
        self.endpoint = endpoint
        self.requestID = requestID
        self.cfRay = cfRay
        self.error = error
        self.errorCode = errorCode
    }

    /// The fields that come before the auth-environment block, in the original's order.
    func appendLeadingFields(to fields: inout EventFields<TraceSafe>) {
        fields.set("auth.header_attached", .bool(headerAttached))
        fields.set("auth.header_name", headerName.map { .string($0) })
        fields.set("auth.retry_after_unauthorized", .bool(retryAfterUnauthorized))
        fields.set("auth.recovery_mode", recoveryMode.map { .string($0) })
        fields.set("auth.recovery_phase", recoveryPhase.map { .string($0) })
        fields.set("endpoint", .string(endpoint))
    }

    /// The fields that come after the auth-environment block, in the original's order.
    func appendTrailingFields(to fields: inout EventFields<TraceSafe>) {
        fields.set("auth.request_id", requestID.map { .string($0) })
        fields.set("auth.cf_ray", cfRay.map { .string($0) })
        fields.set("auth.error", error.map { .string($0) })
        fields.set("auth.error_code", errorCode.map { .string($0) })
    }
}
