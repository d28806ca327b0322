import OtelAPI
import Testing

@testable import OtelSDK

@Suite("Concurrent recording")
struct ConcurrencyTests {
    @Test func manyTasksRecordExactTotals() async throws {
        let harness = ManualHarness()
        let counter = harness.meter.counter("c")
        let doubles = harness.meter.doubleCounter("d")
        let histogram = harness.meter.histogram("h")
        let bound = counter.bind(["bound": "yes"])
        let tasks = 16
        let perTask = 2_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    let attributes: Attributes = ["task": .int(Int64(task % 4)), "kind": "work"]
                    for index in 0..<perTask {
                        counter.add(1, attributes: attributes)
                        doubles.add(0.5, attributes: ["shared": "one"])
                        histogram.record(Double(index % 10), attributes: attributes)
                        bound.add(2)
                    }
                }
            }
        }
        let collected = try harness.collect()
        let sum = try #require(collected.metric(named: "c")?.sum)
        #expect(sum.points.count == 5)
        for task in 0..<4 {
            #expect(
                sum.points.point(["task": .int(Int64(task)), "kind": "work"])?.value == .int(Int64(tasks / 4 * perTask))
            )
        }
        #expect(sum.points.point(["bound": "yes"])?.value == .int(Int64(tasks * perTask * 2)))
        #expect(collected.metric(named: "d")?.sum?.points.first?.value == .double(Double(tasks * perTask) * 0.5))
        let histogramPoints = try #require(collected.metric(named: "h")?.histogram?.points)
        #expect(histogramPoints.reduce(0) { $0 + $1.count } == UInt64(tasks * perTask))
        #expect(histogramPoints.reduce(0) { $0 + $1.sum } == Double(tasks * perTask / 10 * 45))
    }

    @Test func deltaCollectionsDuringRecordingLoseNothing() async throws {
        let harness = ManualHarness(temporality: .delta)
        let counter = harness.meter.counter("c")
        let bound = counter.bind(["pinned": "yes"])
        let tasks = 8
        let perTask = 5_000
        let collector = Task {
            var total: Int64 = 0
            for _ in 0..<50 {
                total +=
                    (try? harness.collect().metric(named: "c")?.sum?.points.compactMap(\.value.int).reduce(0, +)) ?? 0
                try? await Task.sleep(for: .milliseconds(1))
            }
            return total
        }
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for index in 0..<perTask {
                        counter.add(1, attributes: ["id": .int(Int64((task * perTask + index) % 64))])
                        bound.add(1)
                    }
                }
            }
        }
        var total = await collector.value
        total += try harness.collect().metric(named: "c")?.sum?.points.compactMap(\.value.int).reduce(0, +) ?? 0
        #expect(total == Int64(tasks * perTask * 2))
    }

    @Test func concurrentSeriesCreationRespectsTheLimit() async throws {
        let harness = ManualHarness(cardinalityLimit: 10)
        let counter = harness.meter.counter("c")
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for id in 0..<50 { counter.add(1, attributes: ["id": .int(Int64(id)), "task": .int(Int64(task))]) }
                }
            }
        }
        let sum = try #require(try harness.metric("c")?.sum)
        #expect(sum.points.count == 11)
        #expect(sum.points.compactMap(\.value.int).reduce(0, +) == 400)
    }
}
