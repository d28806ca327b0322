import CCurl

/// Process-wide libcurl set-up.
enum CurlRuntime {
    /// The result of `curl_global_init`, which runs exactly once per process: Swift initializes a
    /// global `let` lazily under `swift_once`, so concurrent first uses wait for the one call.
    private static let globalInitResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// Runs `curl_global_init` if it has not run yet; throws if it failed.
    static func ensureInitialized() throws(TransportError) {
        let code = globalInitResult
        guard code == CURLE_OK else {
            throw .other(code: code, message: "curl_global_init failed: \(errorText(code))")
        }
    }

    /// libcurl's version string, e.g. `libcurl/7.88.1 OpenSSL/3.0.19 ... nghttp2/1.52.0`.
    static var version: String {
        guard let text = curl_version() else { return "unknown" }
        return String(cString: text)
    }

    /// libcurl's version as (major, minor, patch), parsed from ``version``; `nil` if unparseable.
    static let versionNumber: (major: Int, minor: Int, patch: Int)? = parseVersion(version)

    /// Whether this libcurl breaks a reused HTTP/2 prior-knowledge (h2c) connection: before 8.0.0
    /// the second request on it fails with "Error in the HTTP2 framing layer" (curl issue #10634,
    /// fixed by curl PR #10643 in 8.0.0; Debian 12 ships 7.88.1). The client then closes h2c
    /// connections after each request. Unknown versions are treated as affected.
    static let reusedH2CConnectionsFail: Bool = {
        guard let number = versionNumber else { return true }
        return number.major < 8
    }()

    static func parseVersion(_ text: String) -> (major: Int, minor: Int, patch: Int)? {
        guard let range = text.firstRange(of: "libcurl/") else { return nil }
        let token = text[range.upperBound...].prefix { $0 != " " }
        let parts = token.split(separator: ".").map { Int($0.prefix { $0.isNumber }) }
        guard parts.count >= 2, let major = parts[0], let minor = parts[1] else { return nil }
        return (major, minor, parts.count > 2 ? parts[2] ?? 0 : 0)
    }

    /// libcurl's fixed text for a result code.
    static func errorText(_ code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "code \(code)" }
        return String(cString: text)
    }

    /// The option numbers declared in ccurl.h that the client uses, by libcurl's name (without
    /// the `CURLOPT_` prefix). Tests compare each with ``libcurlOptionNumber(_:)``.
    static let declaredOptions: [(name: String, value: Int32)] = [
        ("WRITEDATA", CURLOPT_WRITEDATA), ("URL", CURLOPT_URL), ("ERRORBUFFER", CURLOPT_ERRORBUFFER),
        ("WRITEFUNCTION", CURLOPT_WRITEFUNCTION), ("POSTFIELDS", CURLOPT_POSTFIELDS),
        ("USERAGENT", CURLOPT_USERAGENT), ("HTTPHEADER", CURLOPT_HTTPHEADER), ("SSLCERT", CURLOPT_SSLCERT),
        ("HEADERDATA", CURLOPT_HEADERDATA), ("VERBOSE", CURLOPT_VERBOSE), ("NOPROGRESS", CURLOPT_NOPROGRESS),
        ("POST", CURLOPT_POST), ("FOLLOWLOCATION", CURLOPT_FOLLOWLOCATION), ("FORBID_REUSE", CURLOPT_FORBID_REUSE),
        ("SSL_VERIFYPEER", CURLOPT_SSL_VERIFYPEER), ("CAINFO", CURLOPT_CAINFO),
        ("HEADERFUNCTION", CURLOPT_HEADERFUNCTION), ("HTTPGET", CURLOPT_HTTPGET),
        ("SSL_VERIFYHOST", CURLOPT_SSL_VERIFYHOST), ("HTTP_VERSION", CURLOPT_HTTP_VERSION),
        ("SSLKEY", CURLOPT_SSLKEY), ("CAPATH", CURLOPT_CAPATH), ("NOSIGNAL", CURLOPT_NOSIGNAL),
        ("POSTFIELDSIZE_LARGE", CURLOPT_POSTFIELDSIZE_LARGE), ("TIMEOUT_MS", CURLOPT_TIMEOUT_MS),
        ("CONNECTTIMEOUT_MS", CURLOPT_CONNECTTIMEOUT_MS), ("TCP_KEEPALIVE", CURLOPT_TCP_KEEPALIVE),
    ]

    /// The running libcurl's number for an option name (from its own option table), or `nil`.
    static func libcurlOptionNumber(_ name: String) -> Int32? {
        let value = ccurl_option_id_by_name(name)
        return value < 0 ? nil : value
    }
}
