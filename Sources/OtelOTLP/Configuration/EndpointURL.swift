/// A parsed `http://` or `https://` URL as an OTLP endpoint needs it: scheme, host, port, path.
///
/// Parsing is strict enough to reject what would fail later at connect time with a worse
/// message: a missing or unknown scheme, an empty host, a bad port.
public struct EndpointURL: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// The host name or address (IPv6 without brackets).
    public let host: String
    /// The port, explicit or the scheme's default.
    public let port: Int
    /// Whether the port was written in the URL.
    public let hasExplicitPort: Bool
    /// The path, `""` when none (never `/` alone).
    public let path: String
    /// The query, including `?`, or `""`.
    public let query: String

    /// Whether the scheme is `https`.
    public var isSecure: Bool { scheme == "https" }

    /// Parses `text`.
    ///
    /// - Throws: ``OTLPConfigurationError/malformedEndpoint(_:reason:)``.
    public init(_ text: String) throws(OTLPConfigurationError) {
        let trimmed = text.trimmingSpaces
        let shown = SecretRedaction.redactingCredentials(text)
        guard let colon = trimmed.firstIndex(of: ":"), trimmed[colon...].hasPrefix("://") else {
            throw .malformedEndpoint(shown, reason: "it has no scheme; write http://host:port or https://host:port")
        }
        let scheme = trimmed[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .malformedEndpoint(shown, reason: "the scheme must be http or https, not \(scheme)")
        }
        var rest = trimmed[trimmed.index(colon, offsetBy: 3)...]
        var query = ""
        if let questionMark = rest.firstIndex(of: "?") {
            query = String(rest[questionMark...])
            rest = rest[..<questionMark]
        }
        let authority: Substring
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[slash...]
        } else {
            authority = rest
        }
        if authority.contains("@") {
            throw .malformedEndpoint(shown, reason: "credentials in the URL are not supported; use headers")
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw .malformedEndpoint(shown, reason: "an IPv6 address is missing its closing ]")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw .malformedEndpoint(shown, reason: "unexpected text after the IPv6 address")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw .malformedEndpoint(shown, reason: "the host is empty") }
        guard !host.contains(where: { $0 == " " || $0 == "\t" }) else {
            throw .malformedEndpoint(shown, reason: "the host contains whitespace")
        }
        var port = scheme == "https" ? 443 : 80
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw .malformedEndpoint(shown, reason: "the port must be a number from 1 to 65535")
            }
            port = value
        }
        guard !HTTPHeaderRules.hasControlCharacter(trimmed, allowingTab: false) else {
            throw .malformedEndpoint(
                shown, reason: "it contains a space or a control character; percent-encode it (a space is %20)")
        }
        self.scheme = scheme
        self.host = String(host)
        self.port = port
        self.hasExplicitPort = portText != nil
        self.path = path == "/" ? "" : String(path)
        self.query = query
    }

    /// The URL with `suffix` appended to its path (a trailing `/` of the path is not doubled).
    public func appendingPath(_ suffix: String) -> String {
        var base = path
        while base.hasSuffix("/") { base.removeLast() }
        return origin + base + suffix + query
    }

    /// `scheme://host[:port]`.
    public var origin: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return hasExplicitPort ? "\(scheme)://\(hostPart):\(port)" : "\(scheme)://\(hostPart)"
    }

    /// The full URL.
    public var description: String { origin + path + query }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
