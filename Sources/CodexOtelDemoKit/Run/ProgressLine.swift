import Synchronization

/// The counts the progress line shows.
struct ProgressCounts: Sendable, Hashable {
    var spans = 0
    var logRecords = 0
    var metricPoints = 0
}

/// `exporting… spans N logs N points N`, redrawn in place about ten times a second while the
/// demo exports when the output is a terminal; otherwise written once, with the final counts,
/// when it ends.
final class ProgressLine: Sendable {
    private let console: DemoConsole
    private let counts: @Sendable () -> ProgressCounts
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// A progress line over `counts`, read on every redraw.
    init(console: DemoConsole, counts: @escaping @Sendable () -> ProgressCounts) {
        self.console = console
        self.counts = counts
    }

    /// The line's text for `counts`.
    static func text(_ counts: ProgressCounts, style: TerminalStyle) -> String {
        "exporting\(style.colors ? "…" : "...") spans \(counts.spans) logs \(counts.logRecords) "
            + "points \(counts.metricPoints)"
    }

    /// Starts redrawing (terminals only).
    func start() {
        guard console.isInteractive else { return }
        let console = self.console
        let counts = self.counts
        let redraw = Task.detached {
            while !Task.isCancelled {
                console.write("\r" + Self.text(counts(), style: console.style) + "\u{1B}[K")
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        task.withLock { $0 = redraw }
    }

    /// Stops redrawing and writes the final line.
    func finish() async {
        let running = task.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
        let line = Self.text(counts(), style: console.style)
        console.write(console.isInteractive ? "\r" + line + "\u{1B}[K\n" : line + "\n")
    }
}
