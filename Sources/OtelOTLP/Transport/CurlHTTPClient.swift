import CCurl
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking HTTP client on one reused libcurl easy handle.
///
/// The handle keeps its connection alive between requests, so consecutive exports to the same
/// endpoint share one TCP (and TLS) connection. (Exception: with libcurl older than 8.0.0, such as
/// Debian 12's 7.88.1, an HTTP/2 prior-knowledge connection to an `http://` URL is closed after
/// each request, because those versions fail the second request on it.) A lock lets one request run at a time; others
/// wait. Requests block the calling thread until the response is complete or the deadline passes:
/// call ``send(_:)`` from an exporter's background thread, never from the application's hot path.
public final class CurlHTTPClient: Sendable {
    /// Settings that apply to every request of a client.
    public struct Configuration: Sendable, Equatable {
        /// The HTTP version to ask for.
        public var httpVersion: HTTPVersionPreference
        /// TLS settings for `https://` URLs.
        public var tls: TLSConfiguration
        /// The deadline of a request without its own ``HTTPRequest/timeoutMilliseconds``.
        public var timeoutMilliseconds: Int
        /// The longest wait for a connection (capped by the request's deadline).
        public var connectTimeoutMilliseconds: Int
        /// Responses with a longer body fail with ``TransportError/receiveFailed(_:)``.
        public var maxResponseBodyBytes: Int
        /// The `User-Agent` header, unless the request sets one; `nil` sends none.
        public var userAgent: String?

        /// Creates a configuration. The defaults suit OTLP/HTTP: HTTP/1.1, verified TLS against
        /// the system CAs, 10 s deadline, 4 MiB response limit.
        public init(
            httpVersion: HTTPVersionPreference = .http1_1,
            tls: TLSConfiguration = TLSConfiguration(),
            timeoutMilliseconds: Int = 10_000,
            connectTimeoutMilliseconds: Int = 10_000,
            maxResponseBodyBytes: Int = 4 * 1024 * 1024,
            userAgent: String? = "swift-codex-otel"
        ) {
            self.httpVersion = httpVersion
            self.tls = tls
            self.timeoutMilliseconds = timeoutMilliseconds
            self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
            self.maxResponseBodyBytes = maxResponseBodyBytes
            self.userAgent = userAgent
        }
    }

    /// The settings this client was made with.
    public let configuration: Configuration

    private let handle: Mutex<CurlEasyHandle>

    /// Creates a client and its libcurl handle.
    ///
    /// - Throws: ``TransportError/invalidConfiguration(_:)`` when a timeout is not positive or a
    ///   TLS file cannot be read; ``TransportError/other(code:message:)`` when libcurl cannot start.
    public init(configuration: Configuration = Configuration()) throws(TransportError) {
        try Self.validate(configuration)
        try CurlRuntime.ensureInitialized()
        guard let easy = CurlEasyHandle() else {
            throw .other(code: CURLE_FAILED_INIT, message: "curl_easy_init returned no handle (out of memory?)")
        }
        self.configuration = configuration
        self.handle = Mutex(easy)
    }

    /// The version string of the libcurl in use.
    public static var libcurlVersion: String { CurlRuntime.version }

    /// Sends `request` and waits for the complete response.
    ///
    /// Any HTTP status is a response, not an error; only failures to exchange a response throw.
    /// - Throws: ``TransportError``.
    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let prepared = try PreparedRequest(request, configuration: configuration)
        let configuration = self.configuration
        return try handle.withLock { (easy: inout CurlEasyHandle) throws(TransportError) -> HTTPResponse in
            try easy.perform(prepared, configuration: configuration)
        }
    }

    private static func validate(_ configuration: Configuration) throws(TransportError) {
        guard configuration.timeoutMilliseconds > 0, configuration.connectTimeoutMilliseconds > 0 else {
            throw .invalidConfiguration(
                "timeouts must be positive (got \(configuration.timeoutMilliseconds) ms "
                    + "and connect \(configuration.connectTimeoutMilliseconds) ms)")
        }
        guard configuration.maxResponseBodyBytes >= 0 else {
            throw .invalidConfiguration("maxResponseBodyBytes must not be negative")
        }
        let tls = configuration.tls
        if tls.clientKeyFile != nil, tls.clientCertificateFile == nil {
            throw .invalidConfiguration(
                "a client key file is set without a client certificate file; "
                    + "set both for mutual TLS")
        }
        let files: [(String, String?)] = [
            ("CA certificate", tls.trustedCAFile),
            ("client certificate", tls.clientCertificateFile),
            ("client key", tls.clientKeyFile),
        ]
        for (what, path) in files {
            guard let path else { continue }
            guard TLSFiles.isReadableFile(path) else {
                throw .invalidConfiguration(
                    "the \(what) file '\(path)' does not exist or is not readable; "
                        + "point the TLS settings at a readable PEM file")
            }
        }
    }
}

/// A request checked and turned into the strings libcurl takes.
struct PreparedRequest: Sendable {
    let url: String
    let isPost: Bool
    let isHTTPS: Bool
    let headerLines: [String]
    let body: [UInt8]
    let timeoutMilliseconds: Int
    /// Header values, longest first, to scrub from libcurl's error text.
    let secrets: [String]

    init(_ request: HTTPRequest, configuration: CurlHTTPClient.Configuration) throws(TransportError) {
        let lowercasedURL = request.url.lowercased()
        guard lowercasedURL.hasPrefix("http://") || lowercasedURL.hasPrefix("https://") else {
            throw .invalidConfiguration(
                "the endpoint URL must start with http:// or https:// "
                    + "(got a URL starting with '\(request.url.prefix(8))')")
        }
        guard !HTTPHeaderRules.hasControlCharacter(request.url, allowingTab: false) else {
            throw .invalidConfiguration("the endpoint URL contains a control character or space")
        }
        let timeout = request.timeoutMilliseconds ?? configuration.timeoutMilliseconds
        guard timeout > 0 else {
            throw .invalidConfiguration("the request timeout must be positive (got \(timeout) ms)")
        }
        var lines: [String] = []
        var names: Set<String> = []
        for (name, value) in request.headers {
            guard HTTPHeaderRules.isToken(name) else {
                throw .invalidConfiguration(
                    "the header name '\(SecretRedaction.shownHeaderName(name))' (shown up to its first invalid "
                        + "character) is not a valid HTTP field name")
            }
            guard !HTTPHeaderRules.hasControlCharacter(value, allowingTab: true) else {
                throw .invalidConfiguration(
                    "the value of header '\(name)' contains CR, LF or another "
                        + "control character (value not shown)")
            }
            names.insert(name.lowercased())
            // libcurl removes a header given as "Name:"; "Name;" sends it with an empty value.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if request.method == .post, !names.contains("content-type") {
            lines.append("Content-Type:")  // no libcurl form-encoding default
        }
        if !names.contains("expect") {
            lines.append("Expect:")  // no 100-continue round trip on HTTP/1.1
        }
        if let agent = configuration.userAgent, !names.contains("user-agent"), !agent.isEmpty,
            !HTTPHeaderRules.hasControlCharacter(agent, allowingTab: true)
        {
            lines.append("User-Agent: \(agent)")
        }
        self.url = request.url
        self.isPost = request.method == .post
        self.isHTTPS = lowercasedURL.hasPrefix("https://")
        self.headerLines = lines
        self.body = request.body
        self.timeoutMilliseconds = timeout
        self.secrets = request.headers.map { $0.1 }.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }
}

/// The libcurl easy handle, closed when the client goes away.
struct CurlEasyHandle: ~Copyable {
    private let raw: UnsafeMutableRawPointer

    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
    }

    deinit {
        curl_easy_cleanup(raw)
    }

    /// Runs one transfer. The handle's options are reset first; its connection cache is kept.
    func perform(
        _ request: PreparedRequest, configuration: CurlHTTPClient.Configuration
    ) throws(TransportError)
        -> HTTPResponse
    {
        let easy = raw
        curl_easy_reset(easy)

        let transfer = CurlTransfer(maxBodyBytes: configuration.maxResponseBodyBytes)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for line in request.headerLines {
            guard let appended = curl_slist_append(headerList, line) else {
                throw .other(code: CURLE_OUT_OF_MEMORY, message: "out of memory building the header list")
            }
            headerList = appended
        }
        // Runs before the buffers above are freed: the handle must not keep pointers to them (the
        // error buffer could otherwise be written while libcurl closes connections later).
        defer { curl_easy_reset(easy) }

        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try set("NOSIGNAL", ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        try set("ERRORBUFFER", ccurl_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        try set("URL", ccurl_setopt_str(easy, CURLOPT_URL, request.url))
        try set("HTTPHEADER", ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
        try set("FOLLOWLOCATION", ccurl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        try set("TCP_KEEPALIVE", ccurl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
        try set("TIMEOUT_MS", ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds))
        let connectTimeout = min(configuration.connectTimeoutMilliseconds, request.timeoutMilliseconds)
        try set("CONNECTTIMEOUT_MS", ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, connectTimeout))
        try setHTTPVersion(configuration.httpVersion, on: easy)
        if configuration.httpVersion == .http2PriorKnowledge, !request.isHTTPS, CurlRuntime.reusedH2CConnectionsFail {
            // libcurl < 8.0.0 cannot send a second request on an h2c connection: close it after use.
            try set("FORBID_REUSE", ccurl_setopt_long(easy, CURLOPT_FORBID_REUSE, 1))
        }
        try setTLS(configuration.tls, on: easy)
        try set("WRITEFUNCTION", ccurl_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, CurlTransfer.writeCallback))
        try set("WRITEDATA", ccurl_setopt_ptr(easy, CURLOPT_WRITEDATA, context))
        try set("HEADERFUNCTION", ccurl_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, CurlTransfer.headerCallback))
        try set("HEADERDATA", ccurl_setopt_ptr(easy, CURLOPT_HEADERDATA, context))
        if request.isPost {
            try set("POST", ccurl_setopt_long(easy, CURLOPT_POST, 1))
        } else {
            try set("HTTPGET", ccurl_setopt_long(easy, CURLOPT_HTTPGET, 1))
        }

        // CURLOPT_POSTFIELDS is not copied: the body buffer must outlive curl_easy_perform, so both
        // happen inside one withUnsafeBytes scope; `transfer` is kept alive for the callbacks.
        let (setCode, code): (CURLcode, CURLcode) = withExtendedLifetime(transfer) {
            request.body.withUnsafeBytes { body in
                if request.isPost {
                    let setCode = ccurl_setopt_postfields(easy, body.baseAddress, curl_off_t(body.count))
                    guard setCode == CURLE_OK else { return (setCode, CURLE_OK) }
                }
                return (CURLE_OK, curl_easy_perform(easy))
            }
        }
        try set("POSTFIELDS", setCode)

        guard code == CURLE_OK else {
            let detail = Self.detail(code: code, buffer: errorBuffer, secrets: request.secrets)
            if code == CURLE_WRITE_ERROR, transfer.bodyLimitExceeded {
                throw .receiveFailed(
                    "the response body is larger than the limit of "
                        + "\(configuration.maxResponseBodyBytes) bytes")
            }
            var newConnections = 0
            _ = ccurl_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &newConnections)
            if request.isHTTPS, newConnections > 0, !transfer.receivedResponse,
                Self.closedByPeerCodes.contains(code)
            {
                // The server dropped a new connection right after the handshake without a word: what
                // a TLS 1.3 server does when it rejects (or misses) the client certificate, since
                // with TLS 1.3 the client's handshake ends before the server checks its certificate.
                let hint =
                    configuration.tls.clientCertificateFile == nil
                    ? "it probably requires a client certificate (mTLS): configure a client certificate and key"
                    : "it probably rejected the client certificate: check that the collector trusts its CA"
                throw .tlsFailed(
                    "the collector closed the new connection right after the TLS handshake, before "
                        + "answering; \(hint) (libcurl: \(detail))")
            }
            throw Self.mapError(code: code, detail: detail, timeoutMilliseconds: request.timeoutMilliseconds)
        }

        var status = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var connects = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
        var version = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        return HTTPResponse(
            status: status,
            headers: transfer.headers,
            body: transfer.body,
            trailers: transfer.trailers,
            httpVersion: Self.protocolVersion(version),
            newConnections: connects
        )
    }

    private func setHTTPVersion(
        _ preference: HTTPVersionPreference, on easy: UnsafeMutableRawPointer
    )
        throws(TransportError)
    {
        let value: Int32
        switch preference {
        case .http1_1: value = CURL_HTTP_VERSION_1_1
        case .http2PriorKnowledge: value = CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
        case .http2OverTLS: value = CURL_HTTP_VERSION_2TLS
        }
        let code = ccurl_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(value))
        guard code == CURLE_OK else {
            if preference != .http1_1 {
                throw .invalidConfiguration(
                    "this libcurl (\(CurlRuntime.version)) cannot speak HTTP/2, "
                        + "which gRPC needs; install a libcurl built with nghttp2 or use OTLP/HTTP")
            }
            try set("HTTP_VERSION", code)
            return
        }
    }

    private func setTLS(_ tls: TLSConfiguration, on easy: UnsafeMutableRawPointer) throws(TransportError) {
        try set("SSL_VERIFYPEER", ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, tls.insecure ? 0 : 1))
        try set("SSL_VERIFYHOST", ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, tls.insecure ? 0 : 2))
        if let caFile = tls.trustedCAFile {
            try set("CAINFO", ccurl_setopt_str(easy, CURLOPT_CAINFO, caFile))
            // Only the given CAs: drop the built-in CA directory as well.
            try set("CAPATH", ccurl_setopt_str(easy, CURLOPT_CAPATH, nil))
        }
        if let certificate = tls.clientCertificateFile {
            try set("SSLCERT", ccurl_setopt_str(easy, CURLOPT_SSLCERT, certificate))
        }
        if let key = tls.clientKeyFile {
            try set("SSLKEY", ccurl_setopt_str(easy, CURLOPT_SSLKEY, key))
        }
    }

    private func set(_ option: String, _ code: CURLcode) throws(TransportError) {
        guard code == CURLE_OK else {
            throw .other(
                code: code, message: "libcurl rejected option CURLOPT_\(option): \(CurlRuntime.errorText(code))")
        }
    }

    private static func protocolVersion(_ value: Int) -> HTTPProtocolVersion {
        switch value {
        case Int(CURL_HTTP_VERSION_1_0): return .http1_0
        case Int(CURL_HTTP_VERSION_1_1): return .http1_1
        case Int(CURL_HTTP_VERSION_2_0): return .http2
        case 30: return .http3  // CURL_HTTP_VERSION_3
        default: return .unknown
        }
    }

    /// libcurl's detailed message (or its generic one), with every header value removed.
    static func detail(code: CURLcode, buffer: UnsafePointer<CChar>, secrets: [String]) -> String {
        var text = String(cString: buffer)
        if text.isEmpty { text = CurlRuntime.errorText(code) }
        while let last = text.last, last.isNewline { text.removeLast() }
        for secret in secrets where text.contains(secret) {
            text = text.replacing(secret, with: "<redacted>")
        }
        return text
    }

    /// Codes for "the peer closed the connection" (reset, EOF, HTTP/2 stream cut short).
    static let closedByPeerCodes: Set<CURLcode> = [
        CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM,
    ]

    /// Sorts a libcurl result code into a ``TransportError`` case.
    static func mapError(code: CURLcode, detail: String, timeoutMilliseconds: Int) -> TransportError {
        switch code {
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
            CURLE_INTERFACE_FAILED, CURLE_PROXY:
            return .connectFailed(detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(milliseconds: timeoutMilliseconds, detail: detail)
        case CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CRL_BADFILE:
            // A local file that OpenSSL cannot use: every retry would fail the same way.
            return .invalidConfiguration(
                "a TLS certificate or key file could not be used (\(detail)); check that the CA certificate, the "
                    + "client certificate and the client key are PEM files and that the key matches the certificate")
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CIPHER,
            CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            return .tlsFailed(detail)
        case CURLE_SEND_ERROR, CURLE_UPLOAD_FAILED, CURLE_READ_ERROR, CURLE_SEND_FAIL_REWIND:
            // With TLS 1.3 a server's rejection of the client certificate arrives as an alert on
            // the first read or write after the handshake.
            return isTLSDetail(detail) ? .tlsFailed(detail) : .sendFailed(detail)
        case CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2,
            CURLE_HTTP2_STREAM, CURLE_BAD_CONTENT_ENCODING, CURLE_WRITE_ERROR:
            return isTLSDetail(detail) ? .tlsFailed(detail) : .receiveFailed(detail)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_NOT_BUILT_IN:
            return .invalidConfiguration(
                "libcurl cannot use this endpoint URL (\(detail)); "
                    + "check the URL's scheme, host and port")
        default:
            return .other(code: code, message: detail)
        }
    }

    private static func isTLSDetail(_ detail: String) -> Bool {
        detail.contains("SSL") || detail.contains("TLS") || detail.contains("alert")
    }
}
