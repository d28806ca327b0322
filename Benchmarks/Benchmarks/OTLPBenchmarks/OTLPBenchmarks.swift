// Ours: OtelOTLP's hand-written OTLP encoders. A sample encodes one export request of 1,000 spans
// (`scalingFactor: .kilo`), so the scaled columns read per span and throughput reads spans/s.
// No swift-otel side: its OTLP conversion (SwiftProtobuf messages) is internal to its module.
import Benchmark
import OtelAPI
import OtelOTLP
import OtelSDK

/// 1,000 finished spans with 10 attributes each (strings, ints, a double, a bool), as the batch
/// processor would hand them to the exporter, recorded through the SDK into an in-memory exporter.
func makeSpans(count: Int) -> [SpanData] {
    let exporter = InMemorySpanExporter()
    let provider = SDKTracerProvider(
        resource: Resource(attributes: ["service.name": "codex-bench", "service.version": "0.0.0"]),
        sampler: AlwaysOnSampler(),
        spanProcessors: [SimpleSpanProcessor(exporter: exporter)]
    )
    let tracer = provider.tracer("codex-bench")
    for index in 0..<count {
        let span = tracer.startSpan(
            "codex.turn", kind: .client, parent: .none,
            attributes: [
                "model": "gpt-5-codex",
                "source": "cli",
                "route": "responses",
                "conversation.id": "0199a213-81c0-7800-8aa1-bbab2a035a53",
                "turn": .int(Int64(index)),
                "http.response.status_code": 200,
                "input_tokens": 1532,
                "output_tokens": 211,
                "duration_ms": 12.5,
                "success": true,
            ]
        )
        span.end()
    }
    _ = provider.shutdown(timeout: .seconds(5))
    return exporter.finishedSpans
}

let benchmarks: @Sendable () -> Void = {
    SustainedExport.register()
    let spans = makeSpans(count: 1_000)
    precondition(spans.count == 1_000, "expected 1000 spans, got \(spans.count)")

    Benchmark("otlp.protobuf.spans10attrs/ours", configuration: perOperation) { benchmark in
        precondition(benchmark.scaledIterations.count == spans.count)
        blackHole(OTLPTraceEncoder.protobuf(spans))
    }

    Benchmark("otlp.json.spans10attrs/ours", configuration: perOperation) { benchmark in
        precondition(benchmark.scaledIterations.count == spans.count)
        blackHole(OTLPTraceEncoder.json(spans))
    }
}
