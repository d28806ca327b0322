// Floor: OtelAPI's no-op instruments (what an instrumented library pays with no SDK installed).
import Benchmark
import OtelAPI

enum NoOpAPIMetrics {
    static func register() {
        let meter: any Meter = NoOpMeterProvider().meter("bench")
        let counter = meter.counter("codex.turns")
        Benchmark("counter.api.3attrs/noop-api", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                counter.add(1, attributes: ["model": .string(tagModel), "source": .string(tagSource), "route": .string(tagRoute)])
            }
        }
        let bound = counter.bind(["model": .string(tagModel)])
        Benchmark("counter.preBound.add/noop-api", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                bound.add(1)
            }
        }
    }
}
