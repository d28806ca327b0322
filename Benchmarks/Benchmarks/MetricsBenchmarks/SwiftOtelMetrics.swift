// swift-otel 1.6.0 through swift-metrics 2.13.0: the reference side of every metrics benchmark.
import Benchmark
import CoreMetrics
import OTel

enum SwiftOtelMetrics {
    /// swift-otel's metrics backend, exporter `.none`: the hot path is the swift-metrics handler
    /// (an atomic in swift-otel's `OTelMetricRegistry`). Recording does not need the periodic
    /// reader running, so its service is not started.
    static let factory: any MetricsFactory = {
        var config = OTel.Configuration.default
        config.metrics.exporter = .none
        config.metrics.exportInterval = .seconds(3600)
        config.traces.enabled = false
        config.logs.enabled = false
        config.diagnosticLogLevel = .error
        do {
            let (factory, _) = try OTel.makeMetricsBackend(configuration: config)
            return factory
        } catch {
            fatalError("swift-otel metrics backend: \(error)")
        }
    }()

    static func register() {
        let factory = Self.factory

        Benchmark("counter.byName.3tags/swift-otel", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                CoreMetrics.Counter(
                    label: "codex.turns",
                    dimensions: [("model", tagModel), ("source", tagSource), ("route", tagRoute)],
                    factory: factory
                ).increment()
            }
        }

        Benchmark("counter.byName.0tags/swift-otel", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                CoreMetrics.Counter(label: "codex.turns.untagged", dimensions: [], factory: factory).increment()
            }
        }

        Benchmark("histogram.byName.3tags/swift-otel", configuration: perOperation) { benchmark in
            var value = 0.0
            for _ in benchmark.scaledIterations {
                value += 1.5
                CoreMetrics.Recorder(
                    label: "codex.duration",
                    dimensions: [("model", tagModel), ("source", tagSource), ("route", tagRoute)],
                    aggregate: true,
                    factory: factory
                ).record(value)
                if value > 10_000 { value = 0 }
            }
        }

        // "Pre-bound": swift-metrics' only way to skip the by-name look-up is to keep the handle.
        let counter = CoreMetrics.Counter(
            label: "codex.turns.prebound",
            dimensions: [("model", tagModel), ("source", tagSource), ("route", tagRoute)],
            factory: factory
        )
        Benchmark("counter.preBound.add/swift-otel", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                counter.increment(by: 1)
            }
        }

        let recorder = CoreMetrics.Recorder(
            label: "codex.duration.prebound",
            dimensions: [("model", tagModel), ("source", tagSource), ("route", tagRoute)],
            aggregate: true,
            factory: factory
        )
        Benchmark("histogram.preBound.record/swift-otel", configuration: perOperation) { benchmark in
            var value = 0.0
            for _ in benchmark.scaledIterations {
                value += 1.5
                recorder.record(value)
                if value > 10_000 { value = 0 }
            }
        }

        let shared = CoreMetrics.Counter(
            label: "codex.turns.shared",
            dimensions: [("model", tagModel)],
            factory: factory
        )
        Benchmark("counter.preBound.threads/swift-otel", configuration: pairedThreads) { benchmark in
            measureScaling(benchmark, chunk: 2_000) { count in
                for _ in 0..<count { shared.increment(by: 1) }
            }
        }
    }
}
