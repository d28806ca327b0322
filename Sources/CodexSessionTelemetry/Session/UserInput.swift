import OtelAPI

/// One item of a user's prompt, as ``SessionTelemetry/userPrompt(_:)`` sees it.
///
/// The text is private: it enters as a `LaneValue<LogOnly>` and can reach a trace only as a
/// length. Images are counted, never described.
public enum UserInput: Sendable, Hashable {
    /// Typed text (log-only).
    case text(LaneValue<LogOnly>)
    /// An image given by URL or data.
    case image
    /// An image given as a local file.
    case localImage
    /// Any other kind of item (skills, mentions, …): neither text nor counted.
    case other
}
