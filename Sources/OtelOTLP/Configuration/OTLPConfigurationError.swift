/// Why an OTLP exporter could not be configured. Every case names what to fix; none carries a
/// header value.
public enum OTLPConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The endpoint is not a usable URL (shown without credentials written in it).
    case malformedEndpoint(String, reason: String)
    /// The protocol is not `grpc`, `http/protobuf` or `http/json`.
    case unsupportedProtocol(String)
    /// The compression is not `gzip` or `none`.
    case unsupportedCompression(String)
    /// A header name is not a valid HTTP token. The description shows the name only up to its
    /// first invalid character (a value run into the name may follow it).
    case invalidHeaderName(String)
    /// A header value contains a control character (the name is given, never the value).
    case invalidHeaderValue(name: String)
    /// Only one of client certificate and client key was given.
    case incompleteClientCertificate
    /// A client certificate was given for a plain `http://` endpoint.
    case clientCertificateRequiresHTTPS(endpoint: String)
    /// A certificate or key file is missing or unreadable.
    case unreadableFile(role: String, path: String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .malformedEndpoint(let endpoint, let reason):
            return "invalid OTLP endpoint '\(endpoint)': \(reason)"
        case .unsupportedProtocol(let value):
            return "unsupported OTLP protocol '\(value)': use grpc, http/protobuf or http/json"
        case .unsupportedCompression(let value):
            return "unsupported OTLP compression '\(value)': use gzip or none"
        case .invalidHeaderName(let name) where name.isEmpty:
            return "invalid OTLP header name '': a header needs a name"
        case .invalidHeaderName(let name):
            return "invalid OTLP header name '\(SecretRedaction.shownHeaderName(name))' (shown up to its first invalid "
                + "character): use letters, digits and !#$%&'*+-.^_`|~, and '=' between name and value in OTEL_*_HEADERS"
        case .invalidHeaderValue(let name):
            return "invalid value for OTLP header '\(name)': it contains a control character"
        case .incompleteClientCertificate:
            return "client_certificate and client_private_key must both be provided for mTLS"
        case .clientCertificateRequiresHTTPS(let endpoint):
            return "a client certificate needs an https:// endpoint, not '\(endpoint)'"
        case .unreadableFile(let role, let path):
            return "cannot read the \(role) file at \(path): check that it exists, is a file and is readable"
        }
    }
}
