/// How a gRPC request message is compressed.
public enum GRPCCompression: Sendable, Equatable {
    /// Uncompressed (compressed flag 0).
    case none
    /// gzip (`grpc-encoding: gzip`, compressed flag 1).
    case gzip
}

/// The result of a unary gRPC call that got an answer from the server.
public struct GRPCUnaryResponse: Sendable {
    /// The call's status: from `grpc-status`/`grpc-message`, or synthesized for a protocol
    /// violation (``GRPCStatus/Code/internal``) or a non-gRPC HTTP answer.
    public var status: GRPCStatus
    /// The response message (decompressed), present when the status is OK.
    public var message: [UInt8]?
    /// The HTTP status of the answer (200 for any gRPC answer).
    public var httpStatus: Int
    /// The response headers (initial metadata).
    public var headers: [(String, String)]
    /// The trailers (trailing metadata); empty for a trailers-only answer.
    public var trailers: [(String, String)]

    /// Creates a response.
    public init(
        status: GRPCStatus,
        message: [UInt8]?,
        httpStatus: Int,
        headers: [(String, String)],
        trailers: [(String, String)]
    ) {
        self.status = status
        self.message = message
        self.httpStatus = httpStatus
        self.headers = headers
        self.trailers = trailers
    }
}

/// A minimal unary gRPC client over HTTP/2, on one reused libcurl connection.
///
/// `http://` endpoints use HTTP/2 by prior knowledge (h2c); `https://` endpoints negotiate h2 with
/// ALPN. Calls block: make them from an exporter's background thread.
public final class GRPCClient: Sendable {
    /// The endpoint URL, e.g. `http://localhost:4317` (a trailing `/` is ignored).
    public let endpoint: String
    private let http: CurlHTTPClient

    /// Header names this client sets itself; callers may not set them in metadata.
    private static let reservedMetadata: Set<String> = [
        "content-type", "te", "grpc-encoding", "grpc-accept-encoding", "grpc-timeout", "content-length",
    ]

    /// Creates a client for `endpoint`.
    ///
    /// `configuration.httpVersion` is ignored: the endpoint's scheme picks the HTTP/2 mode.
    /// - Throws: ``TransportError/invalidConfiguration(_:)`` for a URL that is not `http://` or
    ///   `https://`, and whatever ``CurlHTTPClient/init(configuration:)`` throws.
    public init(endpoint: String, configuration: CurlHTTPClient.Configuration = .init()) throws(TransportError) {
        var trimmedEndpoint = endpoint
        while trimmedEndpoint.hasSuffix("/") { trimmedEndpoint.removeLast() }
        let lowercased = trimmedEndpoint.lowercased()
        var httpConfiguration = configuration
        if lowercased.hasPrefix("https://") {
            httpConfiguration.httpVersion = .http2OverTLS
        } else if lowercased.hasPrefix("http://") {
            httpConfiguration.httpVersion = .http2PriorKnowledge
        } else {
            throw .invalidConfiguration(
                "the gRPC endpoint must start with http:// or https:// "
                    + "(for example http://localhost:4317)")
        }
        self.endpoint = trimmedEndpoint
        self.http = try CurlHTTPClient(configuration: httpConfiguration)
    }

    /// Calls `/<service>/<method>` with one request message and waits for the answer.
    ///
    /// - Parameters:
    ///   - service: the fully qualified service, e.g.
    ///     `opentelemetry.proto.collector.trace.v1.TraceService`.
    ///   - method: the method name; OTLP uses `Export`.
    ///   - message: the serialized request message.
    ///   - metadata: extra headers (e.g. API keys); names must be lowercase-able tokens and not
    ///     one of the gRPC protocol headers.
    ///   - compression: request compression.
    ///   - timeoutMilliseconds: the call's deadline (also sent as `grpc-timeout`); `nil` uses the
    ///     client's default.
    /// - Returns: the server's status and, on success, its response message.
    /// - Throws: ``TransportError`` when no answer arrived (connection, TLS, timeout) or the
    ///   request could not be built.
    public func unary(
        service: String,
        method: String = "Export",
        message: [UInt8],
        metadata: [(String, String)] = [],
        compression: GRPCCompression = .none,
        timeoutMilliseconds: Int? = nil
    ) throws(TransportError) -> GRPCUnaryResponse {
        let timeout = timeoutMilliseconds ?? http.configuration.timeoutMilliseconds
        var headers: [(String, String)] = [
            ("content-type", "application/grpc"),
            ("te", "trailers"),
            ("grpc-accept-encoding", "gzip"),
            ("grpc-timeout", "\(min(max(timeout, 1), 99_999_999))m"),
        ]
        var payload = message
        if compression == .gzip {
            headers.append(("grpc-encoding", "gzip"))
            do {
                payload = try Gzip.compress(message)
            } catch {
                throw .invalidConfiguration("could not gzip the request message: \(error)")
            }
        }
        for (name, value) in metadata {
            guard !Self.reservedMetadata.contains(name.lowercased()) else {
                throw .invalidConfiguration("metadata key '\(name)' is set by the gRPC client itself; remove it")
            }
            headers.append((name.lowercased(), value))
        }
        let body: [UInt8]
        do {
            body = try GRPCFraming.encode(payload, compressed: compression == .gzip)
        } catch {
            throw .invalidConfiguration("the request message is too large for gRPC: \(error)")
        }
        let request = HTTPRequest(
            method: .post,
            url: "\(endpoint)/\(service)/\(method)",
            headers: headers,
            body: body,
            timeoutMilliseconds: timeout
        )
        let response = try http.send(request)
        return Self.interpret(response)
    }

    /// Turns an HTTP/2 answer into a gRPC status and message.
    static func interpret(_ response: HTTPResponse) -> GRPCUnaryResponse {
        func result(_ status: GRPCStatus, _ message: [UInt8]? = nil) -> GRPCUnaryResponse {
            GRPCUnaryResponse(
                status: status,
                message: message,
                httpStatus: response.status,
                headers: response.headers,
                trailers: response.trailers
            )
        }
        let parsed = GRPCStatus.parse(headers: response.headers, trailers: response.trailers)
        guard response.status == 200 else {
            // An OK grpc-status does not make a non-200 answer (a proxy's error page) a success:
            // it carries no response message, so the HTTP status decides.
            if let parsed, !parsed.isOK { return result(parsed) }
            return result(GRPCStatus.fromHTTPStatus(response.status))
        }
        guard let status = parsed else {
            let contentType = response.headerValue("content-type") ?? ""
            let reason =
                contentType.lowercased().hasPrefix("application/grpc")
                ? "the server sent no grpc-status"
                : "the server did not answer with gRPC (content-type '\(contentType)')"
            return result(GRPCStatus(code: contentType.isEmpty ? .unknown : .internal, message: reason))
        }
        guard status.isOK else { return result(status) }
        let frames: [GRPCFrame]
        do {
            frames = try GRPCFraming.decode(response.body)
        } catch {
            return result(GRPCStatus(code: .internal, message: "invalid response framing: \(error)"))
        }
        guard frames.count == 1, let frame = frames.first else {
            return result(GRPCStatus(code: .internal, message: "a unary response has \(frames.count) messages, not 1"))
        }
        guard frame.compressed else { return result(status, frame.message) }
        let encoding = response.headerValue("grpc-encoding")?.lowercased() ?? "identity"
        guard encoding == "gzip" else {
            return result(
                GRPCStatus(
                    code: .internal, message: "the response is compressed with unsupported encoding '\(encoding)'"))
        }
        do {
            return result(status, try Gzip.decompress(frame.message))
        } catch {
            return result(GRPCStatus(code: .internal, message: "could not decompress the response: \(error)"))
        }
    }
}
