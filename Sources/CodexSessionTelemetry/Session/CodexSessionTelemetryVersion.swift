/// This package's version: the `app.version` of every session event and metric (the original
/// uses its crate's version).
public enum CodexSessionTelemetryVersion {
    /// The version string.
    public static let current = "0.1.0"
}
