import OtelSDK
import Testing

@Suite("MonotonicTime")
struct MonotonicTimeTests {
    /// Found by fuzzing (FuzzExportResponse): a `Retry-After` of 77777777777 seconds made the
    /// exporter's wake-up instant wrap around to one in the past, so it retried at once instead of
    /// giving up. Huge `OTEL_BSP_EXPORT_TIMEOUT` or `OTEL_METRIC_EXPORT_INTERVAL` values wrapped
    /// the same way.
    @Test("advancing an instant saturates instead of wrapping around")
    func advancedSaturates() {
        let start = MonotonicInstant(nanoseconds: 1_000_000_000_000)
        #expect(start.advanced(by: .seconds(77_777_777_777)) == MonotonicInstant(nanoseconds: .max))
        #expect(start.advanced(by: .seconds(Int64.max)) == MonotonicInstant(nanoseconds: .max))
        #expect(start.advanced(by: .milliseconds(Int.max)) == MonotonicInstant(nanoseconds: .max))
        #expect(
            MonotonicInstant(nanoseconds: .max).advanced(by: .nanoseconds(1)) == MonotonicInstant(nanoseconds: .max))
        #expect(start.advanced(by: .seconds(2)) == MonotonicInstant(nanoseconds: 1_000_000_000_000 + 2_000_000_000))
    }

    @Test("a duration's nanoseconds saturate when the fraction pushes them past UInt64.max")
    func nanosecondsSaturate() {
        // 18446744073 s is 18446744073000000000 ns, 709551615 ns below UInt64.max.
        let justBelow = Duration(secondsComponent: 18_446_744_073, attosecondsComponent: 709_551_615_000_000_000)
        #expect(justBelow.nanosecondsClamped == .max)
        let over = Duration(secondsComponent: 18_446_744_073, attosecondsComponent: 999_999_999_000_000_000)
        #expect(over.nanosecondsClamped == .max)
        #expect(Duration.seconds(-1).nanosecondsClamped == 0)
        #expect(Duration.milliseconds(1_500).nanosecondsClamped == 1_500_000_000)
    }
}
