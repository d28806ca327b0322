/// Why a receiver could not start.
public enum OTLPReceiverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host is not a numeric IPv4 address.
    case invalidHost(String)
    /// A socket call failed; `operation` names it (`bind 127.0.0.1:4318`), `code` is `errno`.
    case socketFailed(operation: String, code: Int32, message: String)
    /// The background thread could not be created; `code` is the `pthread_create` result.
    case threadStartFailed(code: Int32)
    /// A setting is out of range.
    case invalidConfiguration(String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .invalidHost(let host):
            return "the receiver host '\(host.prefix(100))' is not a numeric IPv4 address; use 127.0.0.1"
        case .socketFailed(let operation, let code, let message):
            let hint = code == 98 ? "; pick another port, or 0 to let the kernel choose" : ""
            return "\(operation) failed: \(message) (errno \(code))\(hint)"
        case .threadStartFailed(let code):
            return
                "the receiver thread could not start (pthread_create returned \(code)); the process may be out of threads"
        case .invalidConfiguration(let message):
            return "invalid receiver configuration: \(message)"
        }
    }
}
