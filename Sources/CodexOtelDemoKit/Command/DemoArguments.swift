import OtelOTLP

/// What the command line asks for.
public enum DemoCommand: Sendable, Hashable {
    /// Simulate a Codex session, export it, and show what arrived (the default).
    case run(RunOptions)
    /// Run only the embedded receiver and show what arrives, live.
    case receive(ReceiveOptions)
    /// Print the usage.
    case help
}

/// The options of the default command.
public struct RunOptions: Sendable, Hashable {
    /// `--endpoint URL`: a collector's base endpoint (OTLP/HTTP appends `/v1/<signal>`); `nil`
    /// leaves it to the `OTEL_EXPORTER_OTLP_*` variables, else the embedded receiver.
    public var endpoint: String?
    /// `--protocol grpc|http/protobuf|http/json`; `nil` leaves it to the variables.
    public var `protocol`: OTLPProtocol?
    /// `--log-user-prompts`: log the prompt text instead of `[REDACTED]`.
    public var logUserPrompts: Bool

    /// Creates options; the defaults are those of a bare `codex-otel-demo`.
    public init(endpoint: String? = nil, protocol: OTLPProtocol? = nil, logUserPrompts: Bool = false) {
        self.endpoint = endpoint
        self.protocol = `protocol`
        self.logUserPrompts = logUserPrompts
    }
}

/// The options of `codex-otel-demo receive`.
public struct ReceiveOptions: Sendable, Hashable {
    /// The default port: OTLP/HTTP's well-known 4318, so exporters with default settings reach it.
    public static let defaultPort: UInt16 = 4318

    /// `--host ADDR`: the numeric IPv4 address to listen on (default `127.0.0.1`).
    public var host: String
    /// `--port N`: the port; 0 lets the kernel pick one.
    public var port: UInt16
    /// `--seconds S`: stop after this long; `nil` runs until SIGINT or SIGTERM.
    public var duration: Duration?

    /// Creates options.
    public init(host: String = "127.0.0.1", port: UInt16 = ReceiveOptions.defaultPort, duration: Duration? = nil) {
        self.host = host
        self.port = port
        self.duration = duration
    }
}

/// Why the command line was refused. The message names the argument; the usage follows it.
public enum DemoArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An option this command does not know.
    case unknownOption(String)
    /// An option that needs a value came last.
    case missingValue(option: String)
    /// An option's value is not acceptable.
    case invalidValue(option: String, value: String, expected: String)
    /// An option given twice.
    case duplicateOption(String)
    /// A word that is neither a command nor an option.
    case unexpectedArgument(String)

    /// What is wrong.
    public var description: String {
        switch self {
        case .unknownOption(let option): return "unknown option '\(option)'"
        case .missingValue(let option): return "option '\(option)' needs a value"
        case .invalidValue(let option, let value, let expected):
            return "invalid value '\(value)' for '\(option)': expected \(expected)"
        case .duplicateOption(let option): return "option '\(option)' is given more than once"
        case .unexpectedArgument(let argument): return "unexpected argument '\(argument)'"
        }
    }
}

/// The command-line grammar of `codex-otel-demo`.
public enum DemoArguments {
    /// The usage text (printed by `--help`, and after an argument error on stderr).
    public static let usage = """
        usage: codex-otel-demo [--endpoint URL] [--protocol grpc|http/protobuf|http/json] [--log-user-prompts]
               codex-otel-demo receive [--port N] [--host ADDR] [--seconds S]
               codex-otel-demo --help

        Simulates a Codex session (conversation start, prompts, API requests with a retry, streamed
        response events, tool decisions and results) through SessionTelemetry and MetricsClient,
        exports its spans, logs and metrics over OTLP, and shows what arrived.

        By default everything goes to an embedded OTLP/HTTP receiver on a loopback port: nothing
        else is needed. An endpoint (--endpoint, OTEL_EXPORTER_OTLP_ENDPOINT or
        OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT) sends all three signals to that collector instead.

          --endpoint URL      the collector's base endpoint; for OTLP/HTTP /v1/traces, /v1/logs and
                              /v1/metrics are appended (as for OTEL_EXPORTER_OTLP_ENDPOINT)
          --protocol P        grpc, http/protobuf or http/json (as OTEL_EXPORTER_OTLP_PROTOCOL);
                              without an endpoint, http/protobuf or http/json to the embedded receiver
          --log-user-prompts  log prompt text; by default the log lane shows [REDACTED]
          --help, -h          show this help

        receive: run only the embedded receiver and print every batch as it arrives, until
        SIGINT or SIGTERM.
          --port N            the port (default 4318; 0 picks a free one)
          --host ADDR         the IPv4 address to listen on (default 127.0.0.1)
          --seconds S         stop after S seconds

        Exit status: 0 when everything emitted was delivered, 1 when not (or the demo failed),
        2 for invalid arguments.
        """

    /// Parses the arguments after the program name.
    ///
    /// Options take their value as the next argument or after `=` (`--port=4318`).
    ///
    /// - Throws: ``DemoArgumentError`` naming the argument at fault.
    public static func parse(_ arguments: [String]) throws(DemoArgumentError) -> DemoCommand {
        var words = arguments[...]
        if words.contains(where: { $0 == "--help" || $0 == "-h" }) { return .help }
        let isReceive = words.first == "receive"
        if isReceive { words = words.dropFirst() }
        var seen = Set<String>()
        var run = RunOptions()
        var receive = ReceiveOptions()

        while let word = words.popFirst() {
            guard word.hasPrefix("-"), word != "-" else { throw .unexpectedArgument(word) }
            var name = word
            var inlineValue: String?
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            guard seen.insert(name).inserted else { throw .duplicateOption(name) }
            func value() throws(DemoArgumentError) -> String {
                if let inlineValue { return inlineValue }
                guard let next = words.popFirst() else { throw .missingValue(option: name) }
                return next
            }
            func noValue() throws(DemoArgumentError) {
                if let inlineValue { throw .invalidValue(option: name, value: inlineValue, expected: "no value") }
            }

            switch (isReceive, name) {
            case (false, "--endpoint"):
                let text = try value()
                guard !text.isEmpty, !text.contains(where: { $0 == " " || $0.isNewline }) else {
                    throw .invalidValue(option: name, value: text, expected: "a URL such as http://localhost:4318")
                }
                run.endpoint = text
            case (false, "--protocol"):
                let text = try value()
                do {
                    run.protocol = try OTLPProtocol(parsing: text)
                } catch {
                    throw .invalidValue(option: name, value: text, expected: "grpc, http/protobuf or http/json")
                }
            case (false, "--log-user-prompts"):
                try noValue()
                run.logUserPrompts = true
            case (true, "--port"):
                let text = try value()
                guard let port = UInt16(text) else {
                    throw .invalidValue(option: name, value: text, expected: "a port number from 0 to 65535")
                }
                receive.port = port
            case (true, "--host"):
                let text = try value()
                guard isIPv4Address(text) else {
                    throw .invalidValue(option: name, value: text, expected: "a numeric IPv4 address such as 127.0.0.1")
                }
                receive.host = text
            case (true, "--seconds"):
                let text = try value()
                guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 31_536_000 else {
                    throw .invalidValue(option: name, value: text, expected: "a positive number of seconds")
                }
                receive.duration = .nanoseconds(Int64((seconds * 1e9).rounded()))
            default:
                throw .unknownOption(name)
            }
        }
        return isReceive ? .receive(receive) : .run(run)
    }

    /// Whether `text` is a dotted-quad IPv4 address.
    static func isIPv4Address(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                    && Int(part).map { $0 <= 255 } == true
            }
    }
}
