import Testing

@testable import CodexOtelDemoKit

@Suite("Delivery summary")
struct DeliverySummaryTests {
    @Test("everything delivered: OK, exit status 0")
    func delivered() {
        let summary = DeliverySummary(
            signals: [
                SignalDelivery(name: "spans", emitted: 3, arrived: 3, dropped: 0),
                SignalDelivery(name: "log records", emitted: 0, arrived: 0, dropped: 0),
            ], isEmbedded: true, routes: [], problems: [], logUserPrompts: true)
        #expect(summary.isDelivered)
        #expect(summary.resultLine == "OK: delivered spans 3/3, log records 0/0")
        #expect(
            summary.lines(style: .plain()).suffix(2) == [
                "  prompts: logged in clear (--log-user-prompts); traces carry only their length",
                "OK: delivered spans 3/3, log records 0/0",
            ])
    }

    @Test("drops, missing items and problems: FAILED, one line per distinct reason")
    func failed() {
        let summary = DeliverySummary(
            signals: [
                SignalDelivery(name: "spans", emitted: 3, arrived: 3, dropped: 0),
                SignalDelivery(name: "log records", emitted: 5, arrived: 3, dropped: 2, failure: "export failed: boom"),
                SignalDelivery(
                    name: "metric points", emitted: 4, arrived: 0, dropped: 4, failure: "export failed: boom"),
            ], isEmbedded: true, routes: ["traces  http/protobuf  http://x/v1/traces"],
            problems: ["metrics shutdown: late"], logUserPrompts: false)
        #expect(!summary.isDelivered)
        #expect(
            summary.lines(style: .plain()) == [
                "== Summary ==",
                "  sent over OTLP/HTTP to the embedded receiver:",
                "    traces  http/protobuf  http://x/v1/traces",
                "  signal         emitted   arrived   dropped",
                "  spans                3         3         0",
                "  log records          5         3         2",
                "  metric points        4         0         4",
                "  log records, metric points: export failed: boom",
                "  problem: metrics shutdown: late",
                "  prompts: redacted on the log lane ([REDACTED]); --log-user-prompts logs the text",
                "FAILED: delivered spans 3/3, log records 3/5, metric points 0/4; 6 dropped",
            ])
    }

    @Test("items that never arrived fail the run even when nothing was dropped; a problem alone too")
    func notArrived() {
        let missing = SignalDelivery(name: "spans", emitted: 3, arrived: 2, dropped: 0)
        #expect(!missing.isComplete)
        let summary = DeliverySummary(
            signals: [missing], isEmbedded: false, routes: [], problems: [], logUserPrompts: false)
        #expect(summary.resultLine == "FAILED: accepted by the collector spans 2/3; 0 dropped")
        #expect(summary.lines(style: .plain()).contains("  spans: not everything arrived"))
        let problem = DeliverySummary(
            signals: [SignalDelivery(name: "spans", emitted: 1, arrived: 1, dropped: 0)], isEmbedded: true, routes: [],
            problems: ["the receiver could not decode 1 request(s)"], logUserPrompts: false)
        #expect(!problem.isDelivered)
    }
}
