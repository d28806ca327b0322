/// Column layout helpers of the terminal view. Widths count characters (grapheme clusters);
/// text is laid out before it is painted, so escape codes never count.
enum TextLayout {
    /// `text` cut to at most `width` characters, ending with `ellipsis` when it was cut.
    static func truncate(_ text: String, to width: Int, ellipsis: String) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        guard width > ellipsis.count else { return String(text.prefix(width)) }
        return String(text.prefix(width - ellipsis.count)) + ellipsis
    }

    /// `text` truncated to `width` and padded with spaces on the right to exactly `width`.
    static func column(_ text: String, _ width: Int, ellipsis: String) -> String {
        let cut = truncate(text, to: width, ellipsis: ellipsis)
        return cut + String(repeating: " ", count: max(0, width - cut.count))
    }

    /// `text` padded with spaces on the left to at least `width`.
    static func rightAligned(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// Control characters (newlines, tabs, escapes) shown as spaces, so that one record stays on
    /// one line and received text cannot drive the terminal.
    static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
        }
        return String(scalars)
    }
}

/// Number formatting without Foundation.
enum NumberFormatting {
    /// `value` with exactly `decimals` digits after the point, rounded half away from zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return String(value) }
        let whole = UInt64(scaled)
        let unit = UInt64(scale)
        let sign = value < 0 && whole != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        let fraction = String(whole % unit)
        return sign + String(whole / unit) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// A compact number: an integer when `value` is whole, else up to 2 decimals without
    /// trailing zeros (`12`, `12.5`, `0.33`).
    static func compact(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
        var text = fixed(value, decimals: 2)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A duration in nanoseconds for people: `1.25 s`, `12.3 ms`, `456 us`.
    static func duration(nanoseconds: UInt64) -> String {
        let value = Double(nanoseconds)
        if nanoseconds >= 1_000_000_000 { return fixed(value / 1e9, decimals: 2) + " s" }
        if nanoseconds >= 1_000_000 { return fixed(value / 1e6, decimals: 1) + " ms" }
        return fixed(value / 1e3, decimals: 0) + " us"
    }
}
