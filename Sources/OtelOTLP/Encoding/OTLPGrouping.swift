import OtelSDK

/// Groups items by resource, then by instrumentation scope, keeping first-seen order, as the
/// `Resource<Signal>` / `Scope<Signal>` nesting of every OTLP export request requires.
///
/// Consecutive items nearly always share their resource and scope, so each item is first
/// compared with the group it would most likely join; dictionaries are only consulted on change.
package struct OTLPGroup<Item> {
    package let resource: Resource
    package var scopes: [(scope: InstrumentationScope, items: [Item])]
}

package enum OTLPGrouping {
    package static func group<Item>(
        _ items: [Item], origin: (Item) -> TelemetryOrigin
    ) -> [OTLPGroup<Item>] {
        // Items of one tracer or logger share one origin object: compare identities first, and
        // values only when the origin changes.
        var lastOrigin: ObjectIdentifier?
        var groups: [OTLPGroup<Item>] = []
        var lastGroup = -1
        var lastScope = -1
        for item in items {
            let itemOrigin = origin(item)
            if ObjectIdentifier(itemOrigin) == lastOrigin, lastGroup >= 0 {
                groups[lastGroup].scopes[lastScope].items.append(item)
                continue
            }
            lastOrigin = ObjectIdentifier(itemOrigin)
            let itemResource = itemOrigin.resource
            let itemScope = itemOrigin.scope
            if lastGroup >= 0, groups[lastGroup].resource == itemResource,
                groups[lastGroup].scopes[lastScope].scope == itemScope
            {
                groups[lastGroup].scopes[lastScope].items.append(item)
                continue
            }
            if let g = groups.firstIndex(where: { $0.resource == itemResource }) {
                lastGroup = g
                if let s = groups[g].scopes.firstIndex(where: { $0.scope == itemScope }) {
                    lastScope = s
                    groups[g].scopes[s].items.append(item)
                } else {
                    groups[g].scopes.append((itemScope, [item]))
                    lastScope = groups[g].scopes.count - 1
                }
            } else {
                groups.append(OTLPGroup(resource: itemResource, scopes: [(itemScope, [item])]))
                lastGroup = groups.count - 1
                lastScope = 0
            }
        }
        return groups
    }
}
