import OtelAPI
import Synchronization

/// The SDK side of a synchronous instrument: the streams (one per reader and matching view) a
/// measurement goes to. The handles OtelAPI hands out (``Int64SumHandle`` and its siblings) are
/// thin values around it.
///
/// The first stream is held apart from the others so that the common case, one reader and no
/// view, records without touching an array.
///
/// Safe to share (`@unchecked Sendable`): every stored property is immutable; `others` is a
/// buffer written once in init and freed in deinit, whose streams `sinks` keeps alive.
package final class SyncInstrument: @unchecked Sendable {
    /// The instrument as it was created.
    let descriptor: InstrumentDescriptor
    /// Counters ignore negative measurements.
    let ignoresNegativeValues: Bool
    /// Every stream (and the owner of the streams the hot references point to).
    let sinks: [StreamSink]
    private let first: HotSink?
    private let others: UnsafeMutableBufferPointer<HotSink>
    /// The cells of the series with no attributes, bound on its first measurement (an
    /// `Unmanaged<BoundCells>` retained by this instrument, or 0): a measurement with no
    /// attributes records straight into them, with no look-up.
    private let unattributed = Atomic<UInt>(0)
    /// The cells of the series of a tag-pair caller's fixed first part alone (a metrics client's
    /// default tags, when a call adds none), with the address of the buffer they were bound for:
    /// an `Unmanaged<PrefixBinding>` retained by this instrument, or 0.
    private let prefixOnly = Atomic<UInt>(0)

    /// Cells bound for the tag pairs of one buffer (compared by address and count).
    private final class PrefixBinding: Sendable {
        let address: UInt
        let count: Int
        let cells: BoundCells
        init(address: UInt, count: Int, cells: BoundCells) {
            self.address = address
            self.count = count
            self.cells = cells
        }
    }

    init(descriptor: InstrumentDescriptor, sinks: [StreamSink]) {
        self.descriptor = descriptor
        self.sinks = sinks
        ignoresNegativeValues = descriptor.kind == .counter
        first = sinks.first.map(HotSink.init)
        others = .allocate(capacity: Swift.max(0, sinks.count - 1))
        _ = others.initialize(from: sinks.dropFirst().map(HotSink.init))
    }

    deinit {
        others.deallocate()
        boundUnattributed?.release()
        if let binding = UnsafeRawPointer(bitPattern: prefixOnly.load(ordering: .acquiring)) {
            Unmanaged<PrefixBinding>.fromOpaque(binding).release()
        }
    }

    /// The cells of the series of `prefix` alone, when they are bound for that buffer (or can be
    /// now: the first buffer to ask keeps the slot); `nil` sends the caller down the look-up path.
    @inline(__always)
    private func prefixCells(
        _ prefix: UnsafeBufferPointer<(String, String)>, _ admit: () -> Bool
    ) -> Unmanaged<BoundCells>? {
        let address = UInt(bitPattern: prefix.baseAddress)
        if let binding = UnsafeRawPointer(bitPattern: prefixOnly.load(ordering: .acquiring)) {
            // The binding (and so its cells) lives as long as this instrument.
            return Unmanaged<PrefixBinding>.fromOpaque(binding)._withUnsafeGuaranteedRef { binding in
                binding.address == address && binding.count == prefix.count ? .passUnretained(binding.cells) : nil
            }
        }
        return bindPrefix(prefix, admit)
    }

    @inline(never)
    private func bindPrefix(
        _ prefix: UnsafeBufferPointer<(String, String)>, _ admit: () -> Bool
    ) -> Unmanaged<BoundCells>? {
        guard admit() else { return nil }
        let key = TagPairs(first: prefix, second: UnsafeBufferPointer(start: nil, count: 0))
        let binding = PrefixBinding(
            address: UInt(bitPattern: prefix.baseAddress), count: prefix.count,
            cells: bind(key.canonicalAttributes(nil)))
        let retained = Unmanaged.passRetained(binding)
        let (exchanged, _) = prefixOnly.compareExchange(
            expected: 0, desired: UInt(bitPattern: retained.toOpaque()), ordering: .acquiringAndReleasing)
        if !exchanged {
            retained.release()
            return nil
        }
        return .passUnretained(binding.cells)
    }

    /// The cells of the series with no attributes, bound now if `admit` lets the series be
    /// created; `nil` when it does not.
    @inline(__always)
    private func unattributedCells(_ admit: () -> Bool) -> Unmanaged<BoundCells>? {
        boundUnattributed ?? bindUnattributed(admit)
    }

    /// The cells of the series with no attributes once bound; `nil` before.
    @inline(__always)
    private var boundUnattributed: Unmanaged<BoundCells>? {
        UnsafeRawPointer(bitPattern: unattributed.load(ordering: .acquiring)).map { Unmanaged.fromOpaque($0) }
    }

    @inline(never)
    private func bindUnattributed(_ admit: () -> Bool) -> Unmanaged<BoundCells>? {
        guard admit() else { return nil }
        let bound = Unmanaged.passRetained(bind(Attributes()))
        let (exchanged, current) = unattributed.compareExchange(
            expected: 0, desired: UInt(bitPattern: bound.toOpaque()), ordering: .acquiringAndReleasing)
        if exchanged { return bound }
        bound.release()
        return UnsafeRawPointer(bitPattern: current).map { Unmanaged.fromOpaque($0) }
    }

    /// Records an integer measurement in the series of `key`. When a series has to be created,
    /// `admit` may refuse it; the result is then `false` and nothing was recorded.
    @inline(__always)
    func record<Key: SeriesKey>(_ value: Int64, _ key: Key, admit: () -> Bool) -> Bool {
        if ignoresNegativeValues, value < 0 { return true }
        guard let first else { return true }
        if key.isEmpty {
            guard let cells = unattributedCells(admit) else { return false }
            cells._withUnsafeGuaranteedRef { $0.record(value) }
            return true
        }
        let hash = key.seriesHash(nil)
        guard first.record(value, key, hash, admit) else { return false }
        for sink in others { _ = sink.record(value, key, hash, admit) }
        return true
    }

    /// Records a double measurement in the series of `key`; infinities and NaN are ignored.
    @inline(__always)
    func record<Key: SeriesKey>(_ value: Double, _ key: Key, admit: () -> Bool) -> Bool {
        guard value.isFinite else { return true }
        if ignoresNegativeValues, value < 0 { return true }
        guard let first else { return true }
        if key.isEmpty {
            guard let cells = unattributedCells(admit) else { return false }
            cells._withUnsafeGuaranteedRef { $0.record(value) }
            return true
        }
        let hash = key.seriesHash(nil)
        guard first.record(value, key, hash, admit) else { return false }
        for sink in others { _ = sink.record(value, key, hash, admit) }
        return true
    }

    /// Records an integer measurement from ``Attributes``.
    @inline(__always)
    func record(_ value: Int64, attributes: Attributes) {
        _ = record(value, attributes, admit: { true })
    }

    /// Records a double measurement from ``Attributes``.
    @inline(__always)
    func record(_ value: Double, attributes: Attributes) {
        _ = record(value, attributes, admit: { true })
    }

    /// Records an integer measurement from tag pairs without building ``Attributes`` when the
    /// series exists. `admit` runs only when a series must be created (to validate the tags);
    /// when it returns `false` nothing is recorded and the result is `false`.
    ///
    /// The `first` part is the caller's fixed prefix (a client's default tags, in a buffer that
    /// lives as long as the client): a call with an empty `second` records straight into the
    /// series of that prefix, with no look-up.
    package func record(_ value: Int64, tags: TagPairs, admit: () -> Bool) -> Bool {
        if tags.second.isEmpty {
            let cells = tags.first.isEmpty ? unattributedCells(admit) : prefixCells(tags.first, admit)
            if let cells {
                cells._withUnsafeGuaranteedRef { $0.record(value) }
                return true
            }
            if tags.first.isEmpty { return false }
        }
        return record(value, tags, admit: admit)
    }

    /// Adds `value` to the series with no attributes when that series is bound already (after
    /// the first recording into it); returns false, recording nothing, when it is not. The
    /// by-name path of a call with no tags at all: no key, no closure.
    package func addUnattributed(_ value: Int64) -> Bool {
        guard let cells = boundUnattributed else { return false }
        cells._withUnsafeGuaranteedRef { $0.record(value) }
        return true
    }

    /// Records an integer measurement from tag pairs through the series look-up, never through
    /// the binding of a `first` buffer: for a `first` that may be freed before the instrument
    /// (and its address then reused for other tags).
    package func recordLookingUp(_ value: Int64, tags: TagPairs, admit: () -> Bool) -> Bool {
        record(value, tags, admit: admit)
    }

    /// Records a double measurement from tag pairs through the series look-up; see
    /// ``recordLookingUp(_:tags:admit:)-(Int64,_,_)``.
    package func recordLookingUp(_ value: Double, tags: TagPairs, admit: () -> Bool) -> Bool {
        record(value, tags, admit: admit)
    }

    /// Records a double measurement from tag pairs; see ``record(_:tags:admit:)-(Int64,_,_)``.
    package func record(_ value: Double, tags: TagPairs, admit: () -> Bool) -> Bool {
        if tags.second.isEmpty {
            let cells = tags.first.isEmpty ? unattributedCells(admit) : prefixCells(tags.first, admit)
            if let cells {
                cells._withUnsafeGuaranteedRef { $0.record(value) }
                return true
            }
            if tags.first.isEmpty { return false }
        }
        return record(value, tags, admit: admit)
    }

    /// Cells pinned for the series of `attributes` in every stream: a bound handle's target.
    func bind(_ attributes: Attributes) -> BoundCells {
        BoundCells(cells: sinks.map { $0.pin(attributes) }, ignoresNegativeValues: ignoresNegativeValues)
    }

    /// A bound counter of `Value` (`Int64` or `Double`) for the series of `attributes`: one that
    /// adds inline into the series' cell when the instrument has a single sum stream of the same
    /// kind of number, else one recording through `handle`.
    func bindCounter<Value: MetricNumeric, Handle: BoundCounterHandler<Value>>(
        _ attributes: Attributes, _ handle: (BoundCells) -> Handle
    ) -> BoundCounter<Value> {
        let cells = bind(attributes)
        if let sole = cells.soleSum, sole.isDouble == (Value.self == Double.self) {
            return BoundCounter(handle(cells), cell: sole.cell, ignoresNegativeValues: ignoresNegativeValues)
        }
        return BoundCounter(handle(cells))
    }

    /// A bound histogram for the series of `attributes`: one that records inline into the
    /// series' cell when the instrument has a single explicit-bucket stream, else one recording
    /// through `handle`.
    func bindHistogram<Value: MetricNumeric, Handle: BoundHistogramHandler<Value>>(
        _ attributes: Attributes, _ handle: (BoundCells) -> Handle
    ) -> BoundHistogram<Value> {
        let cells = bind(attributes)
        if let cell = cells.soleHistogram { return BoundHistogram(handle(cells), cell: cell) }
        return BoundHistogram(handle(cells))
    }
}
