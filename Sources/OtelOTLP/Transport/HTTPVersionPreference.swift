/// Which HTTP version ``CurlHTTPClient`` asks for.
public enum HTTPVersionPreference: Sendable, Equatable {
    /// HTTP/1.1, for OTLP/HTTP.
    case http1_1
    /// HTTP/2 without an upgrade round trip ("prior knowledge"): for gRPC to `http://` endpoints.
    case http2PriorKnowledge
    /// HTTP/2 negotiated by ALPN during the TLS handshake: for gRPC to `https://` endpoints.
    /// (libcurl falls back to HTTP/1.1 when the server does not offer h2.)
    case http2OverTLS
}
