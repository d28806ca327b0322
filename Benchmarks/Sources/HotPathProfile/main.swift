// Runs one hot path N times, for `valgrind --tool=callgrind` (instruction counts are repeatable
// where wall-clock is not; `perf` has no hardware counters on this VM). Not a benchmark.
// valgrind 3.19 cannot read the Swift 6.3 debug info, so profile a copy without it:
//
//   swift build -c release --scratch-path .build --product HotPathProfile
//   cp .build/release/HotPathProfile /tmp/hpp && strip --strip-debug /tmp/hpp
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out /tmp/hpp preBoundCounter 200000
//   callgrind_annotate --inclusive=no /tmp/cg.out | swift demangle --simplified | head -45
//
// Run it with N and with 0 and divide the difference by N for instructions per operation
// (`--separate-threads=yes` splits the caller from a batch processor's worker).
// Cases: preBoundCounter preBoundHistogram instrument3attrs byName0 byName3 span0 span3 log5
// otlp (N requests of 1000 spans) session.
import CodexSessionTelemetry
#if canImport(Glibc)
import Glibc
#endif
import OtelAPI
import OtelOTLP
import OtelSDK

final class Discard: SpanExporter {
    func export(_ spans: [SpanData], deadline: MonotonicInstant) -> ExportResult { .success }
}

final class DiscardLogs: LogRecordExporter {
    func export(_ records: [LogRecordData], deadline: MonotonicInstant) -> ExportResult { .success }
}

@inline(never) func sink<T>(_ value: T) { withExtendedLifetime(value) {} }

let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]) else {
    print("usage: HotPathProfile <case> <iterations>")
    exit(2)
}
let resource = Resource(attributes: ["service.name": "codex-bench"])
let tags = [("model", "gpt-5-codex"), ("source", "cli"), ("route", "responses")]

func metricsClient() -> MetricsClient {
    try! MetricsClient(
        MetricsConfig.inMemory(
            environment: "bench", serviceName: "codex-bench", serviceVersion: "0.0.0",
            exporter: InMemoryMetricExporter()
        ).withExportInterval(.seconds(3600)))
}

switch arguments[1] {
case "preBoundCounter", "preBoundHistogram", "instrument3attrs":
    let provider = SDKMeterProvider(resource: resource, readers: [ManualMetricReader()])
    let meter = provider.meter("bench")
    let counter = meter.counter("codex.turns")
    let histogram = meter.histogram("codex.duration")
    let attributes: Attributes = ["model": "gpt-5-codex", "source": "cli", "route": "responses"]
    let bound = counter.bind(attributes)
    let boundHistogram = histogram.bind(attributes)
    switch arguments[1] {
    case "preBoundCounter": for _ in 0..<count { bound.add(1) }
    case "preBoundHistogram": for i in 0..<count { boundHistogram.record(Double(i & 1023)) }
    default:
        for _ in 0..<count { counter.add(1, attributes: ["model": "gpt-5-codex", "source": "cli", "route": "responses"]) }
    }
    sink(provider)
case "byName0", "byName3":
    let client = metricsClient()
    if arguments[1] == "byName0" {
        for _ in 0..<count { try? client.counter("codex.turns.untagged", increment: 1) }
    } else {
        for _ in 0..<count {
            try? client.counter("codex.turns", increment: 1, tags: [("model", "gpt-5-codex"), ("source", "cli"), ("route", "responses")])
        }
    }
case "span0", "span3":
    let provider = SDKTracerProvider(
        resource: resource, sampler: AlwaysOnSampler(),
        spanProcessors: [BatchSpanProcessor(exporter: Discard(), configuration: BatchExportConfiguration(maxQueueSize: 1 << 20))])
    let tracer = provider.tracer("bench")
    if arguments[1] == "span0" {
        for _ in 0..<count { tracer.startSpan("codex.turn", parent: .none).end() }
    } else {
        for _ in 0..<count {
            tracer.startSpan("codex.turn", parent: .none, attributes: ["model": "gpt-5-codex", "source": "cli", "turn": 3]).end()
        }
    }
    _ = provider.shutdown(timeout: .seconds(30))
case "log5":
    let processor = BatchLogRecordProcessor(exporter: DiscardLogs(), configuration: BatchExportConfiguration(maxQueueSize: 1 << 20))
    let provider = SDKLoggerProvider(resource: resource, processors: [processor])
    let logger = provider.logger(target: "codex_otel.bench")
    for _ in 0..<count {
        logger.emit(LogRecord(
            severity: .info, body: "codex.tool_result",
            attributes: ["tool_name": "shell", "call_id": "call_42", "success": true, "duration_ms": 12, "model": "gpt-5-codex"]))
    }
    _ = provider.shutdown(timeout: .seconds(30))
case "otlp":
    let exporter = InMemorySpanExporter()
    let provider = SDKTracerProvider(resource: resource, sampler: AlwaysOnSampler(), spanProcessors: [SimpleSpanProcessor(exporter: exporter)])
    let tracer = provider.tracer("bench")
    for i in 0..<1000 {
        tracer.startSpan("codex.turn", kind: .client, parent: .none, attributes: [
            "model": "gpt-5-codex", "source": "cli", "route": "responses",
            "conversation.id": "0199a213-81c0-7800-8aa1-bbab2a035a53", "turn": .int(Int64(i)),
            "http.response.status_code": 200, "input_tokens": 1532, "output_tokens": 211,
            "duration_ms": 12.5, "success": true,
        ]).end()
    }
    let spans = exporter.finishedSpans
    for _ in 0..<count { sink(OTLPTraceEncoder.protobuf(spans)) }  // count requests of 1000 spans
case "session":
    let tracerProvider = SDKTracerProvider(resource: resource, sampler: AlwaysOnSampler(), spanProcessors: [BatchSpanProcessor(exporter: Discard())])
    let loggerProvider = SDKLoggerProvider(resource: resource, processors: [BatchLogRecordProcessor(exporter: DiscardLogs(), configuration: BatchExportConfiguration(maxQueueSize: 1 << 20))])
    try! Otel.install(OtelProviders(
        tracerProvider: tracerProvider, loggerProvider: loggerProvider,
        logLane: SDKLogLane(loggerProvider: loggerProvider), traceLane: SDKTraceLane()))
    let telemetry = SessionTelemetry(
        conversationID: "0199a213-81c0-7800-8aa1-bbab2a035a53", model: "gpt-5-codex", slug: "gpt-5-codex",
        accountID: .string("account-1"), accountEmail: .string("dev@example.com"), authMode: nil,
        originator: "codex_cli_rs", logUserPrompts: false, terminalType: "xterm", sessionSource: .cli
    ).withMetrics(metricsClient())
    for _ in 0..<count {
        telemetry.toolResult(
            toolName: "shell", callID: "call_42", arguments: .string("{\"command\":[\"ls\"]}"),
            duration: .milliseconds(12), success: true, output: .string("README.md\nSources\n"))
    }
    _ = loggerProvider.shutdown(timeout: .seconds(30))
default:
    print("unknown case \(arguments[1])")
    exit(2)
}
