import OtelOTLP

/// Everything `OtelProvider.from(_:)` needs: the Swift form of the original crate's
/// `OtelSettings`.
///
/// ```swift
/// let settings = OtelSettings(
///     environment: "dev", serviceName: "codex-cli", serviceVersion: "1.0.0",
///     codexHome: "/tmp",
///     exporter: .otlpHTTP(endpoint: "https://otlp.example.com/v1/logs", protocol: .binary),
///     traceExporter: .otlpHTTP(endpoint: "https://otlp.example.com/v1/traces", protocol: .binary),
///     metricsExporter: .none)
/// ```
public struct OtelSettings: Sendable, Hashable {
    /// The deployment environment, such as `dev` or `prod` (resource attribute `env`).
    public var environment: String
    /// `service.name`.
    public var serviceName: String
    /// `service.version`.
    public var serviceVersion: String
    /// The Codex home directory; relative certificate paths resolve against it.
    public var codexHome: String
    /// The log lane's exporter.
    public var exporter: OtelExporter
    /// The trace lane's exporter.
    public var traceExporter: OtelExporter
    /// The metrics exporter.
    public var metricsExporter: OtelExporter
    /// Whether to keep an on-demand snapshot reader for the runtime metrics summary.
    public var runtimeMetrics: Bool

    /// Creates settings.
    public init(
        environment: String, serviceName: String, serviceVersion: String, codexHome: String,
        exporter: OtelExporter = .none, traceExporter: OtelExporter = .none, metricsExporter: OtelExporter = .none,
        runtimeMetrics: Bool = false
    ) {
        self.environment = environment
        self.serviceName = serviceName
        self.serviceVersion = serviceVersion
        self.codexHome = codexHome
        self.exporter = exporter
        self.traceExporter = traceExporter
        self.metricsExporter = metricsExporter
        self.runtimeMetrics = runtimeMetrics
    }
}

/// Where one signal goes.
public enum OtelExporter: Sendable, Hashable {
    /// Nowhere: the signal is off.
    case none
    /// OTLP over HTTP. The endpoint is used verbatim (no `/v1/<signal>` is appended).
    case otlpHTTP(
        endpoint: String, headers: [String: String] = [:], protocol: OtelHttpProtocol, tls: OtelTlsConfig? = nil)
    /// OTLP over gRPC.
    case otlpGRPC(endpoint: String, headers: [String: String] = [:], tls: OtelTlsConfig? = nil)
    /// Statsig's OTLP/HTTP JSON metrics ingestion. The key comes from `apiKey` or else the
    /// `STATSIG_SERVER_SDK_SECRET` environment variable; it never appears in descriptions.
    case statsig(apiKey: String? = nil)

    /// Whether the signal is off.
    public var isNone: Bool { self == .none }
}

extension OtelExporter: CustomStringConvertible {
    /// A description that names header keys but never their values, nor the Statsig key.
    public var description: String {
        switch self {
        case .none: return "none"
        case .otlpHTTP(let endpoint, let headers, let wireProtocol, let tls):
            return "otlp-http(\(Self.shown(endpoint)), \(wireProtocol), headers: [\(Self.shownNames(headers))]"
                + (tls == nil ? ")" : ", tls)")
        case .otlpGRPC(let endpoint, let headers, let tls):
            return "otlp-grpc(\(Self.shown(endpoint)), headers: [\(Self.shownNames(headers))]"
                + (tls == nil ? ")" : ", tls)")
        case .statsig(let key): return key == nil ? "statsig(key from environment)" : "statsig(key set)"
        }
    }

    /// An endpoint without credentials written in its URL.
    private static func shown(_ endpoint: String) -> String { SecretRedaction.redactingCredentials(endpoint) }

    /// Header names, each up to a character a name may not hold (a value run into it may follow).
    private static func shownNames(_ headers: [String: String]) -> String {
        headers.keys.sorted().map(SecretRedaction.shownHeaderName).joined(separator: ", ")
    }
}

extension OtelExporter: CustomDebugStringConvertible, CustomReflectable {
    /// Same as ``description``: secrets stay hidden in debug output too.
    public var debugDescription: String { description }

    /// A mirror that reveals no header values or keys.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

/// The body encoding of OTLP/HTTP.
public enum OtelHttpProtocol: String, Sendable, Hashable {
    /// `application/x-protobuf`.
    case binary
    /// `application/json`.
    case json
}

/// TLS files for an OTLP exporter; relative paths resolve against the Codex home directory.
public struct OtelTlsConfig: Sendable, Hashable {
    /// A PEM file of CA certificates; when given, only these are trusted.
    public var caCertificate: String?
    /// A PEM client certificate for mTLS.
    public var clientCertificate: String?
    /// The client certificate's PEM private key.
    public var clientPrivateKey: String?

    /// Creates a TLS configuration.
    public init(caCertificate: String? = nil, clientCertificate: String? = nil, clientPrivateKey: String? = nil) {
        self.caCertificate = caCertificate
        self.clientCertificate = clientCertificate
        self.clientPrivateKey = clientPrivateKey
    }
}
