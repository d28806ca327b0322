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

    /// libcurl's fixed text for a result code.
    static func errorText(_ code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "code \(code)" }
        return String(cString: text)
    }
}
