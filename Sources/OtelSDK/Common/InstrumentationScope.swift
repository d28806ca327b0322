import OtelAPI

/// The library that produced telemetry: the name a tracer, logger or meter was asked for.
public struct InstrumentationScope: Sendable, Hashable {
    /// The scope's name, such as `codex` or `codex_otel.log_only`.
    public var name: String
    /// The library's version.
    public var version: String?
    /// The schema URL of the scope's telemetry.
    public var schemaURL: String?
    /// The scope's attributes.
    public var attributes: Attributes

    /// Creates a scope.
    public init(name: String, version: String? = nil, schemaURL: String? = nil, attributes: Attributes = [:]) {
        self.name = name
        self.version = version
        self.schemaURL = schemaURL
        self.attributes = attributes
    }
}
