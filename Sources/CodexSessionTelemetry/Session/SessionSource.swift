/// Where the session was started, rendered as the `session_source` metric tag.
public enum SessionSource: Sendable, Hashable, CustomStringConvertible {
    /// The interactive terminal UI: `cli`.
    case cli
    /// The VS Code extension: `vscode`.
    case vscode
    /// `codex exec`: `exec`.
    case exec
    /// The MCP server: `mcp`.
    case mcp
    /// A sub-agent of another session: `subagent_<name>`.
    case subagent(String)
    /// Anything else: `unknown`.
    case unknown

    /// The rendering: `cli`, `vscode`, `exec`, `mcp`, `subagent_<name>` or `unknown`.
    public var description: String {
        switch self {
        case .cli: return "cli"
        case .vscode: return "vscode"
        case .exec: return "exec"
        case .mcp: return "mcp"
        case .subagent(let name): return "subagent_" + name
        case .unknown: return "unknown"
        }
    }
}
