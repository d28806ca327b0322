// swift-tools-version: 6.1
//
// Release-mode benchmarks for swift-codex-otel, side by side with swift-otel in the same run.
// A package of its own so that the root package keeps zero dependencies.
//
//   cd Benchmarks
//   swift package --scratch-path .build benchmark            # every target
//   swift package --scratch-path .build benchmark --target MetricsBenchmarks
//
// The first build compiles swift-otel and its dependencies: several minutes on 2 cores.
import PackageDescription

let package = Package(
    name: "swift-codex-otel-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(
            url: "https://github.com/ordo-one/package-benchmark", exact: "1.38.1",
            traits: ["MallocInterposer"]
        ),
        // swift-otel with its OTLP/HTTP trait only: 1.6.0 does not compile with no trait at all
        // on Linux (a Foundation import then goes missing), and the OTLP/gRPC trait only adds
        // gRPC to the build. The benchmarks use its `.none` exporter, so the trait adds build
        // time, not work on the record path.
        .package(url: "https://github.com/swift-otel/swift-otel", exact: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", exact: "1.7.3"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        // The configurations and helpers every benchmark target shares.
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "Benchmark", package: "package-benchmark")],
            path: "Sources/BenchmarkSupport"
        ),
        .executableTarget(
            name: "MetricsBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                "BenchmarkSupport",
                .product(name: "OtelAPI", package: "main"),
                .product(name: "OtelSDK", package: "main"),
                .product(name: "CodexSessionTelemetry", package: "main"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            path: "Benchmarks/MetricsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "TraceBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                "BenchmarkSupport",
                .product(name: "OtelAPI", package: "main"),
                .product(name: "OtelSDK", package: "main"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/TraceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "OTLPBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                "BenchmarkSupport",
                .product(name: "OtelAPI", package: "main"),
                .product(name: "OtelSDK", package: "main"),
                .product(name: "OtelOTLP", package: "main"),
                .product(name: "OtelOTLPReceiver", package: "main"),
            ],
            path: "Benchmarks/OTLPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "SessionBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                "BenchmarkSupport",
                .product(name: "OtelAPI", package: "main"),
                .product(name: "OtelSDK", package: "main"),
                .product(name: "CodexSessionTelemetry", package: "main"),
            ],
            path: "Benchmarks/SessionBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Not a benchmark: runs one hot path N times under valgrind's callgrind (see its header).
        .executableTarget(
            name: "HotPathProfile",
            dependencies: [
                .product(name: "OtelAPI", package: "main"),
                .product(name: "OtelSDK", package: "main"),
                .product(name: "OtelOTLP", package: "main"),
                .product(name: "CodexSessionTelemetry", package: "main"),
            ],
            path: "Sources/HotPathProfile"
        ),
    ],
    swiftLanguageModes: [.v6]
)
