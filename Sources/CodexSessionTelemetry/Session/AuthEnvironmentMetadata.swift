import OtelAPI

/// Which authentication settings the environment provides (a later upstream addition): booleans
/// and the provider's key *name*, never a key.
///
/// Attached with ``SessionTelemetry/withAuthEnvironment(_:)``; from then on
/// `codex.conversation_starts`, `codex.api_request`, `codex.websocket_connect` and
/// `codex.websocket_request` carry the `auth.env_*` fields on both lanes. Sessions that never
/// call it keep the seed-era field sets.
public struct AuthEnvironmentMetadata: Sendable, Hashable {
    /// `auth.env_openai_api_key_present`: `OPENAI_API_KEY` is set.
    public var openAIAPIKeyPresent: Bool
    /// `auth.env_codex_api_key_present`: `CODEX_API_KEY` is set.
    public var codexAPIKeyPresent: Bool
    /// `auth.env_codex_api_key_enabled`: `CODEX_API_KEY` is honoured.
    public var codexAPIKeyEnabled: Bool
    /// `auth.env_provider_key_name`: the name of the model provider's key variable.
    public var providerKeyName: String?
    /// `auth.env_provider_key_present`: whether that variable is set.
    public var providerKeyPresent: Bool?
    /// `auth.env_refresh_token_url_override_present`: the refresh-token URL is overridden.
    public var refreshTokenURLOverridePresent: Bool

    /// Creates the metadata; everything absent by default.
    public init(
        openAIAPIKeyPresent: Bool = false, codexAPIKeyPresent: Bool = false, codexAPIKeyEnabled: Bool = false,
        providerKeyName: String? = nil, providerKeyPresent: Bool? = nil, refreshTokenURLOverridePresent: Bool = false
    ) {
        self.openAIAPIKeyPresent = openAIAPIKeyPresent
        self.codexAPIKeyPresent = codexAPIKeyPresent
        self.codexAPIKeyEnabled = codexAPIKeyEnabled
        self.providerKeyName = providerKeyName
        self.providerKeyPresent = providerKeyPresent
        self.refreshTokenURLOverridePresent = refreshTokenURLOverridePresent
    }

    /// The `auth.env_*` fields, in the original's order (absent optionals omitted).
    func appendFields(to fields: inout EventFields<TraceSafe>) {
        fields.set("auth.env_openai_api_key_present", .bool(openAIAPIKeyPresent))
        fields.set("auth.env_codex_api_key_present", .bool(codexAPIKeyPresent))
        fields.set("auth.env_codex_api_key_enabled", .bool(codexAPIKeyEnabled))
        fields.set("auth.env_provider_key_name", providerKeyName.map { .string($0) })
        fields.set("auth.env_provider_key_present", providerKeyPresent.map { .bool($0) })
        fields.set("auth.env_refresh_token_url_override_present", .bool(refreshTokenURLOverridePresent))
    }
}
