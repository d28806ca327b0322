import CodexSessionTelemetry
import OtelOTLP
import OtelOTLPReceiver
import OtelSDK

/// Where the demo sends its telemetry, decided from the options and the environment with the
/// specification's rules for the `OTEL_EXPORTER_OTLP_*` variables.
public enum DemoDestination: Sendable {
    /// The embedded receiver, over OTLP/HTTP in this body format for each signal.
    case embedded(formats: [OTLPSignal: OTLPPayloadFormat])
    /// A collector: each signal's resolved URL and protocol.
    case collector([OTLPSignal: ResolvedOTLPConfiguration])

    /// The variables that name an endpoint, and so send the demo to a collector.
    public static let endpointVariables = [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
    ]

    /// Decides the destination.
    ///
    /// With an endpoint (`--endpoint`, or one of ``endpointVariables``) every signal goes to a
    /// collector, resolved per signal as the specification says: the command line first, then
    /// `OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT` (used verbatim), then `OTEL_EXPORTER_OTLP_ENDPOINT`
    /// (for OTLP/HTTP with `/v1/<signal>` appended), then the default; the protocol from
    /// `--protocol`, then `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL`, then
    /// `OTEL_EXPORTER_OTLP_PROTOCOL`, then `http/protobuf`. Without an endpoint the embedded
    /// receiver gets everything, in the body format the protocol names.
    ///
    /// - Throws: ``DemoSetupError/configuration(_:)`` for a bad endpoint, protocol or header
    ///   variable; ``DemoSetupError/grpcNeedsEndpoint`` for gRPC without an endpoint (the
    ///   embedded receiver speaks OTLP/HTTP only).
    public static func resolve(
        _ options: RunOptions, environment: OtelEnvironment
    ) throws(DemoSetupError) -> DemoDestination {
        let hasEndpoint = options.endpoint != nil || endpointVariables.contains { environment.string($0) != nil }
        var collector: [OTLPSignal: ResolvedOTLPConfiguration] = [:]
        var formats: [OTLPSignal: OTLPPayloadFormat] = [:]
        for signal in OTLPSignal.allCases {
            if hasEndpoint {
                let configuration = OTLPExporterConfiguration(
                    endpoint: options.endpoint.map { .base($0) }, protocol: options.protocol)
                do {
                    collector[signal] = try configuration.resolved(for: signal, environment: environment)
                } catch {
                    throw .configuration(error.description)
                }
            } else {
                switch try embeddedProtocol(for: signal, options: options, environment: environment) {
                case .grpc: throw .grpcNeedsEndpoint
                case .httpJSON: formats[signal] = .json
                case .httpProtobuf: formats[signal] = .protobuf
                }
            }
        }
        return hasEndpoint ? .collector(collector) : .embedded(formats: formats)
    }

    /// The protocol of `signal` without an endpoint: the option, then the signal's variable,
    /// then the general one, then `http/protobuf`.
    static func embeddedProtocol(
        for signal: OTLPSignal, options: RunOptions, environment: OtelEnvironment
    ) throws(DemoSetupError) -> OTLPProtocol {
        if let explicit = options.protocol { return explicit }
        let name = signal.rawValue.uppercased()
        guard
            let text = environment.string(
                first: "OTEL_EXPORTER_OTLP_\(name)_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")
        else { return .httpProtobuf }
        do {
            return try OTLPProtocol(parsing: text)
        } catch {
            throw .configuration(error.description)
        }
    }

    /// The Codex exporter that sends `signal` where this destination says; `receiverBaseURL` is
    /// the embedded receiver's `http://127.0.0.1:<port>`.
    func exporter(for signal: OTLPSignal, receiverBaseURL: String?) -> OtelExporter {
        switch self {
        case .embedded(let formats):
            let format = formats[signal] ?? .protobuf
            return .otlpHTTP(
                endpoint: (receiverBaseURL ?? "http://127.0.0.1:4318") + signal.httpPath,
                protocol: format == .json ? .json : .binary)
        case .collector(let configurations):
            guard let configuration = configurations[signal] else { return .none }
            switch configuration.protocol {
            case .grpc: return .otlpGRPC(endpoint: configuration.url.description)
            case .httpProtobuf: return .otlpHTTP(endpoint: configuration.url.description, protocol: .binary)
            case .httpJSON: return .otlpHTTP(endpoint: configuration.url.description, protocol: .json)
            }
        }
    }

    /// One line per signal saying where it goes: `traces  http/protobuf  http://…/v1/traces`.
    func routeLines(receiverBaseURL: String?) -> [String] {
        OTLPSignal.allCases.sorted { $0.order < $1.order }.map { signal in
            switch self {
            case .embedded(let formats):
                let wire = formats[signal] == .json ? OTLPProtocol.httpJSON : .httpProtobuf
                return "\(signal.rawValue.padding(7))  \(wire.rawValue.padding(13))  "
                    + (receiverBaseURL ?? "") + signal.httpPath
            case .collector(let configurations):
                guard let configuration = configurations[signal] else { return "\(signal.rawValue): off" }
                return "\(signal.rawValue.padding(7))  \(configuration.protocol.rawValue.padding(13))  "
                    + configuration.url.description
            }
        }
    }

    /// Whether the telemetry goes to the embedded receiver.
    var isEmbedded: Bool {
        if case .embedded = self { return true }
        return false
    }
}

/// Why the demo could not start. Invalid configuration is a usage error (exit status 2).
public enum DemoSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An endpoint, protocol or `OTEL_EXPORTER_OTLP_*` setting is invalid.
    case configuration(String)
    /// gRPC was asked for without an endpoint.
    case grpcNeedsEndpoint
    /// The embedded receiver could not start.
    case receiver(String)
    /// `OtelProvider.from` refused the settings.
    case provider(String)

    /// What went wrong.
    public var description: String {
        switch self {
        case .configuration(let message): return "invalid exporter configuration: \(message)"
        case .grpcNeedsEndpoint:
            return "the embedded receiver speaks OTLP/HTTP only; give --endpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) "
                + "for gRPC, or use --protocol http/protobuf or http/json"
        case .receiver(let message): return "the embedded receiver could not start: \(message)"
        case .provider(let message): return "the telemetry provider could not be built: \(message)"
        }
    }

    /// Whether the error is the user's input (exit status 2) rather than a failure (1).
    public var isUsageError: Bool {
        switch self {
        case .configuration, .grpcNeedsEndpoint: return true
        case .receiver, .provider: return false
        }
    }
}

extension OTLPSignal {
    /// The demo's display order: traces, logs, metrics.
    var order: Int {
        switch self {
        case .traces: return 0
        case .logs: return 1
        case .metrics: return 2
        }
    }
}

extension String {
    /// The string padded with spaces on the right to `width`.
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(0, width - count)) }
}
