import OtelSDK
import Synchronization
import Testing

@Suite("Random identifiers")
struct IDGeneratorTests {
    @Test func identifiersAreNeverZeroAndUniqueOver100k() {
        let generator = RandomIDGenerator()
        var traceIDs = Set<TraceID>()
        var spanIDs = Set<SpanID>()
        for _ in 0..<100_000 {
            let traceID = generator.newTraceID()
            let spanID = generator.newSpanID()
            #expect(traceID.isValid)
            #expect(spanID.isValid)
            traceIDs.insert(traceID)
            spanIDs.insert(spanID)
        }
        #expect(traceIDs.count == 100_000)
        #expect(spanIDs.count == 100_000)
    }

    @Test func threadsDoNotRepeatEachOthersIdentifiers() async {
        let perTask = 20_000
        let all = await withTaskGroup(of: [SpanID].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let generator = RandomIDGenerator()
                    return (0..<perTask).map { _ in generator.newSpanID() }
                }
            }
            var all: [SpanID] = []
            for await ids in group { all += ids }
            return all
        }
        #expect(Set(all).count == 4 * perTask)
    }

    @Test func bitsAreSpreadOverTheWholeIdentifier() {
        let generator = RandomIDGenerator()
        var ones = [Int](repeating: 0, count: 64)
        let samples = 20_000
        for _ in 0..<samples {
            let value = generator.newSpanID().value
            for bit in 0..<64 where value & (1 << UInt64(bit)) != 0 { ones[bit] += 1 }
        }
        for count in ones { #expect(abs(Double(count) / Double(samples) - 0.5) < 0.03) }
    }

    @Test func spansGetFreshIdentifiersAndInheritTheTrace() {
        let (provider, exporter) = TraceTestSupport.simpleProvider()
        let tracer = provider.tracer("test")
        tracer.withSpan("parent") { parent in
            tracer.startSpan("child").end()
            #expect(parent.context.spanID.isValid)
        }
        let spans = exporter.finishedSpans
        #expect(spans.count == 2)
        #expect(spans[0].context.traceID == spans[1].context.traceID)
        #expect(spans[0].context.spanID != spans[1].context.spanID)
        #expect(spans[0].parentSpanID == spans[1].context.spanID)
        #expect(spans[1].parentSpanID == nil)
    }
}
