import OtelSDK

/// The items of one resource in an export request, by instrumentation scope, as the
/// `Resource<Signal>` / `Scope<Signal>` nesting of every OTLP export request requires.
///
/// Items are positions in the array that was grouped, kept as runs of consecutive positions: a
/// batch from one tracer or logger is a single run, and nothing is copied.
package struct OTLPGroup {
    /// The resource all the group's items share.
    package let resource: Resource
    /// The scopes in first-seen order, each with the runs of positions of its items, in order.
    package var scopes: [(scope: InstrumentationScope, runs: [Range<Int>])]
}

package enum OTLPGrouping {
    /// Groups positions `0..<count` by resource, then by instrumentation scope, keeping first-seen
    /// order; `origin(position)` is the origin of the item at that position.
    ///
    /// Consecutive items nearly always share one origin object: runs of the same object are found
    /// by identity, and resources and scopes are compared by value only once per run.
    package static func group(count: Int, origin: (Int) -> TelemetryOrigin) -> [OTLPGroup] {
        var groups: [OTLPGroup] = []
        var lastGroup = -1
        var lastScope = -1
        var start = 0
        while start < count {
            // The run of items that share this origin object.
            let runOrigin = origin(start)
            var end = start + 1
            while end < count, origin(end) === runOrigin { end += 1 }
            let run = start..<end
            start = end

            let runResource = runOrigin.resource
            let runScope = runOrigin.scope
            if lastGroup >= 0, groups[lastGroup].resource == runResource,
                groups[lastGroup].scopes[lastScope].scope == runScope
            {
                groups[lastGroup].scopes[lastScope].runs.add(run)
            } else if let g = groups.firstIndex(where: { $0.resource == runResource }) {
                lastGroup = g
                if let s = groups[g].scopes.firstIndex(where: { $0.scope == runScope }) {
                    lastScope = s
                    groups[g].scopes[s].runs.add(run)
                } else {
                    groups[g].scopes.append((runScope, [run]))
                    lastScope = groups[g].scopes.count - 1
                }
            } else {
                groups.append(OTLPGroup(resource: runResource, scopes: [(runScope, [run])]))
                lastGroup = groups.count - 1
                lastScope = 0
            }
        }
        return groups
    }
}

extension [Range<Int>] {
    /// Adds `run`, joining it to the last run when that one ends where `run` starts.
    fileprivate mutating func add(_ run: Range<Int>) {
        if let last = self.last, last.upperBound == run.lowerBound {
            self[count - 1] = last.lowerBound..<run.upperBound
        } else {
            append(run)
        }
    }
}
