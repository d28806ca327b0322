/// The reasoning effort requested from the model, rendered in lowercase (`low`, `high`, …).
///
/// An open set: values this port does not name can be made with ``init(rawValue:)``.
public struct ReasoningEffort: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The rendering.
    public let rawValue: String
    /// Wraps a rendering.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The rendering.
    public var description: String { rawValue }

    /// `none`.
    public static let none = ReasoningEffort(rawValue: "none")
    /// `minimal`.
    public static let minimal = ReasoningEffort(rawValue: "minimal")
    /// `low`.
    public static let low = ReasoningEffort(rawValue: "low")
    /// `medium`.
    public static let medium = ReasoningEffort(rawValue: "medium")
    /// `high`.
    public static let high = ReasoningEffort(rawValue: "high")
    /// `xhigh`.
    public static let xhigh = ReasoningEffort(rawValue: "xhigh")
}

/// The reasoning summary mode, rendered in lowercase (`auto`, `concise`, …).
public struct ReasoningSummary: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The rendering.
    public let rawValue: String
    /// Wraps a rendering.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The rendering.
    public var description: String { rawValue }

    /// `auto`.
    public static let auto = ReasoningSummary(rawValue: "auto")
    /// `concise`.
    public static let concise = ReasoningSummary(rawValue: "concise")
    /// `detailed`.
    public static let detailed = ReasoningSummary(rawValue: "detailed")
    /// `none`.
    public static let none = ReasoningSummary(rawValue: "none")
}

/// When Codex asks the user before running a command, rendered in kebab-case (`on-request`, …).
public struct ApprovalPolicy: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The rendering.
    public let rawValue: String
    /// Wraps a rendering.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The rendering.
    public var description: String { rawValue }

    /// `untrusted`.
    public static let untrusted = ApprovalPolicy(rawValue: "untrusted")
    /// `on-failure`.
    public static let onFailure = ApprovalPolicy(rawValue: "on-failure")
    /// `on-request`.
    public static let onRequest = ApprovalPolicy(rawValue: "on-request")
    /// `never`.
    public static let never = ApprovalPolicy(rawValue: "never")
}

/// The sandbox commands run in, rendered in kebab-case (`workspace-write`, …).
public struct SandboxPolicy: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The rendering.
    public let rawValue: String
    /// Wraps a rendering.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The rendering.
    public var description: String { rawValue }

    /// `danger-full-access`.
    public static let dangerFullAccess = SandboxPolicy(rawValue: "danger-full-access")
    /// `read-only`.
    public static let readOnly = SandboxPolicy(rawValue: "read-only")
    /// `workspace-write`.
    public static let workspaceWrite = SandboxPolicy(rawValue: "workspace-write")
    /// `external-sandbox`.
    public static let externalSandbox = SandboxPolicy(rawValue: "external-sandbox")
}
