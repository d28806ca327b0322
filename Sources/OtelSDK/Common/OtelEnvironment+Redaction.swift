extension OtelEnvironment: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The names of the variables, never their values: they include exporter headers
    /// (`OTEL_EXPORTER_OTLP_HEADERS`) and API keys.
    public var description: String {
        "OtelEnvironment(\(values.count) variables: \(values.keys.sorted().joined(separator: ", ")); values not shown)"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror of the variable names only.
    public var customMirror: Mirror { Mirror(self, children: ["variables": values.keys.sorted()]) }
}
