/// The HTTP method of an ``HTTPRequest``.
public enum HTTPMethod: String, Sendable, Equatable {
    /// `POST`: every OTLP export.
    case post = "POST"
    /// `GET`: for health checks and control endpoints.
    case get = "GET"
}

/// One HTTP request, as sent by ``CurlHTTPClient``.
public struct HTTPRequest: Sendable {
    /// The method; OTLP exports use ``HTTPMethod/post``.
    public var method: HTTPMethod
    /// The absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields in order, as (name, value). Names and values must not contain CR, LF or NUL.
    /// Values are never copied into error messages.
    public var headers: [(String, String)]
    /// The request body (sent for ``HTTPMethod/post``; may be empty).
    public var body: [UInt8]
    /// The deadline for the whole request in milliseconds; `nil` uses the client's default.
    public var timeoutMilliseconds: Int?

    /// Creates a request.
    public init(
        method: HTTPMethod = .post,
        url: String,
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        timeoutMilliseconds: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}
