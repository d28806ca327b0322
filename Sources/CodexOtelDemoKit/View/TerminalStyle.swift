#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How the terminal view renders: its width, and whether it uses ANSI colour and Unicode bars.
///
/// Plain mode (no colour) is ASCII only, so that redirected output and logs stay readable and
/// tests can compare lines exactly.
public struct TerminalStyle: Sendable, Hashable {
    /// The number of columns a line may use.
    public var width: Int
    /// Whether to use ANSI colour escapes and Unicode block characters.
    public var colors: Bool

    /// The smallest width the view lays out for; narrower requests are raised to it.
    public static let minimumWidth = 40

    /// Creates a style.
    public init(width: Int = 100, colors: Bool = false) {
        self.width = max(Self.minimumWidth, width)
        self.colors = colors
    }

    /// Plain text, `width` columns wide: what tests compare.
    public static func plain(width: Int = 100) -> TerminalStyle { TerminalStyle(width: width, colors: false) }

    /// The style for a file descriptor: colour only when it is a terminal and `NO_COLOR` is unset
    /// (or empty, as <https://no-color.org> says); the width from the terminal, else `COLUMNS`,
    /// else 120.
    public static func detect(fileDescriptor: Int32 = STDOUT_FILENO, environment: [String: String]) -> TerminalStyle {
        let isTerminal = isatty(fileDescriptor) == 1
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        return TerminalStyle(
            width: terminalWidth(fileDescriptor: fileDescriptor, environment: environment),
            colors: isTerminal && !noColor)
    }

    /// The terminal's column count, else `COLUMNS`, else 120.
    static func terminalWidth(fileDescriptor: Int32, environment: [String: String]) -> Int {
        var size = winsize()
        if isatty(fileDescriptor) == 1, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
        return 120
    }

    // MARK: - Painting

    /// An ANSI colour or attribute.
    enum Paint: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case magenta = "35"
        case cyan = "36"
    }

    /// `text` wrapped in `paint`'s escape codes in colour mode; `text` unchanged otherwise.
    func paint(_ text: String, _ paint: Paint) -> String {
        guard colors, !text.isEmpty else { return text }
        return "\u{1B}[\(paint.rawValue)m\(text)\u{1B}[0m"
    }

    /// The ellipsis that marks truncated text: `…` in colour mode, `...` in plain mode.
    var ellipsis: String { colors ? "…" : "..." }
}
