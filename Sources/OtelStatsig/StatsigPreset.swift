import OtelOTLP
import OtelSDK

/// The Statsig preset: OTLP/HTTP JSON metrics to Statsig's OTLP endpoint, authenticated by the
/// `statsig-api-key` header, as the original crate's `OtelExporter::Statsig` resolves.
///
/// Only metrics go to Statsig. The key comes from the caller or the `STATSIG_SERVER_SDK_SECRET`
/// environment variable; it is never printed: ``description``, errors and diagnostics name the
/// header, not its value.
public struct StatsigPreset: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Statsig's OTLP metrics endpoint, used verbatim.
    public static let defaultEndpoint = "https://ab.chatgpt.com/otlp/v1/metrics"
    /// The header that carries the key.
    public static let apiKeyHeader = "statsig-api-key"
    /// The environment variable read when no key is given.
    public static let apiKeyVariable = "STATSIG_SERVER_SDK_SECRET"

    private let apiKey: String
    /// The endpoint metrics are posted to.
    public let endpoint: String

    /// Why the preset could not be built.
    public enum Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// No key was given and the environment variable is unset or empty.
        case missingAPIKey
        /// The key is empty or whitespace.
        case emptyAPIKey

        /// What to do.
        public var description: String {
            switch self {
            case .missingAPIKey:
                return
                    "the Statsig exporter needs an API key: pass one in the settings or set \(StatsigPreset.apiKeyVariable)"
            case .emptyAPIKey:
                return "the Statsig API key is empty: pass a non-empty key or set \(StatsigPreset.apiKeyVariable)"
            }
        }
    }

    /// Builds the preset from `apiKey`, or the environment when it is `nil`.
    ///
    /// - Parameter endpoint: overrides the endpoint (tests point it at a loopback receiver).
    public init(
        apiKey: String?, endpoint: String = StatsigPreset.defaultEndpoint, environment: OtelEnvironment = .process()
    ) throws(Error) {
        let key: String
        if let apiKey {
            key = apiKey
        } else if let fromEnvironment = environment.values[Self.apiKeyVariable] {
            key = fromEnvironment
        } else {
            throw .missingAPIKey
        }
        guard !key.allSatisfy({ $0.isWhitespace }) else { throw .emptyAPIKey }
        self.apiKey = key
        self.endpoint = endpoint
    }

    /// The OTLP exporter configuration for metrics: exact endpoint, JSON, the key header.
    public var metricsConfiguration: OTLPExporterConfiguration {
        OTLPExporterConfiguration(
            endpoint: .exact(endpoint), protocol: .httpJSON, headers: [Self.apiKeyHeader: apiKey])
    }

    /// Names the endpoint, never the key.
    public var description: String { "Statsig(\(endpoint), \(Self.apiKeyHeader): <redacted>)" }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror that shows no key.
    public var customMirror: Mirror { Mirror(self, children: ["endpoint": endpoint]) }
}
