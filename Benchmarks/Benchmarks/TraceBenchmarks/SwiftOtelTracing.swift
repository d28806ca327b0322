// swift-otel 1.6.0 through swift-distributed-tracing 1.7.3 and swift-log: the reference side.
import Benchmark
import Logging
import OTel
import ServiceLifecycle
import Tracing

enum SwiftOtelTracing {
    static func configuration(sampler: OTel.Configuration.TracesConfiguration.SamplerConfiguration) -> OTel.Configuration {
        var config = OTel.Configuration.default
        config.traces.sampler = sampler
        config.traces.exporter = .none  // swift-otel's own no-op exporter behind its batch processor
        config.metrics.enabled = false
        config.logs.exporter = .none
        config.diagnosticLogLevel = .error
        return config
    }

    /// Starts a swift-otel service (batch processor, tracer event loop) in the background for the
    /// whole process: swift-otel's tracer hands finished spans to its batch processor through
    /// `AsyncStream`s that only drain while the service runs.
    static func runInBackground(_ service: some Service) {
        Task.detached { try? await service.run() }
    }

    static func register() {
        let sampled = try! OTel.makeTracingBackend(configuration: configuration(sampler: .alwaysOn))
        runInBackground(sampled.service)
        let dropped = try! OTel.makeTracingBackend(configuration: configuration(sampler: .alwaysOff))
        runInBackground(dropped.service)
        let logging = try! OTel.makeLoggingBackend(configuration: configuration(sampler: .alwaysOn))
        runInBackground(logging.service)

        registerSpans(tracer: sampled.factory, offTracer: dropped.factory)
        registerLogs(factory: logging.factory)
    }

    static func registerSpans(tracer: some Tracer, offTracer: some Tracer) {
        Benchmark("span.startEnd.0attrs/swift-otel", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                let span = tracer.startSpan("codex.turn", context: .topLevel)
                span.end()
            }
        }

        Benchmark("span.startEnd.3attrs/swift-otel", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                let span = tracer.startSpan("codex.turn", context: .topLevel)
                span.updateAttributes { attributes in
                    attributes["model"] = "gpt-5-codex"
                    attributes["source"] = "cli"
                    attributes["turn"] = 3
                }
                span.end()
            }
        }

        Benchmark("span.withSpan.0attrs/swift-otel", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                tracer.withSpan("codex.turn", context: .topLevel) { span in blackHole(span) }
            }
        }

        Benchmark("span.droppedBySampler/swift-otel", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                let span = offTracer.startSpan("codex.turn", context: .topLevel)
                span.end()
            }
        }

    }

    static func registerLogs(factory: @escaping @Sendable (String) -> any LogHandler) {
        let logger = Logger(label: "codex_otel.bench", factory: factory)
        Benchmark("log.5attrs.batch/swift-otel", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                logger.info(
                    "codex.tool_result",
                    metadata: [
                        "tool_name": "shell",
                        "call_id": "call_42",
                        "success": "true",
                        "duration_ms": "12",
                        "model": "gpt-5-codex",
                    ]
                )
            }
        }
    }
}
