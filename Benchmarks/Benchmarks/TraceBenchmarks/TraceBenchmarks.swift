import Benchmark

let benchmarks: @Sendable () -> Void = {
    SwiftOtelTracing.register()
    OursTracing.register()
    NoOpAPITracing.register()
}
