import Foundation
import Testing

@testable import OtelOTLP

/// The soak under faults (see ``SoakRun``), run in a child process of the test binary so that its
/// resident memory and call latencies are its own, not those of the suites running next to it.
///
/// Bounds asserted:
/// - recording never waits on the exporter: the worst span, log and metric recording call, over
///   every call of the run, takes less than ``worstCallBound`` (an export attempt waits up to
///   1.5 s; the receiver stalls 5 s in the slow phases);
/// - resident memory grows less than ``residentGrowthBound`` over the run (sampled every 0.25 s);
/// - spans and log records: emitted = delivered (counted by the receiver) + dropped (the batch
///   processor's queue-full, export-failed and unsent-at-shutdown counts), exactly, and the
///   processor's exported count equals the receiver's;
/// - metrics (delta): every counter increment and histogram measurement is in an export the
///   receiver counted or in one that failed, exactly;
/// - each provider's shutdown returns within its 5 s deadline + ``shutdownSlack``.
@Suite("Soak under faults")
struct SoakUnderFaultsTests {
    static let worstCallBound: Duration = .milliseconds(50)
    static let residentGrowthBound: UInt64 = 64 * 1024 * 1024
    static let shutdownSlack = 0.5

    @Test(
        "60 s of spans, logs and metrics at fixed rates to a receiver that goes down, answers 503, stalls and answers garbage",
        .timeLimit(.minutes(4)))
    func soak() async throws {
        let figures = try await Self.runChild()
        print(Self.summary(figures))

        #expect(figures.durationSeconds >= 60)
        #expect(figures.secretLeaks.isEmpty, "the API key appeared in diagnostics: \(figures.secretLeaks)")

        let bound =
            UInt64(Self.worstCallBound.components.seconds) * 1_000_000_000
            + UInt64(Self.worstCallBound.components.attoseconds / 1_000_000_000)
        for (signal, latency) in figures.latency.sorted(by: { $0.key < $1.key }) {
            #expect(latency.worstNanoseconds < bound, "worst \(signal) recording call: \(latency.worstNanoseconds) ns")
        }
        #expect(figures.latency["span"]?.calls == SoakPlan.spansPerSecond * 60)
        #expect(figures.latency["log"]?.calls == SoakPlan.logsPerSecond * 60)
        #expect(figures.latency["metric"]?.calls == SoakPlan.metricRecordsPerSecond * 60)

        #expect(figures.rssSamples >= 200)
        let growth = figures.rssMaxBytes > figures.rssStartBytes ? figures.rssMaxBytes - figures.rssStartBytes : 0
        #expect(growth < Self.residentGrowthBound, "resident memory grew by \(growth) bytes")

        for (signal, books) in [("spans", figures.spans), ("logs", figures.logs)] {
            #expect(books.emitted == books.delivered + books.dropped, "\(signal): \(books)")
            #expect(books.exported == books.delivered, "\(signal): \(books)")
            // The faults did happen: exports failed and the bounded queue overflowed.
            #expect(books.droppedExportFailed > 0, "\(signal): \(books)")
            #expect(books.droppedQueueFull > 0, "\(signal): \(books)")
        }
        for (name, books) in figures.metrics.sorted(by: { $0.key < $1.key }) {
            #expect(books.emitted == books.delivered + books.dropped, "\(name): \(books)")
            #expect(books.exported == books.delivered, "\(name): \(books)")
            #expect(books.dropped > 0, "\(name): \(books)")
        }
        #expect(figures.metrics[SoakPlan.counterName]?.emitted == SoakPlan.metricRecordsPerSecond * 30)

        for (signal, exporter) in figures.exporters {
            #expect(exporter.retries > 0, "\(signal): \(exporter)")
            #expect(exporter.batchesFailed > 0, "\(signal): \(exporter)")
        }
        // Delivery resumes in every normal phase, the one after all the faults included.
        for phase in figures.phases where phase.name.hasPrefix("normal") {
            #expect(phase.deliveredSpans > 0 && phase.deliveredLogs > 0 && phase.deliveredCounter > 0, "\(phase)")
        }

        #expect(figures.shutdownSeconds.count == 3)
        for (signal, seconds) in figures.shutdownSeconds {
            #expect(seconds <= figures.shutdownDeadlineSeconds + Self.shutdownSlack, "\(signal) shutdown: \(seconds) s")
        }
    }

    /// Runs the test binary again with only ``SoakUnderFaultsChildRun``, and reads its figures.
    static func runChild() async throws -> SoakFigures {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otel-soak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let figuresURL = directory.appendingPathComponent("figures.json")
        let logURL = directory.appendingPathComponent("child.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }

        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", "SoakUnderFaultsChildRun"]
        var environment = ProcessInfo.processInfo.environment
        environment[SoakChild.figuresVariable] = figuresURL.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        let giveUp = ContinuousClock.now + .seconds(200)
        while process.isRunning {
            guard ContinuousClock.now < giveUp else {
                throw SoakFailure(description: "the soak child process ran longer than 200 s; terminated")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: figuresURL) else {
            let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            throw SoakFailure(
                description: "the soak child process exited with \(process.terminationStatus) without figures:\n"
                    + output.suffix(6000))
        }
        return try JSONDecoder().decode(SoakFigures.self, from: data)
    }

    static func summary(_ figures: SoakFigures) -> String {
        func milliseconds(_ nanoseconds: UInt64) -> String { String(format: "%.3f ms", Double(nanoseconds) / 1e6) }
        func mebibytes(_ bytes: UInt64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        var lines = [
            String(
                format: "soak: %.1f s, %d producers, spans %d/s, logs %d/s, metric records %d/s",
                figures.durationSeconds, figures.producers, figures.rates["spans"] ?? 0, figures.rates["logs"] ?? 0,
                figures.rates["metrics"] ?? 0)
        ]
        for phase in figures.phases {
            let name = phase.name.padding(toLength: 17, withPad: " ", startingAt: 0)
            lines.append(
                "  phase \(name)"
                    + String(
                        format: " %5.1f s: delivered %6d spans, %6d logs, %7d increments; %3d batches failed",
                        phase.seconds, phase.deliveredSpans, phase.deliveredLogs, phase.deliveredCounter,
                        phase.failedBatches))
        }
        for (signal, latency) in figures.latency.sorted(by: { $0.key < $1.key }) {
            let worstPhase = latency.worstByPhase.max { $0.value < $1.value }?.key ?? "-"
            lines.append(
                "  \(signal) calls \(latency.calls): worst \(milliseconds(latency.worstNanoseconds)) (in \(worstPhase)), "
                    + "p99.9 \(milliseconds(latency.p999Nanoseconds)), p99 \(milliseconds(latency.p99Nanoseconds)), "
                    + "median \(milliseconds(latency.medianNanoseconds))")
        }
        lines.append(
            "  rss: start \(mebibytes(figures.rssStartBytes)), max \(mebibytes(figures.rssMaxBytes)), "
                + "end \(mebibytes(figures.rssEndBytes)) (\(figures.rssSamples) samples)")
        for (signal, books) in [("spans", figures.spans), ("logs", figures.logs)] {
            lines.append(
                "  \(signal): emitted \(books.emitted) = delivered \(books.delivered) + dropped \(books.dropped) "
                    + "(queue full \(books.droppedQueueFull), export failed \(books.droppedExportFailed), "
                    + "unsent at shutdown \(books.droppedAtShutdown)); processor exported \(books.exported)")
        }
        for (name, books) in figures.metrics.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "  \(name): emitted \(books.emitted) = delivered \(books.delivered) + dropped \(books.dropped) "
                    + "(in failed exports); exported \(books.exported)")
        }
        for (signal, exporter) in figures.exporters.sorted(by: { $0.key < $1.key }) {
            lines.append("  exporter \(signal): \(exporter)")
        }
        for (signal, seconds) in figures.shutdownSeconds.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "  shutdown \(signal): "
                    + String(format: "%.3f s (deadline %.0f s)", seconds, figures.shutdownDeadlineSeconds))
        }
        lines.append("  diagnostics: \(figures.diagnostics), e.g. \(figures.diagnosticSamples.prefix(6))")
        return lines.joined(separator: "\n")
    }
}

/// Where the child process writes its figures: set by the parent in the child's environment.
enum SoakChild {
    static let figuresVariable = "OTEL_SOAK_FIGURES"
    static var figuresPath: String? { ProcessInfo.processInfo.environment[figuresVariable] }
}

/// The measured run of ``SoakUnderFaultsTests``: enabled only in the child process it starts.
@Suite("Soak under faults: the measured run (child process only)", .enabled(if: SoakChild.figuresPath != nil))
struct SoakUnderFaultsChildRun {
    @Test func run() throws {
        let path = try #require(SoakChild.figuresPath)
        let figures = try SoakRun().execute()
        try JSONEncoder().encode(figures).write(to: URL(fileURLWithPath: path))
    }
}
