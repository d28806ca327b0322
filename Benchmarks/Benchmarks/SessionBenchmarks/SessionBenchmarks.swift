// Ours: one SessionTelemetry event call with its metrics (MetricsClient, in-memory exporter read
// once an hour) and its log and trace lanes through the SDK's batch processors (discarding
// exporters). No swift-otel side: swift-otel has no counterpart of the seed's SessionTelemetry.
import Benchmark
import CodexSessionTelemetry
import OtelAPI
import OtelSDK

final class DiscardingSpanExporter: SpanExporter {
    func export(_ spans: [SpanData], deadline: MonotonicInstant) -> ExportResult {
        blackHole(spans.count)
        return .success
    }
}

final class DiscardingLogRecordExporter: LogRecordExporter {
    func export(_ records: [LogRecordData], deadline: MonotonicInstant) -> ExportResult {
        blackHole(records.count)
        return .success
    }
}

enum Session {
    static let resource = Resource(attributes: ["service.name": "codex-bench"])
    static let tracerProvider = SDKTracerProvider(
        resource: resource, sampler: AlwaysOnSampler(),
        spanProcessors: [BatchSpanProcessor(exporter: DiscardingSpanExporter(), configuration: .spanDefaults)]
    )
    static let loggerProvider = SDKLoggerProvider(
        resource: resource,
        processors: [BatchLogRecordProcessor(exporter: DiscardingLogRecordExporter(), configuration: .logDefaults)]
    )
    static let metrics: MetricsClient = {
        let config = MetricsConfig.inMemory(
            environment: "bench", serviceName: "codex-bench", serviceVersion: "0.0.0",
            exporter: InMemoryMetricExporter()
        ).withExportInterval(.seconds(3600))
        return try! MetricsClient(config)
    }()

    static func install() {
        try! Otel.install(
            OtelProviders(
                tracerProvider: tracerProvider,
                loggerProvider: loggerProvider,
                logLane: SDKLogLane(loggerProvider: loggerProvider),
                traceLane: SDKTraceLane()
            )
        )
    }

    static func telemetry() -> SessionTelemetry {
        SessionTelemetry(
            conversationID: "0199a213-81c0-7800-8aa1-bbab2a035a53", model: "gpt-5-codex", slug: "gpt-5-codex",
            accountID: .string("account-1"), accountEmail: .string("dev@example.com"), authMode: nil,
            originator: "codex_cli_rs", logUserPrompts: false, terminalType: "xterm", sessionSource: .cli
        ).withMetrics(metrics)
    }
}

let benchmarks: @Sendable () -> Void = {
    Session.install()
    let telemetry = Session.telemetry()
    let tracer = Session.tracerProvider.tracer("codex-bench")

    // The event alone: its log record, its trace-safe event (no active span: counted and dropped
    // by the trace lane), and its two metrics (tool call counter, duration histogram).
    Benchmark("session.toolResult/ours", configuration: perOperation) { benchmark in
        for _ in benchmark.scaledIterations {
            telemetry.toolResult(
                toolName: "shell", callID: "call_42", arguments: .string("{\"command\":[\"ls\"]}"),
                duration: .milliseconds(12), success: true, output: .string("README.md\nSources\n")
            )
        }
    }

    // The event inside its own span (start + event + end): the trace-safe event lands on the span.
    Benchmark("session.toolResult.inSpan/ours", configuration: perOperation) { benchmark in
        for _ in benchmark.scaledIterations {
            tracer.withSpan("codex.tool_call", parent: .none) { _ in
                telemetry.toolResult(
                    toolName: "shell", callID: "call_42", arguments: .string("{\"command\":[\"ls\"]}"),
                    duration: .milliseconds(12), success: true, output: .string("README.md\nSources\n")
                )
            }
        }
    }
}
