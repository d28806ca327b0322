import Benchmark

// Names are "<case>/<side>": ours, swift-otel (1.6.0 through swift-metrics 2.13.0), noop-api
// (OtelAPI's no-op instruments: the floor).
let benchmarks: @Sendable () -> Void = {
    OursMetricsClient.register()
    OursSDKMetrics.register()
    OursMemory.register()
    SwiftOtelMetrics.register()
    NoOpAPIMetrics.register()
}
