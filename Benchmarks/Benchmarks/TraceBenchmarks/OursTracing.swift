// Ours: OtelSDK's SDKTracerProvider and SDKLoggerProvider with their batch processors, exporting
// to exporters that discard. Each benchmark also reports how many items the batch processor
// dropped because its queue was full (custom metric, per 1000 operations): a producer that
// outruns the export worker measures the drop path for part of the samples, and this shows how much.
import Benchmark
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

let droppedMetric = BenchmarkMetric.custom("dropped per 1000 (queue full)", polarity: .prefersSmaller, useScalingFactor: false)

enum OursTracing {
    static let resource = Resource(attributes: ["service.name": "codex-bench"])

    static let spanProcessor = BatchSpanProcessor(exporter: DiscardingSpanExporter(), configuration: .spanDefaults)
    static let sampledProvider = SDKTracerProvider(
        resource: resource, sampler: AlwaysOnSampler(), spanProcessors: [spanProcessor]
    )
    static let droppedProvider = SDKTracerProvider(
        resource: resource, sampler: AlwaysOffSampler(),
        spanProcessors: [BatchSpanProcessor(exporter: DiscardingSpanExporter(), configuration: .spanDefaults)]
    )

    static let logProcessor = BatchLogRecordProcessor(exporter: DiscardingLogRecordExporter(), configuration: .logDefaults)
    static let loggerProvider = SDKLoggerProvider(resource: resource, processors: [logProcessor])

    static var withDropped: Benchmark.Configuration {
        var configuration = perOperation
        configuration.metrics.append(droppedMetric)
        return configuration
    }

    static func register() {
        let tracer = sampledProvider.tracer("codex-bench")
        let processor = spanProcessor

        Benchmark("span.startEnd.0attrs/ours", configuration: withDropped) { benchmark in
            let before = processor.droppedSpanCount
            for _ in benchmark.scaledIterations {
                let span = tracer.startSpan("codex.turn", parent: .none)
                span.end()
            }
            benchmark.measurement(droppedMetric, processor.droppedSpanCount - before)
        }

        Benchmark("span.startEnd.3attrs/ours", configuration: withDropped) { benchmark in
            let before = processor.droppedSpanCount
            for _ in benchmark.scaledIterations {
                let span = tracer.startSpan(
                    "codex.turn", parent: .none,
                    attributes: ["model": "gpt-5-codex", "source": "cli", "turn": 3]
                )
                span.end()
            }
            benchmark.measurement(droppedMetric, processor.droppedSpanCount - before)
        }

        Benchmark("span.withSpan.0attrs/ours", configuration: withDropped) { benchmark in
            let before = processor.droppedSpanCount
            for _ in benchmark.scaledIterations {
                tracer.withSpan("codex.turn", parent: .none) { span in blackHole(span) }
            }
            benchmark.measurement(droppedMetric, processor.droppedSpanCount - before)
        }

        let offTracer = droppedProvider.tracer("codex-bench")
        Benchmark("span.droppedBySampler/ours", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                let span = offTracer.startSpan("codex.turn", parent: .none)
                span.end()
            }
        }

        let logger = loggerProvider.logger(target: "codex_otel.bench")
        let logs = logProcessor
        Benchmark("log.5attrs.batch/ours", configuration: withDropped) { benchmark in
            let before = logs.droppedLogRecordCount
            for _ in benchmark.scaledIterations {
                logger.emit(
                    LogRecord(
                        severity: .info,
                        body: "codex.tool_result",
                        attributes: [
                            "tool_name": "shell",
                            "call_id": "call_42",
                            "success": true,
                            "duration_ms": 12,
                            "model": "gpt-5-codex",
                        ]
                    )
                )
            }
            benchmark.measurement(droppedMetric, logs.droppedLogRecordCount - before)
        }
    }
}
