import OtelSDK

/// Keeps exporter headers (API keys, bearer tokens) and URL credentials out of every text the
/// OTLP exporters produce: diagnostics, export results, statistics, errors, descriptions and
/// mirrors.
package enum SecretRedaction {
    /// What a removed secret is replaced with.
    package static let placeholder = "<redacted>"

    /// The texts to remove from what a collector sends back, which may quote the request's
    /// headers: every header value of at least 4 characters, and every word of at least 8
    /// characters in one (the token of `Bearer <token>` quoted alone). Longest first, so that a
    /// value is replaced before a word inside it.
    package static func secrets(in values: [String]) -> [String] {
        var secrets: Set<String> = []
        for value in values {
            if value.count >= 4 { secrets.insert(value) }
            for word in value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" })
            where word.count >= 8 {
                secrets.insert(String(word))
            }
        }
        return secrets.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// `text` with every one of `secrets` replaced by ``placeholder``.
    package static func scrub(_ text: String, removing secrets: [String]) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacing(secret, with: placeholder)
        }
        return text
    }

    /// A header name as errors show it: up to its first character that an HTTP token does not
    /// allow, at most 40 characters. An invalid name is often a name and a value run together
    /// (`authorization: Bearer …` written where `authorization=Bearer …` was meant), and the
    /// value may be a secret.
    package static func shownHeaderName(_ name: String) -> String {
        let valid = name.unicodeScalars.prefix { scalar in
            scalar.isASCII && HTTPHeaderRules.isToken(String(scalar))
        }
        var shown = String(String.UnicodeScalarView(valid.prefix(40)))
        if shown.unicodeScalars.count < name.unicodeScalars.count { shown += "…" }
        return shown
    }

    /// `url` with the user information of its authority (`user:password@`) replaced.
    package static func redactingCredentials(_ url: String) -> String {
        let authorityStart = url.firstRange(of: "://")?.upperBound ?? url.startIndex
        let rest = url[authorityStart...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        guard let at = url[authorityStart..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<authorityStart]) + placeholder + String(url[at...])
    }
}

extension OTLPEndpoint: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `base(<url>)` or `exact(<url>)`, without credentials written in the URL.
    public var description: String {
        switch self {
        case .base(let url): return "base(\(SecretRedaction.redactingCredentials(url)))"
        case .exact(let url): return "exact(\(SecretRedaction.redactingCredentials(url)))"
        }
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror of the URL without credentials.
    public var customMirror: Mirror {
        switch self {
        case .base(let url): return Mirror(self, children: ["base": SecretRedaction.redactingCredentials(url)])
        case .exact(let url): return Mirror(self, children: ["exact": SecretRedaction.redactingCredentials(url)])
        }
    }
}

extension OTLPExporterConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The settings given in code; header names only, never their values.
    public var description: String {
        var parts: [String] = []
        if let endpoint { parts.append("endpoint \(endpoint)") }
        if let wireProtocol = self.protocol { parts.append("protocol \(wireProtocol.rawValue)") }
        parts.append("headers [\(shownHeaderNames.joined(separator: ", "))]")
        if let timeout { parts.append("timeout \(timeout)") }
        if let compression { parts.append("compression \(compression.rawValue)") }
        if let tls { parts.append("tls \(tls)") }
        return "OTLPExporterConfiguration(\(parts.joined(separator: ", ")))"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// The header names, each shown only up to a character a name may not hold.
    private var shownHeaderNames: [String] { headers.keys.sorted().map(SecretRedaction.shownHeaderName) }

    /// A mirror whose headers show their names only.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "endpoint": endpoint as Any, "protocol": self.protocol as Any,
                "headers": shownHeaderNames.map { "\($0): \(SecretRedaction.placeholder)" },
                "timeout": timeout as Any, "compression": compression as Any, "tls": tls as Any,
            ])
    }
}

extension ResolvedOTLPConfiguration: CustomDebugStringConvertible, CustomReflectable {
    /// Same as ``description``: header names only.
    public var debugDescription: String { description }

    /// A mirror whose headers show their names only.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "signal": signal, "protocol": self.protocol, "url": url,
                "headers": headers.map { "\($0.name): \(SecretRedaction.placeholder)" }, "timeout": timeout,
                "compression": compression, "tls": tls,
            ])
    }
}

extension OTLPConfigurationError: CustomDebugStringConvertible, CustomReflectable {
    /// Same as ``description``, which never holds a header value.
    public var debugDescription: String { description }

    /// A mirror of the description only: the associated values of
    /// ``invalidHeaderName(_:)`` may hold a secret run into the name.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

extension OTLPExportClient: CustomReflectable {
    /// The configuration (header names only) and the statistics; not the request headers.
    package var customMirror: Mirror {
        Mirror(self, children: ["configuration": configuration, "statistics": statistics])
    }
}
