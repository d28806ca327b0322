import OtelSDK

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The three OTLP signals.
public enum OTLPSignal: String, Sendable, Hashable, CaseIterable {
    /// Spans.
    case traces
    /// Metric points.
    case metrics
    /// Log records.
    case logs

    /// The HTTP path suffix: `/v1/traces`, `/v1/metrics`, `/v1/logs`.
    public var httpPath: String { "/v1/\(rawValue)" }

    /// The gRPC method path of the signal's collector service.
    public var grpcPath: String {
        switch self {
        case .traces: return "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
        case .metrics: return "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"
        case .logs: return "/opentelemetry.proto.collector.logs.v1.LogsService/Export"
        }
    }

    var environmentName: String { rawValue.uppercased() }
}

/// The wire protocol of an OTLP exporter.
public enum OTLPProtocol: String, Sendable, Hashable, CaseIterable {
    /// OTLP/gRPC (HTTP/2).
    case grpc
    /// OTLP/HTTP with protobuf bodies (the specification's default).
    case httpProtobuf = "http/protobuf"
    /// OTLP/HTTP with JSON bodies.
    case httpJSON = "http/json"

    /// Parses the value of `OTEL_EXPORTER_OTLP_PROTOCOL`.
    public init(parsing text: String) throws(OTLPConfigurationError) {
        guard let value = OTLPProtocol(rawValue: text.trimmingSpaces.lowercased()) else {
            throw .unsupportedProtocol(text)
        }
        self = value
    }

    /// The default endpoint: `http://localhost:4317` for gRPC, `http://localhost:4318` otherwise.
    public var defaultEndpoint: String { self == .grpc ? "http://localhost:4317" : "http://localhost:4318" }
}

/// Body compression.
public enum OTLPCompression: String, Sendable, Hashable {
    /// No compression (`none` in the environment variables).
    case uncompressed = "none"
    /// gzip.
    case gzip
}

/// TLS settings: trust, client identity, verification.
public struct OTLPTLSConfiguration: Sendable, Hashable {
    /// A PEM file of CA certificates; when given, only these are trusted.
    public var caCertificatePath: String?
    /// A PEM client certificate for mTLS (needs ``clientKeyPath``).
    public var clientCertificatePath: String?
    /// The PEM private key of the client certificate.
    public var clientKeyPath: String?
    /// Turns certificate verification off. Only for development against self-signed peers.
    public var insecureSkipVerify: Bool

    /// Creates TLS settings; verification is on unless `insecureSkipVerify` is set.
    public init(
        caCertificatePath: String? = nil, clientCertificatePath: String? = nil, clientKeyPath: String? = nil,
        insecureSkipVerify: Bool = false
    ) {
        self.caCertificatePath = caCertificatePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.insecureSkipVerify = insecureSkipVerify
    }

    /// Whether anything differs from the system defaults.
    public var isDefault: Bool {
        caCertificatePath == nil && clientCertificatePath == nil && clientKeyPath == nil && !insecureSkipVerify
    }
}

/// How an endpoint given in code is used.
public enum OTLPEndpoint: Sendable, Hashable {
    /// A base URL: for OTLP/HTTP the signal path (`/v1/traces`...) is appended, as for
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`.
    case base(String)
    /// The exact URL to post to, used verbatim, as for `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (and
    /// for the endpoints of Codex settings).
    case exact(String)
}

/// What an application sets in code; anything left `nil` comes from the `OTEL_EXPORTER_OTLP_*`
/// variables (signal-specific first, then general), then the specification's defaults.
///
/// Precedence for each setting: this value, then `OTEL_EXPORTER_OTLP_<SIGNAL>_<SETTING>`, then
/// `OTEL_EXPORTER_OTLP_<SETTING>`, then the default (protocol `http/protobuf`, endpoint
/// `http://localhost:4318` or `:4317` for gRPC, timeout 10 s, no compression). Headers given
/// in code are added over those of the environment.
public struct OTLPExporterConfiguration: Sendable, Hashable {
    /// The endpoint.
    public var endpoint: OTLPEndpoint?
    /// The protocol.
    public var `protocol`: OTLPProtocol?
    /// Extra headers, such as an API key.
    public var headers: [String: String]
    /// The export timeout.
    public var timeout: Duration?
    /// The compression.
    public var compression: OTLPCompression?
    /// TLS settings.
    public var tls: OTLPTLSConfiguration?

    /// Creates a configuration; everything left out comes from the environment or defaults.
    public init(
        endpoint: OTLPEndpoint? = nil, protocol: OTLPProtocol? = nil, headers: [String: String] = [:],
        timeout: Duration? = nil, compression: OTLPCompression? = nil, tls: OTLPTLSConfiguration? = nil
    ) {
        self.endpoint = endpoint
        self.protocol = `protocol`
        self.headers = headers
        self.timeout = timeout
        self.compression = compression
        self.tls = tls
    }

    /// The settings for `signal` after applying the environment and the defaults.
    ///
    /// - Throws: ``OTLPConfigurationError`` naming the setting to fix.
    public func resolved(
        for signal: OTLPSignal, environment: OtelEnvironment = .process()
    ) throws(OTLPConfigurationError) -> ResolvedOTLPConfiguration {
        let s = signal.environmentName
        func variable(_ setting: String) -> String? {
            environment.string(first: "OTEL_EXPORTER_OTLP_\(s)_\(setting)", "OTEL_EXPORTER_OTLP_\(setting)")
        }

        let wireProtocol: OTLPProtocol
        if let explicit = self.protocol {
            wireProtocol = explicit
        } else if let text = variable("PROTOCOL") {
            wireProtocol = try OTLPProtocol(parsing: text)
        } else {
            wireProtocol = .httpProtobuf
        }

        // A gRPC endpoint may omit the scheme; then OTEL_EXPORTER_OTLP_INSECURE=true means
        // plaintext (http) and anything else TLS (https), as the specification says.
        func withScheme(_ text: String) -> String {
            guard wireProtocol == .grpc, !text.contains("://") else { return text }
            let insecure = variable("INSECURE")?.lowercased() == "true"
            return (insecure ? "http://" : "https://") + text
        }

        let url: String
        switch endpoint {
        case .exact(let text)?:
            url = try EndpointURL(withScheme(text)).description
        case .base(let text)?:
            url = try Self.signalURL(base: withScheme(text), signal: signal, protocol: wireProtocol)
        case nil:
            if let exact = environment.string("OTEL_EXPORTER_OTLP_\(s)_ENDPOINT") {
                url = try EndpointURL(withScheme(exact)).description
            } else {
                let base = environment.string("OTEL_EXPORTER_OTLP_ENDPOINT") ?? wireProtocol.defaultEndpoint
                url = try Self.signalURL(base: withScheme(base), signal: signal, protocol: wireProtocol)
            }
        }
        let parsedURL = try EndpointURL(url)

        var resolvedHeaders: [(name: String, value: String)] = []
        let environmentHeaders =
            environment.string("OTEL_EXPORTER_OTLP_\(s)_HEADERS") != nil
            ? environment.keyValueList("OTEL_EXPORTER_OTLP_\(s)_HEADERS", valuesAreSecret: true)
            : environment.keyValueList("OTEL_EXPORTER_OTLP_HEADERS", valuesAreSecret: true)
        for (name, value) in environmentHeaders {
            resolvedHeaders.removeAll { $0.name.lowercased() == name.lowercased() }
            resolvedHeaders.append((name, value))
        }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            resolvedHeaders.removeAll { $0.name.lowercased() == name.lowercased() }
            resolvedHeaders.append((name, value))
        }
        for (name, value) in resolvedHeaders {
            try HeaderValidation.validate(name: name, value: value)
        }

        let resolvedTimeout =
            timeout ?? variable("TIMEOUT").flatMap(Int.init).map { .milliseconds(max(0, $0)) }
            ?? .seconds(10)

        let resolvedCompression: OTLPCompression
        if let compression {
            resolvedCompression = compression
        } else if let text = variable("COMPRESSION") {
            guard let value = OTLPCompression(rawValue: text.trimmingSpaces.lowercased()) else {
                throw .unsupportedCompression(text)
            }
            resolvedCompression = value
        } else {
            resolvedCompression = .uncompressed
        }

        let resolvedTLS =
            tls
            ?? OTLPTLSConfiguration(
                caCertificatePath: variable("CERTIFICATE"), clientCertificatePath: variable("CLIENT_CERTIFICATE"),
                clientKeyPath: variable("CLIENT_KEY"))
        if (resolvedTLS.clientCertificatePath == nil) != (resolvedTLS.clientKeyPath == nil) {
            throw .incompleteClientCertificate
        }
        if resolvedTLS.clientCertificatePath != nil, !parsedURL.isSecure {
            throw .clientCertificateRequiresHTTPS(endpoint: url)
        }
        for (role, path) in [
            ("CA certificate", resolvedTLS.caCertificatePath),
            ("client certificate", resolvedTLS.clientCertificatePath),
            ("client private key", resolvedTLS.clientKeyPath),
        ] {
            if let path, !TLSFiles.isReadableFile(path) { throw .unreadableFile(role: role, path: path) }
        }

        return ResolvedOTLPConfiguration(
            signal: signal, protocol: wireProtocol, url: parsedURL, headers: resolvedHeaders,
            timeout: resolvedTimeout, compression: resolvedCompression, tls: resolvedTLS)
    }

    /// The URL for `signal` from a base endpoint: OTLP/HTTP appends `/v1/<signal>` to the base
    /// path; gRPC uses the origin and appends the service's method path.
    static func signalURL(
        base: String, signal: OTLPSignal, protocol: OTLPProtocol
    ) throws(OTLPConfigurationError)
        -> String
    {
        let url = try EndpointURL(base)
        return `protocol` == .grpc ? url.description : url.appendingPath(signal.httpPath)
    }
}

/// The settings one signal's exporter uses, every value decided.
public struct ResolvedOTLPConfiguration: Sendable, CustomStringConvertible {
    /// The signal.
    public let signal: OTLPSignal
    /// The protocol.
    public let `protocol`: OTLPProtocol
    /// For OTLP/HTTP the URL posted to; for gRPC the server (the method path is added per call).
    public let url: EndpointURL
    /// The headers, in order; values may be secrets.
    public let headers: [(name: String, value: String)]
    /// The export timeout.
    public let timeout: Duration
    /// The compression.
    public let compression: OTLPCompression
    /// TLS settings.
    public let tls: OTLPTLSConfiguration

    /// A description that names header keys but never their values.
    public var description: String {
        "OTLP \(signal.rawValue) \(`protocol`.rawValue) \(url) headers [\(headers.map(\.name).joined(separator: ", "))] "
            + "timeout \(timeout) compression \(compression.rawValue)"
    }
}

/// Checks header names (HTTP tokens) and values (no control characters).
enum HeaderValidation {
    static func validate(name: String, value: String) throws(OTLPConfigurationError) {
        guard HTTPHeaderRules.isToken(name) else { throw .invalidHeaderName(name) }
        guard !HTTPHeaderRules.hasControlCharacter(value, allowingTab: true) else {
            throw .invalidHeaderValue(name: name)
        }
    }
}
