import Foundation
import Testing

/// The built `codex-otel-demo`, run as a process: `swift build` puts it next to the test bundle.
@Suite("The codex-otel-demo executable")
struct DemoExecutableTests {
    /// `.build/<triple>/debug/codex-otel-demo`, found from this test process's own executable.
    static func executable() throws -> URL {
        let selfPath = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var directory = URL(fileURLWithPath: selfPath).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("codex-otel-demo")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw ExecutableMissing(searchedFrom: selfPath)
    }

    struct ExecutableMissing: Error, CustomStringConvertible {
        var searchedFrom: String
        var description: String {
            "codex-otel-demo was not found near \(searchedFrom); build it first (swift build --product codex-otel-demo)"
        }
    }

    /// Runs the executable with `arguments`; returns its exit status, stdout and stderr.
    static func run(
        _ arguments: [String], environment extra: [String: String] = [:]
    ) throws -> (
        status: Int32, output: String, error: String
    ) {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OTEL_") }
        environment["COLUMNS"] = "400"
        environment.merge(extra) { $1 }
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read before waiting, so a full pipe cannot block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outputData, as: UTF8.self),
            String(decoding: errorData, as: UTF8.self)
        )
    }

    @Test("a default run exits 0 and ends with the summary line; plain text when not a terminal")
    func defaultRun() throws {
        let result = try Self.run([])
        #expect(result.status == 0, "stderr: \(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.last == "OK: delivered spans 17/17, log records 40/40, metric points 19/19")
        #expect(lines.contains("exporting... spans 17 logs 40 points 19"))
        #expect(!result.output.contains("\u{1B}["))
        #expect(result.output.contains("prompt=[REDACTED]"))
        #expect(result.error.isEmpty)
    }

    @Test("--log-user-prompts shows the prompt text in the log table")
    func logUserPrompts() throws {
        let result = try Self.run(["--log-user-prompts"])
        #expect(result.status == 0, "stderr: \(result.error)")
        #expect(result.output.contains("prompt=\"Add a --verbose flag to the CLI and update the tests\""))
        #expect(!result.output.contains("[REDACTED]"))
    }

    @Test("an invalid argument exits 2 with the usage on stderr")
    func invalidArgument() throws {
        let result = try Self.run(["--frobnicate"])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("unknown option '--frobnicate'"))
        #expect(result.error.contains("usage: codex-otel-demo"))
    }

    @Test("receive --seconds stops by itself")
    func receiveForAWhile() throws {
        let result = try Self.run(["receive", "--port", "0", "--seconds", "0.3"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("codex-otel-demo: receiving OTLP/HTTP (protobuf or JSON) on http://127.0.0.1:"))
        #expect(result.output.contains("received spans 0, log records 0, metric points 0 in 0 requests"))
    }

    @Test("receive stops on SIGINT and on SIGTERM, exit status 0, with the totals")
    func receiveUntilSignal() throws {
        for signal in [SIGINT, SIGTERM] {
            let process = Process()
            process.executableURL = try Self.executable()
            process.arguments = ["receive", "--port", "0"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait until the handlers are installed: the "stop with Ctrl-C" line comes after.
            var text = ""
            let deadline = Date().addingTimeInterval(10)
            while !text.contains("stop with Ctrl-C"), Date() < deadline {
                text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            }
            #expect(text.contains("stop with Ctrl-C"))
            kill(process.processIdentifier, signal)
            text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 0, "signal \(signal)")
            #expect(text.contains("received spans 0, log records 0, metric points 0 in 0 requests"))
        }
    }
}
