import AllocationCounter
import OtelSDK
import Synchronization
import Testing

@Suite("OtelDiagnostics")
struct OtelDiagnosticsTests {
    /// Found by fuzzing (FuzzEnvironment slowed down to a crawl): the handler lived in a `Mutex`
    /// of a tuple, and every read of it through `withLock` wrapped the stored closure in two more
    /// reabstraction thunks. Each report then allocated and ran through a chain as long as the
    /// number of earlier reports: quadratic time, and in the end a stack overflow.
    @Test("reporting through a handler neither allocates nor deepens the handler's call chain")
    func handlerIsNotRewrapped() {
        let delivered = Atomic<Int>(0)
        let stackAddress = Atomic<Int>(0)
        OtelDiagnostics.setHandler(minimumLevel: .warning) { _, _ in
            delivered.add(1, ordering: .relaxed)
            var marker = 0
            let address = withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
            stackAddress.store(address, ordering: .relaxed)
        }
        defer { OtelDiagnostics.setHandler(nil) }
        OtelDiagnostics.report(.warning, "first")
        let firstDepth = stackAddress.load(ordering: .relaxed)
        for _ in 0..<2_000 { OtelDiagnostics.report(.warning, "warm-up") }

        allocation_counter_start()
        for _ in 0..<100 { OtelDiagnostics.report(.warning, "short") }
        let allocations = allocation_counter_stop()

        let laterDepth = stackAddress.load(ordering: .relaxed)
        #expect(allocations == 0, "\(allocations) allocations for 100 reports")
        #expect(abs(laterDepth - firstDepth) < 1_024, "the handler runs \(firstDepth - laterDepth) bytes deeper")
        #expect(delivered.load(ordering: .relaxed) >= 2_101)
    }
}
