import OtelOTLP
import OtelSDK
import Testing

@testable import CodexOtelDemoKit

@Suite("Command-line arguments")
struct DemoArgumentsTests {
    @Test("no argument runs the demo with the defaults")
    func defaults() throws {
        #expect(try DemoArguments.parse([]) == .run(RunOptions()))
    }

    @Test("every option of the default command, with separate and inline values")
    func runOptions() throws {
        #expect(
            try DemoArguments.parse([
                "--endpoint", "http://collector:4318", "--protocol", "http/json", "--log-user-prompts",
            ])
                == .run(RunOptions(endpoint: "http://collector:4318", protocol: .httpJSON, logUserPrompts: true)))
        #expect(
            try DemoArguments.parse(["--endpoint=https://otel.example.com", "--protocol=grpc"])
                == .run(RunOptions(endpoint: "https://otel.example.com", protocol: .grpc)))
        #expect(try DemoArguments.parse(["--protocol", "HTTP/PROTOBUF"]) == .run(RunOptions(protocol: .httpProtobuf)))
    }

    @Test("every option of receive")
    func receiveOptions() throws {
        #expect(try DemoArguments.parse(["receive"]) == .receive(ReceiveOptions()))
        #expect(
            ReceiveOptions().port == 4318 && ReceiveOptions().host == "127.0.0.1" && ReceiveOptions().duration == nil)
        #expect(
            try DemoArguments.parse(["receive", "--port", "0", "--host", "0.0.0.0", "--seconds", "1.5"])
                == .receive(ReceiveOptions(host: "0.0.0.0", port: 0, duration: .milliseconds(1500))))
        #expect(try DemoArguments.parse(["receive", "--port=9999"]) == .receive(ReceiveOptions(port: 9999)))
    }

    @Test("--help and -h win wherever they are")
    func help() throws {
        #expect(try DemoArguments.parse(["--help"]) == .help)
        #expect(try DemoArguments.parse(["-h"]) == .help)
        #expect(try DemoArguments.parse(["receive", "--port", "1", "--help"]) == .help)
        #expect(DemoArguments.usage.contains("codex-otel-demo receive [--port N]"))
    }

    @Test(
        "invalid arguments are typed errors naming the argument",
        arguments: [
            (["--bogus"], DemoArgumentError.unknownOption("--bogus")),
            (["--endpoint"], .missingValue(option: "--endpoint")),
            (
                ["--endpoint", ""],
                .invalidValue(option: "--endpoint", value: "", expected: "a URL such as http://localhost:4318")
            ),
            (
                ["--protocol", "udp"],
                .invalidValue(option: "--protocol", value: "udp", expected: "grpc, http/protobuf or http/json")
            ),
            (["--protocol"], .missingValue(option: "--protocol")),
            (
                ["--log-user-prompts=yes"],
                .invalidValue(option: "--log-user-prompts", value: "yes", expected: "no value")
            ),
            (["--log-user-prompts", "--log-user-prompts"], .duplicateOption("--log-user-prompts")),
            (["extra"], .unexpectedArgument("extra")),
            (["--port", "4318"], .unknownOption("--port")),
            (["receive", "--endpoint", "x"], .unknownOption("--endpoint")),
            (
                ["receive", "--port", "65536"],
                .invalidValue(option: "--port", value: "65536", expected: "a port number from 0 to 65535")
            ),
            (
                ["receive", "--port", "-1"],
                .invalidValue(option: "--port", value: "-1", expected: "a port number from 0 to 65535")
            ),
            (["receive", "--port"], .missingValue(option: "--port")),
            (
                ["receive", "--host", "localhost"],
                .invalidValue(
                    option: "--host", value: "localhost", expected: "a numeric IPv4 address such as 127.0.0.1")
            ),
            (
                ["receive", "--host", "1.2.3.256"],
                .invalidValue(
                    option: "--host", value: "1.2.3.256", expected: "a numeric IPv4 address such as 127.0.0.1")
            ),
            (
                ["receive", "--seconds", "0"],
                .invalidValue(option: "--seconds", value: "0", expected: "a positive number of seconds")
            ),
            (
                ["receive", "--seconds", "nan"],
                .invalidValue(option: "--seconds", value: "nan", expected: "a positive number of seconds")
            ),
            (["receive", "--port", "1", "--port", "2"], .duplicateOption("--port")),
            (["receive", "now"], .unexpectedArgument("now")),
        ])
    func errors(arguments: [String], expected: DemoArgumentError) {
        #expect(throws: expected) { try DemoArguments.parse(arguments) }
    }

    @Test("an invalid argument prints the error and the usage on stderr and exits 2")
    func invalidArgumentExitStatus() async {
        let capture = CapturedConsole()
        let status = await CodexOtelDemo.main(
            arguments: ["--protocol", "smoke-signals"], environment: OtelEnvironment([:]), console: capture.console())
        #expect(status == 2)
        #expect(capture.standardOutput.isEmpty)
        #expect(capture.standardError.hasPrefix("codex-otel-demo: invalid value 'smoke-signals' for '--protocol'"))
        #expect(capture.standardError.contains(DemoArguments.usage))
    }

    @Test("--help prints the usage on stdout and exits 0")
    func helpExitStatus() async {
        let capture = CapturedConsole()
        let status = await CodexOtelDemo.main(
            arguments: ["--help"], environment: OtelEnvironment([:]), console: capture.console())
        #expect(status == 0)
        #expect(capture.standardOutput == DemoArguments.usage + "\n")
        #expect(capture.standardError.isEmpty)
    }
}

@Suite("Where the demo sends its telemetry")
struct DemoDestinationTests {
    func resolve(_ options: RunOptions = RunOptions(), _ variables: [String: String] = [:]) throws -> DemoDestination {
        try DemoDestination.resolve(options, environment: OtelEnvironment(variables))
    }

    func urls(_ destination: DemoDestination) -> [OTLPSignal: String] {
        guard case .collector(let configurations) = destination else { return [:] }
        return configurations.mapValues { $0.url.description }
    }

    func protocols(_ destination: DemoDestination) -> [OTLPSignal: OTLPProtocol] {
        guard case .collector(let configurations) = destination else { return [:] }
        return configurations.mapValues(\.protocol)
    }

    @Test("without an endpoint: the embedded receiver, protobuf unless JSON is asked for")
    func embedded() throws {
        guard case .embedded(let formats) = try resolve() else { Issue.record("not embedded"); return }
        #expect(formats == [.traces: .protobuf, .logs: .protobuf, .metrics: .protobuf])
        guard case .embedded(let json) = try resolve(RunOptions(protocol: .httpJSON)) else { Issue.record(); return }
        #expect(json == [.traces: .json, .logs: .json, .metrics: .json])
        // OTEL_EXPORTER_OTLP_PROTOCOL picks the transport for all three; a signal's own variable wins.
        guard
            case .embedded(let fromEnvironment) = try resolve(
                RunOptions(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL": "http/json", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL": "http/protobuf"])
        else { Issue.record(); return }
        #expect(fromEnvironment == [.traces: .json, .logs: .json, .metrics: .protobuf])
        let exporter = try resolve(RunOptions(protocol: .httpJSON)).exporter(
            for: .logs, receiverBaseURL: "http://127.0.0.1:5000")
        #expect(exporter == .otlpHTTP(endpoint: "http://127.0.0.1:5000/v1/logs", protocol: .json))
    }

    @Test("gRPC without an endpoint is a usage error; a bad protocol variable too")
    func grpcWithoutEndpoint() {
        #expect(throws: DemoSetupError.grpcNeedsEndpoint) { try resolve(RunOptions(protocol: .grpc)) }
        #expect(throws: DemoSetupError.grpcNeedsEndpoint) {
            try resolve(RunOptions(), ["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"])
        }
        #expect(DemoSetupError.grpcNeedsEndpoint.isUsageError)
        #expect(throws: DemoSetupError.self) {
            try resolve(RunOptions(), ["OTEL_EXPORTER_OTLP_PROTOCOL": "carrier-pigeon"])
        }
    }

    @Test("--endpoint is a base endpoint: OTLP/HTTP appends /v1/<signal>")
    func endpointOption() throws {
        let destination = try resolve(RunOptions(endpoint: "http://collector:4318/otlp/"))
        #expect(
            urls(destination) == [
                .traces: "http://collector:4318/otlp/v1/traces", .logs: "http://collector:4318/otlp/v1/logs",
                .metrics: "http://collector:4318/otlp/v1/metrics",
            ])
        #expect(protocols(destination) == [.traces: .httpProtobuf, .logs: .httpProtobuf, .metrics: .httpProtobuf])
        #expect(
            destination.exporter(for: .traces, receiverBaseURL: nil)
                == .otlpHTTP(endpoint: "http://collector:4318/otlp/v1/traces", protocol: .binary))
    }

    @Test("OTEL_EXPORTER_OTLP_ENDPOINT is a base; a signal's own endpoint is used verbatim")
    func endpointVariables() throws {
        let destination = try resolve(
            RunOptions(),
            [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://traces.example.com:9999/custom",
            ])
        #expect(
            urls(destination) == [
                .traces: "http://traces.example.com:9999/custom", .logs: "http://collector:4318/v1/logs",
                .metrics: "http://collector:4318/v1/metrics",
            ])
        // A signal's endpoint alone also means a collector; the others take the default.
        let single = try resolve(RunOptions(), ["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "http://logs:1/in"])
        #expect(
            urls(single) == [
                .traces: "http://localhost:4318/v1/traces", .logs: "http://logs:1/in",
                .metrics: "http://localhost:4318/v1/metrics",
            ])
        // The command line wins over the variables.
        let overridden = try resolve(
            RunOptions(endpoint: "http://cli:4318"), ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://env:1/t"])
        #expect(urls(overridden)[.traces] == "http://cli:4318/v1/traces")
    }

    @Test("the protocol picks the transport for all three signals; gRPC uses the endpoint's origin")
    func grpcCollector() throws {
        let destination = try resolve(
            RunOptions(endpoint: "http://collector:4317"), ["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"])
        #expect(protocols(destination) == [.traces: .grpc, .logs: .grpc, .metrics: .grpc])
        #expect(
            destination.exporter(for: .metrics, receiverBaseURL: nil) == .otlpGRPC(endpoint: "http://collector:4317"))
        let json = try resolve(
            RunOptions(endpoint: "http://c:4318", protocol: .httpJSON), ["OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"])
        #expect(protocols(json) == [.traces: .httpJSON, .logs: .httpJSON, .metrics: .httpJSON])
        #expect(
            json.exporter(for: .logs, receiverBaseURL: nil)
                == .otlpHTTP(endpoint: "http://c:4318/v1/logs", protocol: .json))
    }

    @Test("a malformed endpoint is a usage error")
    func malformedEndpoint() {
        #expect(throws: DemoSetupError.self) { try resolve(RunOptions(endpoint: "ftp://collector")) }
        #expect(throws: DemoSetupError.self) { try resolve(RunOptions(), ["OTEL_EXPORTER_OTLP_ENDPOINT": "::"]) }
    }
}
