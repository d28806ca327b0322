// Floor: OtelAPI's no-op tracer (what an instrumented library pays with no SDK installed).
import Benchmark
import OtelAPI

enum NoOpAPITracing {
    static func register() {
        let tracer: any OtelAPI.Tracer = NoOpTracerProvider().tracer("bench")
        Benchmark("span.startEnd.0attrs/noop-api", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                let span = tracer.startSpan("codex.turn", parent: .none)
                span.end()
            }
        }
    }
}
