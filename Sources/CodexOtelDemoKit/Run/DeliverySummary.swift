import OtelSDK

/// What happened to one signal: emitted, arrived (or accepted by the collector), dropped.
public struct SignalDelivery: Sendable, Hashable {
    /// `spans`, `log records` or `metric points`.
    public var name: String
    /// Items the SDK pipeline took in: exported plus dropped.
    public var emitted: Int
    /// Items that arrived at the embedded receiver, or that the collector accepted.
    public var arrived: Int
    /// Items the pipeline lost (queue full, export failed, unsent at shutdown).
    public var dropped: Int
    /// Why items were lost, when the pipeline said.
    public var failure: String?

    /// Creates a delivery record.
    public init(name: String, emitted: Int, arrived: Int, dropped: Int, failure: String? = nil) {
        self.name = name
        self.emitted = emitted
        self.arrived = arrived
        self.dropped = dropped
        self.failure = failure
    }

    /// Whether everything emitted arrived and nothing was lost.
    public var isComplete: Bool { dropped == 0 && arrived >= emitted }
}

/// The end-of-run summary: where the telemetry went, emitted vs arrived per signal, anything
/// dropped, and a final `OK:` or `FAILED:` line.
public struct DeliverySummary: Sendable, Hashable {
    /// Spans, log records and metric points, in that order.
    public var signals: [SignalDelivery]
    /// Whether the telemetry went to the embedded receiver (else to a collector).
    public var isEmbedded: Bool
    /// Where each signal went, one line each.
    public var routes: [String]
    /// Further problems: undecodable requests, rejected points, a metrics shutdown error.
    public var problems: [String]
    /// Whether prompts were logged in clear.
    public var logUserPrompts: Bool

    /// Creates a summary.
    public init(
        signals: [SignalDelivery], isEmbedded: Bool, routes: [String], problems: [String], logUserPrompts: Bool
    ) {
        self.signals = signals
        self.isEmbedded = isEmbedded
        self.routes = routes
        self.problems = problems
        self.logUserPrompts = logUserPrompts
    }

    /// Whether everything emitted was delivered.
    public var isDelivered: Bool { signals.allSatisfy(\.isComplete) && problems.isEmpty }

    /// The final line: `OK: delivered spans 17/17, log records 40/40, metric points 25/25`, or
    /// `FAILED: …` with the same counts and what was dropped.
    public var resultLine: String {
        let counts = signals.map { "\($0.name) \($0.arrived)/\($0.emitted)" }.joined(separator: ", ")
        let verb = isEmbedded ? "delivered" : "accepted by the collector"
        if isDelivered { return "OK: \(verb) \(counts)" }
        let dropped = signals.reduce(0) { $0 + $1.dropped }
        return "FAILED: \(verb) \(counts); \(dropped) dropped"
    }

    /// The summary's lines.
    public func lines(style: TerminalStyle) -> [String] {
        var lines = [style.paint("== Summary ==", .bold)]
        lines.append(isEmbedded ? "  sent over OTLP/HTTP to the embedded receiver:" : "  sent to the collector:")
        lines.append(contentsOf: routes.map { "    " + $0 })
        let arrivedTitle = isEmbedded ? "arrived" : "accepted"
        lines.append(
            "  " + "signal".padding(14) + TextLayout.rightAligned("emitted", 8) + "  "
                + TextLayout.rightAligned(arrivedTitle, 8) + "  " + TextLayout.rightAligned("dropped", 8))
        for signal in signals {
            let line =
                "  " + signal.name.padding(14) + TextLayout.rightAligned(String(signal.emitted), 8) + "  "
                + TextLayout.rightAligned(String(signal.arrived), 8) + "  "
                + TextLayout.rightAligned(String(signal.dropped), 8)
            lines.append(signal.isComplete ? line : style.paint(line, .red))
        }
        var reasons: [(failure: String, names: [String])] = []
        for signal in signals where !signal.isComplete {
            let failure = TextLayout.singleLine(signal.failure ?? "not everything arrived")
            if let index = reasons.firstIndex(where: { $0.failure == failure }) {
                reasons[index].names.append(signal.name)
            } else {
                reasons.append((failure, [signal.name]))
            }
        }
        for reason in reasons {
            lines.append(style.paint("  \(reason.names.joined(separator: ", ")): \(reason.failure)", .red))
        }
        for problem in problems { lines.append(style.paint("  problem: " + TextLayout.singleLine(problem), .red)) }
        lines.append(
            logUserPrompts
                ? "  prompts: logged in clear (--log-user-prompts); traces carry only their length"
                : "  prompts: redacted on the log lane ([REDACTED]); --log-user-prompts logs the text")
        lines.append(style.paint(resultLine, isDelivered ? .green : .red))
        return lines
    }
}
