// Ours, through OtelAPI's instruments on OtelSDK's SDKMeterProvider (a manual reader that the
// benchmark never collects, so only the record path is measured).
import Benchmark
import OtelAPI
import OtelSDK

enum OursSDKMetrics {
    static let provider = SDKMeterProvider(
        resource: Resource(attributes: ["service.name": "codex-bench"]),
        readers: [ManualMetricReader()],
        views: [View(instrumentName: "codex.duration.exponential", aggregation: .base2ExponentialHistogram())]
    )

    static func register() {
        let meter = provider.meter("codex-bench")
        let counter = meter.counter("codex.turns")
        let histogram = meter.histogram("codex.duration")

        // Attributes given at the call: a series look-up per record, like a by-name call.
        Benchmark("counter.instrument.3attrs/ours", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                counter.add(
                    1,
                    attributes: ["model": .string(tagModel), "source": .string(tagSource), "route": .string(tagRoute)]
                )
            }
        }

        Benchmark("counter.instrument.0attrs/ours", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                counter.add(1, attributes: Attributes())
            }
        }

        Benchmark("histogram.instrument.3attrs/ours", configuration: perOperation) { benchmark in
            var value = 0.0
            for _ in benchmark.scaledIterations {
                value += 1.5
                histogram.record(
                    value,
                    attributes: ["model": .string(tagModel), "source": .string(tagSource), "route": .string(tagRoute)]
                )
                if value > 10_000 { value = 0 }
            }
        }

        let attributes: Attributes = ["model": .string(tagModel), "source": .string(tagSource), "route": .string(tagRoute)]
        let boundCounter = counter.bind(attributes)
        Benchmark("counter.preBound.add/ours", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                boundCounter.add(1)
            }
        }

        let boundHistogram = histogram.bind(attributes)
        Benchmark("histogram.preBound.record/ours", configuration: perOperation) { benchmark in
            var value = 0.0
            for _ in benchmark.scaledIterations {
                value += 1.5
                boundHistogram.record(value)
                if value > 10_000 { value = 0 }
            }
        }

        // Two threads into the same instrument and the same series.
        let shared = meter.counter("codex.turns.shared")
        let sharedBound = shared.bind(["model": .string(tagModel)])
        Benchmark("counter.preBound.threads/ours", configuration: pairedThreads) { benchmark in
            measureScaling(benchmark, chunk: 10_000) { count in
                for _ in 0..<count { sharedBound.add(1) }
            }
        }
        let sharedHistogram = meter.histogram("codex.duration.shared").bind(["model": .string(tagModel)])
        Benchmark("histogram.preBound.threads/ours", configuration: pairedThreads) { benchmark in
            measureScaling(benchmark, chunk: 10_000) { count in
                for index in 0..<count { sharedHistogram.record(Double(index & 1023)) }
            }
        }
        let sharedExponential = meter.histogram("codex.duration.exponential").bind(["model": .string(tagModel)])
        Benchmark("histogram.exponential.preBound.threads/ours", configuration: pairedThreads) { benchmark in
            measureScaling(benchmark, chunk: 10_000) { count in
                for index in 0..<count { sharedExponential.record(Double(index & 1023)) }
            }
        }
        Benchmark("counter.instrument.3attrs.threads/ours", configuration: pairedThreads) { benchmark in
            measureScaling(benchmark, chunk: 200) { count in
                for _ in 0..<count {
                    shared.add(
                        1,
                        attributes: ["model": .string(tagModel), "source": .string(tagSource), "route": .string(tagRoute)]
                    )
                }
            }
        }
    }
}
