/// Feeds environment variable sets to every environment-driven constructor: batch processor
/// settings, `Resource.fromEnvironment` (percent-decoded `OTEL_RESOURCE_ATTRIBUTES`), the sampler
/// from `OTEL_TRACES_SAMPLER`/`_ARG`, span and log limits, the metric reader's interval and
/// timeout, the temporality preference, `OTLPExporterConfiguration.resolved(for:environment:)` for
/// each signal, the Statsig preset, the Codex exporter resolution and `TRACEPARENT`/`TRACESTATE`,
/// and checks the invariants each promises (valid sizes, ratios in 0...1, usable URLs).
///
/// Input: lines separated by `\n`. A line's first byte picks the variable
/// (`(byte - 0x21) % Variables.names.count`, so `!` is the first name); the rest is its value. A
/// later line for the same variable wins.

import FuzzKit
import OtelStatsig

@testable import CodexSessionTelemetry
@testable import OtelOTLP
@testable import OtelSDK

/// The variables the SDK reads, plus two that stand for Codex settings fields (the endpoint and
/// the Codex home directory), which go through the same resolution.
enum Variables {
    static let names: [String] = {
        var names = [
            "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
            "OTEL_ATTRIBUTE_COUNT_LIMIT", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
            "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_SPAN_EVENT_COUNT_LIMIT", "OTEL_SPAN_LINK_COUNT_LIMIT",
            "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT",
            "OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT",
            "OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_METRIC_EXPORT_TIMEOUT",
            TemporalityPreference.environmentVariable, "TRACEPARENT", "TRACESTATE", StatsigPreset.apiKeyVariable,
            "CODEX_ENDPOINT", "CODEX_HOME",
        ]
        for processor in ["BSP", "BLRP"] {
            for setting in ["MAX_QUEUE_SIZE", "SCHEDULE_DELAY", "EXPORT_TIMEOUT", "MAX_EXPORT_BATCH_SIZE"] {
                names.append("OTEL_\(processor)_\(setting)")
            }
        }
        for signal in ["", "TRACES_", "METRICS_", "LOGS_"] {
            for setting in [
                "ENDPOINT", "PROTOCOL", "HEADERS", "TIMEOUT", "COMPRESSION", "INSECURE", "CERTIFICATE",
                "CLIENT_CERTIFICATE", "CLIENT_KEY",
            ] {
                names.append("OTEL_EXPORTER_OTLP_\(signal)\(setting)")
            }
        }
        return names
    }()
}

// Diagnostics are produced (so their messages are built) but not printed.
OtelDiagnostics.setHandler(minimumLevel: .debug) { _, _ in }

FuzzDriver.run(seeds: seeds) { buffer in
    var input = FuzzInput(buffer)
    var values: [String: String] = [:]
    while !input.isAtEnd {
        let line = input.field(separator: UInt8(ascii: "\n"))
        guard let selector = line.first else { continue }
        let name = Variables.names[Int(selector &- 0x21) % Variables.names.count]
        values[name] = String(decoding: line.dropFirst(), as: UTF8.self)
    }
    let environment = OtelEnvironment(values)
    checkSDK(environment)
    checkOTLP(environment)
    checkCodex(environment)
    _ = TraceContextEnvironment.read(from: values)
}

func checkSDK(_ environment: OtelEnvironment) {
    for batch in [BatchExportConfiguration.spans(environment: environment), .logs(environment: environment)] {
        fuzzCheck(batch.maxQueueSize >= 1, "batch queue size \(batch.maxQueueSize)")
        fuzzCheck(
            (1...batch.maxQueueSize).contains(batch.maxExportBatchSize), "batch size \(batch.maxExportBatchSize)")
        fuzzCheck(batch.scheduleDelay >= .zero && batch.exportTimeout >= .zero, "negative batch time")
        _ = batch.effectiveScheduleDelay
        let start = MonotonicInstant(nanoseconds: 1_000_000_000_000)
        fuzzCheck(batch.exportDeadline(startingAt: start) > start, "the export deadline wrapped around")
    }

    let resource = Resource.sdkDefault.merging(Resource.fromEnvironment(environment))
    fuzzCheck(resource.attributes["service.name"] != nil, "the resource lost service.name")

    let sampler = SamplerConfiguration(environment: environment)
    switch sampler {
    case .traceIDRatio(let ratio), .parentBasedTraceIDRatio(let ratio):
        fuzzCheck((0...1).contains(ratio), "sampler ratio \(ratio)")
    default:
        break
    }
    let decision = sampler.makeSampler().shouldSample(
        SamplingParameters(parentContext: nil, traceID: TraceID(high: 1, low: 0x1234_5678_9ABC_DEF0), name: "fuzz"))
    _ = decision

    let spanLimits = SpanLimits(environment: environment)
    fuzzCheck(
        spanLimits.attributeCountLimit >= 0 && spanLimits.eventCountLimit >= 0 && spanLimits.linkCountLimit >= 0
            && spanLimits.attributePerEventCountLimit >= 0 && spanLimits.attributePerLinkCountLimit >= 0
            && (spanLimits.attributeValueLengthLimit ?? 0) >= 0,
        "negative span limit")
    let logLimits = LogRecordLimits(environment: environment)
    fuzzCheck(
        logLimits.attributeCountLimit >= 0 && (logLimits.attributeValueLengthLimit ?? 0) >= 0, "negative log limit")

    let reader = PeriodicExportingMetricReader(exporter: InMemoryMetricExporter(), environment: environment)
    fuzzCheck(reader.interval > .zero && reader.timeout > .zero, "metric reader interval or timeout not positive")
    let start = MonotonicInstant(nanoseconds: 1_000_000_000_000)
    fuzzCheck(start.advanced(by: reader.interval) > start, "the next metric export wrapped around")
    _ = TemporalityPreference(environment: environment)
}

func checkOTLP(_ environment: OtelEnvironment) {
    let configurations = [
        OTLPExporterConfiguration(),
        OTLPExporterConfiguration(protocol: .grpc),
        OTLPExporterConfiguration(headers: ["x-api-key": "secret", "X-Override": "1"], compression: .gzip),
    ]
    for configuration in configurations {
        for signal in OTLPSignal.allCases {
            checkResolved(configuration, signal: signal, environment: environment)
        }
    }
    if let preset = try? StatsigPreset(apiKey: nil, environment: environment) {
        checkResolved(preset.metricsConfiguration, signal: .metrics, environment: environment)
    }
}

func checkResolved(_ configuration: OTLPExporterConfiguration, signal: OTLPSignal, environment: OtelEnvironment) {
    guard let resolved = try? configuration.resolved(for: signal, environment: environment) else { return }
    let url = resolved.url
    fuzzCheck(url.scheme == "http" || url.scheme == "https", "scheme \(url.scheme)")
    fuzzCheck(!url.host.isEmpty && (1...65535).contains(url.port), "host or port of \(url)")
    // The URL an exporter uses must parse again to the same endpoint.
    guard let again = try? EndpointURL(url.description) else {
        fuzzCheck(false, "a resolved URL does not parse again: \(url.description)")
        return
    }
    fuzzCheck(again == url, "a resolved URL changed when parsed again: \(url.description)")
    for (name, value) in resolved.headers {
        fuzzCheck(HTTPHeaderRules.isToken(name), "header name \(name) is not a token")
        fuzzCheck(!HTTPHeaderRules.hasControlCharacter(value, allowingTab: true), "header \(name) has a control byte")
    }
    fuzzCheck(resolved.timeout >= .zero, "negative OTLP timeout")
    _ = resolved.description
}

func checkCodex(_ environment: OtelEnvironment) {
    let endpoint = environment.values["CODEX_ENDPOINT"] ?? "http://localhost:4318/v1/logs"
    let home = environment.values["CODEX_HOME"] ?? "/tmp"
    let tls = OtelTlsConfig(caCertificate: "ca.pem", clientCertificate: nil, clientPrivateKey: nil)
    let exporters: [OtelExporter] = [
        .otlpHTTP(endpoint: endpoint, protocol: .binary),
        .otlpHTTP(endpoint: endpoint, headers: ["authorization": "Bearer x"], protocol: .json, tls: tls),
        .otlpGRPC(endpoint: endpoint, tls: tls),
        .statsig(apiKey: nil),
    ]
    for exporter in exporters {
        for signal in [OTLPSignal.logs, .metrics] {
            let configuration = try? ExporterResolution.configuration(
                exporter, signal: signal, field: "exporter", codexHome: home, environment: environment)
            if let configuration = configuration ?? nil {
                checkResolved(configuration, signal: signal, environment: environment)
            }
        }
    }
    let settings = OtelSettings(environment: "fuzz", serviceName: "codex", serviceVersion: "1", codexHome: home)
    let resource = CodexResources.traces(settings, environment: environment)
    fuzzCheck(resource.attributes["service.name"] == "codex", "explicit service.name lost")
}

/// Environments as a user or a deployment sets them: every variable with valid values, the
/// boundary values, and the mistakes the parsers must survive (bad numbers, unknown names,
/// malformed lists and URLs).
func seeds() -> [FuzzSeed] {
    func environment(_ name: String, _ pairs: KeyValuePairs<String, String>) -> FuzzSeed {
        var bytes: [UInt8] = []
        for (variable, value) in pairs {
            guard let index = Variables.names.firstIndex(of: variable) else {
                fatalError("unknown variable \(variable)")
            }
            bytes.append(0x21 + UInt8(index))
            bytes += Array(value.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return FuzzSeed(name, bytes)
    }
    return [
        environment(
            "service-and-resource",
            [
                "OTEL_SERVICE_NAME": "checkout",
                "OTEL_RESOURCE_ATTRIBUTES":
                    "service.version=1.2.3,deployment.environment=prod%20eu,host.name=web-1,empty=,=novalue,a%3Db=c%2Cd",
            ]),
        environment("resource-bad-percent", ["OTEL_RESOURCE_ATTRIBUTES": "k=%zz,k2=%e2%82,service.name=%F0%9F%8E%89"]),
        environment(
            "sampler-ratio", ["OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.25"]),
        environment("sampler-ratio-bad", ["OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "1e400"]),
        environment("sampler-nan", ["OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "nan"]),
        environment("sampler-off", ["OTEL_TRACES_SAMPLER": "parentbased_always_off", "OTEL_TRACES_SAMPLER_ARG": "-1"]),
        environment("sampler-unknown", ["OTEL_TRACES_SAMPLER": "jaeger_remote"]),
        environment(
            "batch-processors",
            [
                "OTEL_BSP_MAX_QUEUE_SIZE": "100", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "512",
                "OTEL_BSP_SCHEDULE_DELAY": "0", "OTEL_BSP_EXPORT_TIMEOUT": "9223372036854775807",
                "OTEL_BLRP_MAX_QUEUE_SIZE": "0", "OTEL_BLRP_SCHEDULE_DELAY": "-5",
                "OTEL_BLRP_EXPORT_TIMEOUT": "99999999999999999999", "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE": " 7 ",
            ]),
        environment(
            "limits",
            [
                "OTEL_ATTRIBUTE_COUNT_LIMIT": "16", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "0",
                "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "-1", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT": "4096",
                "OTEL_SPAN_EVENT_COUNT_LIMIT": "0", "OTEL_SPAN_LINK_COUNT_LIMIT": "+3",
                "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT": "1", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT": "0x10",
                "OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT": "128", "OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT": "",
            ]),
        environment(
            "metric-reader",
            [
                "OTEL_METRIC_EXPORT_INTERVAL": "1", "OTEL_METRIC_EXPORT_TIMEOUT": "18446744073709551615",
                "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE": "LowMemory",
            ]),
        environment(
            "otlp-general",
            [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "https://collector.example.com:4318/base/",
                "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
                "OTEL_EXPORTER_OTLP_HEADERS": "api-key=secret%20value,X-Tenant = acme ,bad header=x,=v,k=%0d%0a",
                "OTEL_EXPORTER_OTLP_TIMEOUT": "2500", "OTEL_EXPORTER_OTLP_COMPRESSION": "gzip",
            ]),
        environment(
            "otlp-per-signal",
            [
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://[::1]:4318/v1/traces",
                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "http://127.0.0.1/v1/metrics?x=1#frag",
                "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "HTTP://User@Host:65535",
                "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL": "http/protobuf",
                "OTEL_EXPORTER_OTLP_METRICS_HEADERS": "a=1", "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT": "0",
                "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION": "none",
            ]),
        environment(
            "otlp-grpc-insecure",
            [
                "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4317",
                "OTEL_EXPORTER_OTLP_INSECURE": "true", "OTEL_EXPORTER_OTLP_METRICS_INSECURE": "TRUE",
            ]),
        environment(
            "otlp-tls-files",
            [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "https://localhost:4318",
                "OTEL_EXPORTER_OTLP_CERTIFICATE": "/etc/hostname",
                "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": "/etc/hostname",
                "OTEL_EXPORTER_OTLP_CLIENT_KEY": "/nonexistent/key.pem",
                "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE": "relative.pem",
            ]),
        environment(
            "otlp-bad-values",
            [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "ftp://host:99999", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/xml",
                "OTEL_EXPORTER_OTLP_TIMEOUT": "-1", "OTEL_EXPORTER_OTLP_COMPRESSION": "br",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://:80/", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "http://h:0",
            ]),
        environment(
            "codex",
            [
                "CODEX_ENDPOINT": "https://otel.example.com:443/v1/logs", "CODEX_HOME": "/home/user/.codex",
                "STATSIG_SERVER_SDK_SECRET": "secret-abc", "OTEL_SERVICE_NAME": "other",
            ]),
        environment("codex-bad", ["CODEX_ENDPOINT": "not a url", "CODEX_HOME": "", "STATSIG_SERVER_SDK_SECRET": " "]),
        environment(
            "trace-context",
            [
                "TRACEPARENT": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "TRACESTATE": "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
            ]),
        FuzzSeed("empty", []),
    ]
}
