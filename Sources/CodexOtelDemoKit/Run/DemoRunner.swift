import CodexSessionTelemetry
import OtelAPI
import OtelOTLP
import OtelOTLPReceiver
import OtelSDK
import Synchronization

/// The default command: simulate a Codex session, export it over OTLP, and show what arrived.
public enum DemoRunner {
    /// What one run produced, for callers (and tests) that look past the exit status.
    public struct Outcome: Sendable {
        /// The delivery summary.
        public var summary: DeliverySummary
        /// The exit status: 0 when everything emitted was delivered, else 1.
        public var exitStatus: Int32 { summary.isDelivered ? 0 : 1 }
    }

    /// Runs the demo and returns its exit status: 0 delivered, 1 not delivered or failed,
    /// 2 invalid configuration. Errors go to the console's error stream.
    ///
    /// - Parameters:
    ///   - options: the command-line options.
    ///   - environment: the variables (`OTEL_*`, `NO_COLOR`, …).
    ///   - console: where the view, progress and summary go.
    ///   - pace: scales the session's simulated delays (1 = the demo's own timing).
    public static func run(
        _ options: RunOptions, environment: OtelEnvironment, console: DemoConsole, pace: Double = 1
    ) async -> Int32 {
        do {
            return try await outcome(options, environment: environment, console: console, pace: pace).exitStatus
        } catch {
            console.writeError("codex-otel-demo: \(error)\n")
            return error.isUsageError ? 2 : 1
        }
    }

    /// Runs the demo and returns its outcome.
    ///
    /// - Throws: ``DemoSetupError`` when it cannot start.
    public static func outcome(
        _ options: RunOptions, environment: OtelEnvironment, console: DemoConsole, pace: Double = 1
    ) async throws(DemoSetupError) -> Outcome {
        let destination = try DemoDestination.resolve(options, environment: environment)
        let store = OTLPReceiverStore()
        var receiver: OTLPHTTPReceiver?
        if destination.isEmbedded {
            do {
                receiver = try OTLPHTTPReceiver(store: store)
            } catch {
                throw .receiver(error.description)
            }
        }
        defer { receiver?.stop() }
        let receiverURL = receiver?.baseURL

        // Toward the embedded receiver, the OTEL_EXPORTER_OTLP_* variables (which describe a
        // collector) do not apply; everything else (resource, batching, limits) does.
        let exporterEnvironment =
            destination.isEmbedded
            ? OtelEnvironment(environment.values.filter { !$0.key.hasPrefix("OTEL_EXPORTER_OTLP_") }) : environment
        let settings = OtelSettings(
            environment: "demo", serviceName: "codex-otel-demo", serviceVersion: CodexSessionTelemetryVersion.current,
            codexHome: "/tmp", exporter: destination.exporter(for: .logs, receiverBaseURL: receiverURL),
            traceExporter: destination.exporter(for: .traces, receiverBaseURL: receiverURL),
            metricsExporter: destination.exporter(for: .metrics, receiverBaseURL: receiverURL),
            runtimeMetrics: !destination.isEmbedded)
        let built: OtelProvider?
        do {
            built = try OtelProvider.from(
                settings, environment: exporterEnvironment, installsGlobalMetrics: false)
        } catch {
            throw .provider(error.description)
        }
        guard let provider = built else { throw .provider("no exporter is enabled") }
        let recorder =
            destination.isEmbedded ? nil : SentTelemetryRecorder(wrapping: provider, environment: environment)

        let routes = destination.routeLines(receiverBaseURL: receiverURL)
        console.print("codex-otel-demo: simulating a Codex session (3 turns) and exporting it over OTLP")
        console.print(routes.map { "  " + $0 })

        let sentPoints = SharedCount()
        let progress = ProgressLine(console: console) {
            if let recorder {
                return ProgressCounts(
                    spans: recorder.sentSpans.count, logRecords: recorder.sentLogRecords.count,
                    metricPoints: sentPoints.value)
            }
            let statistics = store.statistics
            return ProgressCounts(
                spans: statistics.spans, logRecords: statistics.logRecords, metricPoints: statistics.metricPoints)
        }
        progress.start()

        let telemetry = SessionTelemetry(
            conversationID: "demo-" + String(UInt64.random(in: 1...UInt64.max), radix: 16), model: "gpt-5.1-codex",
            slug: "gpt-5.1-codex", accountID: .string("acct_demo_123"), accountEmail: .string("dev@example.com"),
            authMode: .chatgpt, originator: "codex_cli_rs", logUserPrompts: options.logUserPrompts,
            terminalType: "codex-otel-demo", sessionSource: .cli
        ).withProviderMetrics(provider)
        await Otel.withProviders(recorder?.providers ?? provider.providers) {
            await DemoSession(telemetry: telemetry, metrics: provider.metrics, pace: pace).run()
        }

        // Metrics: read what is sent (collector mode), then export it now to count the points.
        let metricsSnapshot = recorder == nil ? nil : try? provider.metrics?.snapshot()
        let metricsFlush = provider.metrics?.provider.forceFlush(timeout: .seconds(10)) ?? DeliveryReport()
        sentPoints.value = metricsFlush.exported + metricsFlush.droppedExportFailed
        let report = provider.shutdown(timeout: .seconds(10))
        recorder?.shutdown()

        let logs = report.logs ?? DeliveryReport()
        let traces = report.traces ?? DeliveryReport()
        if destination.isEmbedded {
            _ = store.wait(timeout: .seconds(5)) { statistics in
                statistics.spans >= traces.exported && statistics.logRecords >= logs.exported
                    && statistics.metricPoints >= metricsFlush.exported
            }
        }
        await progress.finish()
        console.print("")

        let statistics = store.statistics
        let view: [String]
        if let recorder {
            view = TerminalView.render(
                spans: recorder.sentSpans, logRecords: recorder.sentLogRecords,
                metrics: metricsSnapshot.map { [$0] } ?? [], style: console.style)
        } else {
            let snapshot = store.snapshot()
            view = TerminalView.render(
                spans: snapshot.spans, logRecords: snapshot.logRecords, metrics: snapshot.resourceMetrics,
                style: console.style)
        }
        console.print(view)
        console.print("")

        let embedded = destination.isEmbedded
        let signals = [
            SignalDelivery(
                name: "spans", emitted: traces.exported + traces.dropped,
                arrived: embedded ? statistics.spans : traces.exported, dropped: traces.dropped,
                failure: traces.lastFailure),
            SignalDelivery(
                name: "log records", emitted: logs.exported + logs.dropped,
                arrived: embedded ? statistics.logRecords : logs.exported, dropped: logs.dropped,
                failure: logs.lastFailure),
            SignalDelivery(
                name: "metric points", emitted: sentPoints.value,
                arrived: embedded ? statistics.metricPoints : metricsFlush.exported,
                dropped: metricsFlush.droppedExportFailed, failure: metricsFlush.lastFailure),
        ]
        var problems: [String] = []
        if let error = report.metricsError { problems.append("metrics shutdown: \(error)") }
        if !traces.completedInTime || !logs.completedInTime || !metricsFlush.completedInTime {
            problems.append("the export did not finish in time")
        }
        if statistics.decodeErrors > 0 {
            problems.append("the receiver could not decode \(statistics.decodeErrors) request(s)")
        }
        let rejected =
            statistics.traces.rejectedItems + statistics.logs.rejectedItems
            + statistics.metrics.rejectedItems
        if rejected > 0 { problems.append("the receiver rejected \(rejected) item(s)") }
        let summary = DeliverySummary(
            signals: signals, isEmbedded: embedded, routes: routes, problems: problems,
            logUserPrompts: options.logUserPrompts)
        console.print(summary.lines(style: console.style))
        return Outcome(summary: summary)
    }
}

/// A count shared between the runner and the progress line.
final class SharedCount: Sendable {
    private let storage = Atomic<Int>(0)

    /// The count.
    var value: Int {
        get { storage.load(ordering: .relaxed) }
        set { storage.store(newValue, ordering: .relaxed) }
    }
}
