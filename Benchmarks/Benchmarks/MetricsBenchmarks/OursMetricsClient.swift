// Ours, through CodexSessionTelemetry's MetricsClient: the seed's by-name API
// (`counter(name, increment, tags)`), which looks the instrument up by name and the series by tags
// on every call. Its periodic reader exports to an in-memory exporter once an hour, so the
// benchmark measures the record path only.
import Benchmark
import CodexSessionTelemetry
import OtelSDK

enum OursMetricsClient {
    static let client: MetricsClient = {
        let config = MetricsConfig.inMemory(
            environment: "bench", serviceName: "codex-bench", serviceVersion: "0.0.0",
            exporter: InMemoryMetricExporter()
        ).withExportInterval(.seconds(3600))
        do {
            return try MetricsClient(config)
        } catch {
            fatalError("MetricsClient: \(error)")
        }
    }()

    static func register() {
        let client = Self.client

        Benchmark("counter.byName.3tags/ours", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                try? client.counter(
                    "codex.turns", increment: 1,
                    tags: [("model", tagModel), ("source", tagSource), ("route", tagRoute)]
                )
            }
        }

        Benchmark("counter.byName.0tags/ours", configuration: perOperation) { benchmark in
            for _ in benchmark.scaledIterations {
                try? client.counter("codex.turns.untagged", increment: 1)
            }
        }

        Benchmark("histogram.byName.3tags/ours", configuration: perOperation) { benchmark in
            var value: Int64 = 0
            for _ in benchmark.scaledIterations {
                value &+= 3
                try? client.histogram(
                    "codex.duration", value: value,
                    tags: [("model", tagModel), ("source", tagSource), ("route", tagRoute)]
                )
                if value > 10_000 { value = 0 }
            }
        }

        Benchmark("histogram.byName.3tags.threads/ours", configuration: pairedThreads) { benchmark in
            measureScaling(benchmark, chunk: 1_000) { count in
                for index in 0..<count {
                    try? client.histogram(
                        "codex.duration.shared", value: Int64(index & 1023),
                        tags: [("model", tagModel), ("source", tagSource), ("route", tagRoute)]
                    )
                }
            }
        }

        Benchmark("counter.byName.3tags.threads/ours", configuration: pairedThreads) { benchmark in
            measureScaling(benchmark, chunk: 1_000) { count in
                for _ in 0..<count {
                    try? client.counter(
                        "codex.turns.shared", increment: 1,
                        tags: [("model", tagModel), ("source", tagSource), ("route", tagRoute)]
                    )
                }
            }
        }
    }
}
