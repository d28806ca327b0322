/// Who decided whether a tool call may run, rendered as the `source` field of
/// `codex.tool_decision`.
public enum ToolDecisionSource: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The configuration (approval policy, allow lists): `Config`.
    case config = "Config"
    /// The user, when asked: `User`.
    case user = "User"
    /// An automated reviewer (a later upstream addition): `AutomatedReviewer`.
    case automatedReviewer = "AutomatedReviewer"

    /// The rendering used in events.
    public var description: String { rawValue }
}
