// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "swift-codex-otel",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OtelAPI", targets: ["OtelAPI"]),
        .library(name: "OtelSDK", targets: ["OtelSDK"]),
        .library(name: "OtelOTLP", targets: ["OtelOTLP"]),
        .library(name: "OtelStatsig", targets: ["OtelStatsig"]),
        .library(name: "CodexSessionTelemetry", targets: ["CodexSessionTelemetry"]),
        .library(name: "CodexOtelCompat", targets: ["CodexOtelCompat"]),
        .library(name: "OtelOTLPReceiver", targets: ["OtelOTLPReceiver"]),
        .executable(name: "codex-otel-demo", targets: ["codex-otel-demo"]),
    ],
    dependencies: [],
    targets: [
        // The API that instrumented libraries import: standard library and Synchronization only.
        .target(name: "OtelAPI", swiftSettings: strict),
        // Providers, aggregation, processors, samplers, resources, in-memory exporters, lane routing.
        .target(name: "OtelSDK", dependencies: ["OtelAPI"], swiftSettings: strict),
        // The small part of libcurl's C API we use, declared by us; linked against the runtime
        // `libcurl.so.4` by file name so that no `-dev` package is needed.
        .target(
            name: "CCurl",
            linkerSettings: [
                .linkedLibrary(":libcurl.so.4", .when(platforms: [.linux])),
                .linkedLibrary("curl", .when(platforms: [.macOS])),
            ]
        ),
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // OTLP encoding (protobuf, JSON) and transports (HTTP/1.1, HTTP/2 gRPC, TLS).
        .target(name: "OtelOTLP", dependencies: ["OtelSDK", "CCurl", "CZlib"], swiftSettings: strict),
        .target(name: "OtelStatsig", dependencies: ["OtelOTLP"], swiftSettings: strict),
        // An embedded OTLP/HTTP receiver and request decoders: the demo's collector, and a test peer.
        .target(name: "OtelOTLPReceiver", dependencies: ["OtelOTLP"], swiftSettings: strict),
        .target(
            name: "CodexSessionTelemetry",
            dependencies: ["OtelSDK", "OtelOTLP", "OtelStatsig"],
            swiftSettings: strict
        ),
        .target(name: "CodexOtelCompat", dependencies: ["CodexSessionTelemetry"], swiftSettings: strict),
        // The demo's logic (session simulation, terminal view), kept out of the executable so tests can drive it.
        .target(
            name: "CodexOtelDemoKit",
            dependencies: ["CodexSessionTelemetry", "OtelOTLP", "OtelOTLPReceiver"],
            swiftSettings: strict
        ),
        .executableTarget(name: "codex-otel-demo", dependencies: ["CodexOtelDemoKit"], swiftSettings: strict),

        // Test support: counts heap allocations of the calling thread (interposes malloc).
        .target(name: "AllocationCounter", path: "Tests/AllocationCounter"),
        .testTarget(name: "OtelAPITests", dependencies: ["OtelAPI", "AllocationCounter"], swiftSettings: strict),
        .testTarget(name: "OtelSDKTests", dependencies: ["OtelSDK", "AllocationCounter"], swiftSettings: strict),
        .testTarget(name: "OtelOTLPTests", dependencies: ["OtelOTLP", "OtelStatsig"], swiftSettings: strict),
        .testTarget(
            name: "OtelOTLPReceiverTests", dependencies: ["OtelOTLPReceiver", "OtelOTLP"], swiftSettings: strict),
        .testTarget(name: "OtelStatsigTests", dependencies: ["OtelStatsig"], swiftSettings: strict),
        .testTarget(
            name: "CodexSessionTelemetryTests",
            dependencies: ["CodexSessionTelemetry", "OtelOTLPReceiver"],
            swiftSettings: strict
        ),
        .testTarget(name: "CodexOtelCompatTests", dependencies: ["CodexOtelCompat"], swiftSettings: strict),
        .testTarget(name: "CodexOtelDemoTests", dependencies: ["CodexOtelDemoKit"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (libFuzzer), declared only when `OTEL_FUZZ=1` so that the normal build and tests
// never see them. They live in this package because they reach `package` and internal decoders
// (`@testable import`). `scripts/fuzz.sh` builds and runs them; sources are under `Fuzz/`.
if Context.environment["OTEL_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        .target(name: "FuzzKit", dependencies: ["FuzzSupport"], path: "Fuzz/FuzzKit", swiftSettings: strict),
    ]
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzTraceContext", ["OtelAPI"]),
        ("FuzzEnvironment", ["OtelSDK", "OtelOTLP", "OtelStatsig", "CodexSessionTelemetry"]),
        ("FuzzExportResponse", ["OtelOTLP", "OtelOTLPReceiver"]),
        ("FuzzReceiverRequest", ["OtelOTLPReceiver", "OtelOTLP", "OtelSDK", "OtelAPI"]),
    ]
    for target in fuzzTargets {
        package.targets.append(
            .executableTarget(
                name: target.name, dependencies: ["FuzzKit"] + target.dependencies, path: "Fuzz/\(target.name)",
                swiftSettings: strict))
        package.products.append(.executable(name: target.name, targets: [target.name]))
    }
}
