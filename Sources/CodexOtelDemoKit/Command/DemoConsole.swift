import OtelSDK
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the demo writes: standard output for the view, the progress line and the summary;
/// standard error for errors and the usage after a bad argument.
public struct DemoConsole: Sendable {
    /// Writes text to the output as is (no newline added).
    public var write: @Sendable (String) -> Void
    /// Writes text to the error stream as is.
    public var writeError: @Sendable (String) -> Void
    /// Width and colour of the view.
    public var style: TerminalStyle
    /// Whether the output is a terminal: then the progress line is redrawn in place.
    public var isInteractive: Bool

    /// Creates a console.
    public init(
        style: TerminalStyle, isInteractive: Bool, write: @escaping @Sendable (String) -> Void,
        writeError: @escaping @Sendable (String) -> Void
    ) {
        self.style = style
        self.isInteractive = isInteractive
        self.write = write
        self.writeError = writeError
    }

    /// The process's standard output and error: colour when standard output is a terminal and
    /// `NO_COLOR` is unset.
    public static func standard(environment: OtelEnvironment) -> DemoConsole {
        DemoConsole(
            style: .detect(fileDescriptor: STDOUT_FILENO, environment: environment.values),
            isInteractive: isatty(STDOUT_FILENO) == 1,
            write: { text in writeAll(STDOUT_FILENO, text) },
            writeError: { text in writeAll(STDERR_FILENO, text) })
    }

    /// Writes all of `text` to `fileDescriptor` (unbuffered), retrying after interrupts.
    static func writeAll(_ fileDescriptor: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while offset < buffer.count {
                let written = systemWrite(fileDescriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Writes each line followed by a newline.
    public func print(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        write(lines.joined(separator: "\n") + "\n")
    }

    /// Writes one line followed by a newline.
    public func print(_ line: String) { write(line + "\n") }
}

/// A console that keeps what it is given, for tests.
public final class CapturedConsole: Sendable {
    private let output = Mutex("")
    private let errors = Mutex("")

    /// Creates an empty capture.
    public init() {}

    /// A console that writes here, plain (no colour), `width` columns wide.
    public func console(width: Int = 160) -> DemoConsole {
        DemoConsole(
            style: .plain(width: width), isInteractive: false,
            write: { [self] text in output.withLock { $0 += text } },
            writeError: { [self] text in errors.withLock { $0 += text } })
    }

    /// Everything written to the output.
    public var standardOutput: String { output.withLock { $0 } }
    /// Everything written to the error stream.
    public var standardError: String { errors.withLock { $0 } }
    /// The output's lines.
    public var lines: [String] {
        standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

/// The C library's `write`, out of reach of ``DemoConsole/write``'s name.
private func systemWrite(_ fileDescriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fileDescriptor, bytes, count)
}
