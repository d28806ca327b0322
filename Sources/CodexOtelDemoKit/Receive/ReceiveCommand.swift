import OtelOTLP
import OtelOTLPReceiver
import OtelSDK
import Synchronization

/// `codex-otel-demo receive`: only the embedded receiver and the viewer. Every accepted batch
/// is printed as it arrives (spans as a waterfall, log records as a table, metrics as a
/// summary), as is every refused or undecodable request; it runs until SIGINT or SIGTERM, or
/// for `--seconds`.
public enum ReceiveCommand {
    /// Runs the receiver; returns the exit status (0, or 1 when it cannot listen).
    ///
    /// - Parameters:
    ///   - options: the port, host and duration.
    ///   - console: where batches are printed.
    ///   - handlesSignals: whether to stop on SIGINT and SIGTERM (off in tests).
    public static func run(_ options: ReceiveOptions, console: DemoConsole, handlesSignals: Bool = true) async -> Int32
    {
        let queue = Mutex<[OTLPReceiverEvent]>([])
        let receiver: OTLPHTTPReceiver
        do {
            receiver = try OTLPHTTPReceiver(
                configuration: .init(host: options.host, port: options.port),
                sink: { event in
                    switch event {
                    case .connectionOpened: return
                    default: queue.withLock { $0.append(event) }
                    }
                })
        } catch {
            console.writeError("codex-otel-demo: the receiver could not start: \(error)\n")
            return 1
        }
        if handlesSignals { StopSignals.install() }
        console.print("codex-otel-demo: receiving OTLP/HTTP (protobuf or JSON) on \(receiver.baseURL)")
        console.print(OTLPSignal.allCases.sorted { $0.order < $1.order }.map { "  POST " + receiver.url(for: $0) })
        console.print(
            handlesSignals ? "stop with Ctrl-C" + (options.duration.map { " (or after \($0))" } ?? "") : "")

        let clock = ContinuousClock()
        let deadline = options.duration.map { clock.now.advanced(by: $0) }
        while true {
            let events = queue.withLock { events -> [OTLPReceiverEvent] in
                defer { events.removeAll() }
                return events
            }
            for event in events { console.print(lines(for: event, style: console.style)) }
            if handlesSignals, StopSignals.stopSignal != nil { break }
            if let deadline, clock.now >= deadline { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        receiver.stop()
        for event in queue.withLock({ $0 }) { console.print(lines(for: event, style: console.style)) }
        let statistics = receiver.statistics
        console.print(
            "received spans \(statistics.spans), log records \(statistics.logRecords), metric points "
                + "\(statistics.metricPoints) in \(statistics.requests) requests (\(statistics.bytes) bytes); "
                + "\(statistics.decodeErrors) undecodable, \(statistics.refusedRequests) refused")
        return 0
    }

    /// The lines printed for one receiver event.
    public static func lines(for event: OTLPReceiverEvent, style: TerminalStyle) -> [String] {
        switch event {
        case .connectionOpened:
            return []
        case .received(let batch, let format, let bodyBytes):
            let heading: String
            let body: [String]
            switch batch {
            case .spans(let spans):
                heading = TerminalView.plural(spans.count, "span")
                body = TraceWaterfall.render(spans, style: style)
            case .logRecords(let records):
                heading = TerminalView.plural(records.count, "log record")
                body = LogTable.render(records, style: style)
            case .metrics(let metrics):
                heading =
                    TerminalView.plural(metrics.pointCount, "metric point")
                    + (metrics.skippedDataPoints > 0 ? ", \(metrics.skippedDataPoints) skipped" : "")
                body = MetricsSummary.render(metrics.resourceMetrics, style: style)
            }
            let title = "-- received \(batch.signal.rawValue): \(heading) (\(format.rawValue), \(bodyBytes) bytes) --"
            return [style.paint(title, .bold)] + body + [""]
        case .decodeFailed(let signal, let bodyBytes, let error):
            return [
                style.paint(
                    "-- undecodable \(signal.rawValue) request (\(bodyBytes) bytes): "
                        + TextLayout.singleLine(error) + " --", .red), "",
            ]
        case .refused(let status, let reason):
            return [
                style.paint("-- refused a request (\(status)): " + TextLayout.singleLine(reason) + " --", .yellow), "",
            ]
        }
    }
}
