import OtelSDK

/// The `codex-otel-demo` command: parses the arguments and runs the demo or the receiver.
///
/// ```swift
/// // main.swift
/// exit(await CodexOtelDemo.main(arguments: Array(CommandLine.arguments.dropFirst())))
/// ```
public enum CodexOtelDemo {
    /// Runs the command and returns its exit status: 0 success, 1 failure (telemetry not
    /// delivered, receiver not started), 2 invalid arguments (with the usage on stderr).
    ///
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - environment: the variables; the process's by default.
    ///   - console: where output goes; standard output and error by default.
    public static func main(
        arguments: [String], environment: OtelEnvironment = .process(), console: DemoConsole? = nil
    ) async -> Int32 {
        let console = console ?? .standard(environment: environment)
        let command: DemoCommand
        do {
            command = try DemoArguments.parse(arguments)
        } catch {
            console.writeError("codex-otel-demo: \(error)\n\n\(DemoArguments.usage)\n")
            return 2
        }
        switch command {
        case .help:
            console.print(DemoArguments.usage)
            return 0
        case .run(let options):
            return await DemoRunner.run(options, environment: environment, console: console)
        case .receive(let options):
            return await ReceiveCommand.run(options, console: console)
        }
    }
}
