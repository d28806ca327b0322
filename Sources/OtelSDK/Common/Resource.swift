import OtelAPI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The entity producing telemetry: service, host, process, SDK.
///
/// Build one with ``Resource/detected(serviceName:serviceVersion:deploymentEnvironment:attributes:environment:)``,
/// which merges, from weakest to strongest: the SDK's defaults, the host and process, the
/// `OTEL_RESOURCE_ATTRIBUTES` and `OTEL_SERVICE_NAME` variables, then the explicit arguments.
public struct Resource: Sendable, Hashable {
    /// The resource's attributes.
    public var attributes: Attributes
    /// The schema URL the attributes follow, if any.
    public var schemaURL: String?

    /// The version of this SDK, reported as `telemetry.sdk.version`.
    public static let sdkVersion = "0.1.0"

    /// Creates a resource.
    public init(attributes: Attributes = [:], schemaURL: String? = nil) {
        self.attributes = attributes
        self.schemaURL = schemaURL
    }

    /// Merges `updating` over this resource, per the specification: its attribute values win;
    /// an empty schema URL takes the other; two different schema URLs keep this one's and report it.
    public func merging(_ updating: Resource) -> Resource {
        var merged = self
        merged.attributes.merge(updating.attributes)
        switch (schemaURL, updating.schemaURL) {
        case (nil, let other): merged.schemaURL = other
        case (_, nil): break
        case (let mine?, let other?) where mine != other:
            OtelDiagnostics.report(
                .warning, "merging resources with different schema URLs (\(mine), \(other)); keeping \(mine)")
        default: break
        }
        return merged
    }

    /// `telemetry.sdk.*` and the fallback `service.name` (`unknown_service:<executable>`).
    public static var sdkDefault: Resource {
        Resource(attributes: [
            "service.name": .string("unknown_service:" + executableName),
            "telemetry.sdk.name": "swift-codex-otel",
            "telemetry.sdk.language": "swift",
            "telemetry.sdk.version": .string(sdkVersion),
        ])
    }

    /// `host.name`, `os.type` and `process.pid` of this process (`host.name` omitted when empty).
    public static var host: Resource {
        var attributes: Attributes = ["os.type": .string(osType), "process.pid": .int(Int64(getpid()))]
        if let hostName = hostName, !hostName.isEmpty { attributes["host.name"] = .string(hostName) }
        return Resource(attributes: attributes)
    }

    /// `OTEL_RESOURCE_ATTRIBUTES` (percent-decoded) with `OTEL_SERVICE_NAME` over its `service.name`.
    public static func fromEnvironment(_ environment: OtelEnvironment) -> Resource {
        var attributes = Attributes()
        for (key, value) in environment.keyValueList("OTEL_RESOURCE_ATTRIBUTES") {
            attributes[key] = .string(value)
        }
        if let serviceName = environment.string("OTEL_SERVICE_NAME") {
            attributes["service.name"] = .string(serviceName)
        }
        return Resource(attributes: attributes)
    }

    /// The SDK defaults, the host, the environment, then the explicit values (strongest).
    ///
    /// - Parameters:
    ///   - serviceName: `service.name`; wins over `OTEL_SERVICE_NAME` when given.
    ///   - serviceVersion: `service.version`.
    ///   - deploymentEnvironment: `deployment.environment.name`.
    ///   - attributes: further attributes, strongest of all.
    ///   - environment: the variables to read; the process's by default.
    public static func detected(
        serviceName: String? = nil,
        serviceVersion: String? = nil,
        deploymentEnvironment: String? = nil,
        attributes: Attributes = [:],
        environment: OtelEnvironment = .process()
    ) -> Resource {
        var explicit = Attributes()
        if let serviceName { explicit["service.name"] = .string(serviceName) }
        if let serviceVersion { explicit["service.version"] = .string(serviceVersion) }
        if let deploymentEnvironment { explicit["deployment.environment.name"] = .string(deploymentEnvironment) }
        explicit.merge(attributes)
        return sdkDefault.merging(host).merging(fromEnvironment(environment)).merging(Resource(attributes: explicit))
    }

    /// The host's name, or `nil`.
    public static var hostName: String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    /// `os.type` per the semantic conventions.
    public static var osType: String {
        #if os(Linux)
        return "linux"
        #elseif os(macOS) || os(iOS) || os(tvOS) || os(watchOS) || os(visionOS)
        return "darwin"
        #elseif os(Windows)
        return "windows"
        #else
        return "unknown"
        #endif
    }

    private static var executableName: String {
        guard let first = CommandLine.arguments.first, !first.isEmpty else { return "swift" }
        return String(first.split(separator: "/").last ?? Substring(first))
    }
}
