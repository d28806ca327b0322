/// The HTTP version a response arrived with.
public enum HTTPProtocolVersion: Sendable, Equatable {
    /// HTTP/1.0.
    case http1_0
    /// HTTP/1.1.
    case http1_1
    /// HTTP/2 (h2 over TLS, or h2c by prior knowledge).
    case http2
    /// HTTP/3.
    case http3
    /// libcurl reported no version it names.
    case unknown
}

/// One HTTP response, as received by ``CurlHTTPClient``.
public struct HTTPResponse: Sendable {
    /// The status code of the final response (informational 1xx responses are skipped).
    public var status: Int
    /// Header fields in arrival order, names as received (HTTP/2 names are lowercase).
    public var headers: [(String, String)]
    /// The response body.
    public var body: [UInt8]
    /// Fields that arrived after the header block: HTTP/2 trailers (gRPC status) or HTTP/1.1
    /// chunked trailers.
    public var trailers: [(String, String)]
    /// The HTTP version used.
    public var httpVersion: HTTPProtocolVersion
    /// How many new connections this request opened: 0 means a kept-alive connection was reused.
    public var newConnections: Int

    /// Creates a response.
    public init(
        status: Int,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        trailers: [(String, String)] = [],
        httpVersion: HTTPProtocolVersion = .http1_1,
        newConnections: Int = 0
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.trailers = trailers
        self.httpVersion = httpVersion
        self.newConnections = newConnections
    }

    /// The value of the first header called `name`, compared case-insensitively.
    public func headerValue(_ name: String) -> String? {
        Self.firstValue(named: name, in: headers)
    }

    /// The value of the first trailer called `name`, compared case-insensitively.
    public func trailerValue(_ name: String) -> String? {
        Self.firstValue(named: name, in: trailers)
    }

    /// The parsed `Retry-After` header, if there is a valid one.
    public var retryAfter: RetryAfter? {
        headerValue("retry-after").flatMap { RetryAfter(headerValue: $0) }
    }

    static func firstValue(named name: String, in fields: [(String, String)]) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.0.lowercased() == wanted }?.1
    }
}
