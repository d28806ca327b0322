import OtelAPI
import Synchronization

/// What a lane knows per event target (whether it accepts it, its logger), found with no lock.
///
/// Every event asks its lane about its target, and targets are few and fixed (static
/// ``EventTarget`` values, whose names are the same `String` at every call), so the answers are
/// kept in an immutable table, searched by the name's words first (see
/// ``AttributeKeyComparison``). A new target publishes a new table under a lock; every table ever
/// published is kept, so a reader's table is never freed under it. The table stops growing at
/// ``capacity`` targets: a program that makes targets without bound (a name per request) gets
/// its answers computed on every call instead of a table that grows with it.
final class TargetTable<Value: Sendable>: Sendable {
    /// The most targets kept.
    static var capacity: Int { 64 }

    /// Targets and their values at the same positions (two arrays, so that a search reads
    /// names only).
    private final class Table: Sendable {
        let targets: [String]
        let values: [Value]
        init(targets: [String], values: [Value]) {
            self.targets = targets
            self.values = values
        }
    }

    private let current = Atomic<UInt>(0)
    private let tables = Mutex<[Table]>([])

    /// The value for `target`: the table's, or `make(target)` (kept when there is room).
    @inline(__always)
    func value(for target: String, make: (String) -> Value) -> Value {
        if let table = UnsafeRawPointer(bitPattern: current.load(ordering: .acquiring)) {
            let found = Unmanaged<Table>.fromOpaque(table)._withUnsafeGuaranteedRef { Self.find(target, in: $0) }
            if let found { return found }
        }
        return insert(target, make: make)
    }

    private static func find(_ target: String, in table: Table) -> Value? {
        let smallFlag = AttributeKeyComparison.smallFlag
        let index = table.targets.withUnsafeBufferPointer { targets in
            targets.firstIndex { AttributeKeyComparison.equal($0, target, smallFlag: smallFlag) }
        }
        return index.map { table.values[$0] }
    }

    private func insert(_ target: String, make: (String) -> Value) -> Value {
        tables.withLock { tables in
            if let last = tables.last, let found = Self.find(target, in: last) { return found }
            let value = make(target)
            let targets = tables.last?.targets ?? []
            guard targets.count < Self.capacity else { return value }
            let table = Table(targets: targets + [target], values: (tables.last?.values ?? []) + [value])
            tables.append(table)
            current.store(UInt(bitPattern: Unmanaged.passUnretained(table).toOpaque()), ordering: .releasing)
            return value
        }
    }
}
