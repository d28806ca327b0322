import OtelAPI

extension LaneValue where Lane == LogOnly {
    /// The concatenation of string values, still log-only: the original's prompt is its text
    /// items joined with no separator. Reads the values inside the package and hands the result
    /// straight back to the log lane; nothing leaves it.
    static func concatenating(_ parts: [LaneValue<LogOnly>]) -> LaneValue<LogOnly> {
        if parts.count == 1 { return parts[0] }
        var text = ""
        for part in parts { text += part.attribute.displayString }
        return .string(text)
    }
}
