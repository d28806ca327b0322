import OtelAPI
import Testing

/// Marks which installation is in force. It accepts nothing, so the process keeps no-op
/// behaviour for the other tests once it is installed.
private struct FirstInstalledLogLane: LogLane {
    func accepts(_ target: EventTarget) -> Bool { false }
    func record(_ event: LaneEvent<LogOnly>) {}
}

private struct SecondInstalledLogLane: LogLane {
    func accepts(_ target: EventTarget) -> Bool { false }
    func record(_ event: LaneEvent<LogOnly>) {}
}

/// `Otel.install` changes process-wide state once and for all; this suite holds the only test
/// anywhere that calls it. Every other test scopes providers with `Otel.withProviders`.
@Suite("Registry: process-wide installation", .serialized)
struct RegistryInstallTests {
    @Test func installingTwiceThrowsAndKeepsTheFirst() throws {
        #expect(!Otel.isInstalled, "only this test may call Otel.install")
        try Otel.install(OtelProviders(logLane: FirstInstalledLogLane()))
        #expect(Otel.isInstalled)
        #expect(Otel.providers.logLane is FirstInstalledLogLane)

        #expect(throws: OtelInstallError.alreadyInstalled) {
            try Otel.install(OtelProviders(logLane: SecondInstalledLogLane()))
        }
        #expect(Otel.isInstalled)
        #expect(Otel.providers.logLane is FirstInstalledLogLane)
        #expect(Otel.providers.tracerProvider is NoOpTracerProvider)

        // A scope still overrides the installation, and the installation is back afterwards.
        Otel.withProviders(OtelProviders(logLane: SecondInstalledLogLane())) {
            #expect(Otel.providers.logLane is SecondInstalledLogLane)
        }
        #expect(Otel.providers.logLane is FirstInstalledLogLane)
        #expect(OtelInstallError.alreadyInstalled.description.contains("Otel.withProviders"))
    }
}

@Suite("Registry: scoped providers")
struct RegistryScopeTests {
    @Test func withProvidersScopesToTheTaskAndItsChildren() async {
        let tracer = RecordingTestTracer()
        let providers = OtelProviders(tracerProvider: tracer)
        await Otel.withProviders(providers) {
            #expect(Otel.tracer("scoped") is RecordingTestTracer)
            #expect(Otel.tracer("scoped").startSpan("inside").isRecording)
            async let childSees = Otel.tracer("child") is RecordingTestTracer
            #expect(await childSees)
            let groupSees = await withTaskGroup(of: Bool.self) { group in
                group.addTask { Otel.tracer("group") is RecordingTestTracer }
                return await group.next() ?? false
            }
            #expect(groupSees)
            let detachedSees = await Task.detached { Otel.tracer("detached") is RecordingTestTracer }.value
            #expect(!detachedSees)
        }
        #expect(Otel.tracer("after") is NoOpTracer)
        #expect(tracer.started.map(\.snapshot.name) == ["inside"])
    }

    @Test func concurrentScopesDoNotSeeEachOther() async {
        let first = RecordingTestTracer()
        let second = RecordingTestTracer()
        await withTaskGroup(of: Void.self) { group in
            for (index, tracer) in [first, second].enumerated() {
                group.addTask {
                    await Otel.withProviders(OtelProviders(tracerProvider: tracer)) {
                        for round in 0..<20 {
                            Otel.tracer("t").startSpan("\(index)-\(round)").end()
                            await Task.yield()
                        }
                    }
                }
            }
        }
        #expect(first.started.count == 20)
        #expect(second.started.count == 20)
        #expect(first.started.allSatisfy { $0.snapshot.name.hasPrefix("0-") })
        #expect(second.started.allSatisfy { $0.snapshot.name.hasPrefix("1-") })
    }

    @Test func syncWithProvidersReturnsTheBodyValueAndRestores() throws {
        let tracer = RecordingTestTracer()
        let value = Otel.withProviders(OtelProviders(tracerProvider: tracer)) {
            Otel.tracer("x").withSpan("op") { span in span.isRecording ? 1 : 0 }
        }
        #expect(value == 1)
        #expect(!Otel.tracer("x").startSpan("after").isRecording)
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try Otel.withProviders(OtelProviders(tracerProvider: tracer)) { throw Failure() }
        }
    }
}
