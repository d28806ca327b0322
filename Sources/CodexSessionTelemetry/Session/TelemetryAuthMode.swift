/// How the session's user authenticated, as events (`auth_mode`) and metric tags render it.
///
/// The renderings are the original crate's variant names: `ApiKey` and `Chatgpt`.
public enum TelemetryAuthMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// An API key: rendered `ApiKey`.
    case apiKey = "ApiKey"
    /// A ChatGPT sign-in: rendered `Chatgpt`.
    case chatgpt = "Chatgpt"

    /// The rendering used in events and metric tags.
    public var description: String { rawValue }
}
