/// The outcome of an approval request for a tool call, rendered as the `decision` field of
/// `codex.tool_decision`: the original's variant name, lowercased.
public enum ReviewDecision: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Approved once: `approved`.
    case approved
    /// Approved, with an amendment of the exec policy: `approvedexecpolicyamendment`.
    case approvedExecPolicyAmendment
    /// Approved for the rest of the session: `approvedforsession`.
    case approvedForSession
    /// Approved by amending the network policy: `networkpolicyamendment`.
    case networkPolicyAmendment
    /// Denied: `denied`.
    case denied
    /// Aborted: `abort`.
    case abort

    /// The rendering used in events.
    public var description: String {
        switch self {
        case .approved: return "approved"
        case .approvedExecPolicyAmendment: return "approvedexecpolicyamendment"
        case .approvedForSession: return "approvedforsession"
        case .networkPolicyAmendment: return "networkpolicyamendment"
        case .denied: return "denied"
        case .abort: return "abort"
        }
    }
}
