/// A failure to deliver an OTLP request or to read its response.
///
/// Messages say what went wrong and what to check. They never contain request header values
/// (headers often carry API keys): details that come from libcurl are scrubbed of every header
/// value of the request before they are stored here.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The client or the request cannot be used as configured (bad endpoint URL, unreadable
    /// certificate file, invalid header, HTTP/2 missing from libcurl). Retrying will not help.
    case invalidConfiguration(String)
    /// No connection could be opened (host not resolved, connection refused, unreachable).
    case connectFailed(String)
    /// The request did not complete within its deadline.
    case timedOut(milliseconds: Int, detail: String)
    /// The TLS handshake failed or a certificate was rejected, on either side.
    case tlsFailed(String)
    /// The request could not be sent completely.
    case sendFailed(String)
    /// The response could not be read completely, or it broke the protocol.
    case receiveFailed(String)
    /// Any other libcurl failure: its result code and message.
    case other(code: Int32, message: String)

    /// A sentence for logs: what failed, libcurl's detail, and what to check.
    public var description: String {
        switch self {
        case .invalidConfiguration(let detail):
            return "OTLP transport: invalid configuration: \(detail)"
        case .connectFailed(let detail):
            return "OTLP transport: could not connect to the endpoint (\(detail)). "
                + "Check that the collector is running and that the endpoint's host and port are right."
        case .timedOut(let milliseconds, let detail):
            return "OTLP transport: no complete response within \(milliseconds) ms (\(detail)). "
                + "The collector may be overloaded or unreachable; check the network or raise the exporter timeout."
        case .tlsFailed(let detail):
            return "OTLP transport: TLS failed (\(detail)). Check that the CA certificate file signed the "
                + "server's certificate and that the certificate names the host in the endpoint URL; for mTLS "
                + "check the client certificate and key; use an http:// endpoint if the collector has no TLS."
        case .sendFailed(let detail):
            return "OTLP transport: sending the request failed (\(detail)). "
                + "The collector or the network closed the connection; the export may be retried."
        case .receiveFailed(let detail):
            return "OTLP transport: reading the response failed (\(detail)). "
                + "The collector closed the connection or answered in an unexpected way; the export may be retried."
        case .other(let code, let message):
            return "OTLP transport: libcurl error \(code) (\(message))."
        }
    }

    /// Whether sending the same request again later may succeed. Only configuration errors are
    /// final: TLS failures count as retryable because a connection reset during a handshake looks
    /// the same as a rejected certificate, and dropping telemetry on a transient fault is worse
    /// than a bounded number of futile retries.
    public var isRetryable: Bool {
        switch self {
        case .invalidConfiguration: return false
        case .connectFailed, .timedOut, .tlsFailed, .sendFailed, .receiveFailed, .other: return true
        }
    }
}
