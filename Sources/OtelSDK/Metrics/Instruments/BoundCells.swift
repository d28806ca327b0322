import OtelAPI

extension StreamSink {
    /// The series of `key` in this stream, pinned.
    func pin(_ key: Attributes) -> BoundCells.Cell {
        switch self {
        case .sum(let stream): return .sum(stream, stream.series.pin(key))
        case .lastValue(let stream): return .lastValue(stream, stream.series.pin(key))
        case .explicitHistogram(let stream): return .explicitHistogram(stream.series.pin(key))
        case .exponentialHistogram(let stream): return .exponentialHistogram(stream.series.pin(key))
        }
    }
}

/// The pinned series a bound handle records into, one per stream: recording is a direct
/// update of the cell, with no lookup and no lock (histograms take their series' own lock).
/// A bound counter of one sum stream (a bound histogram of one explicit-bucket stream) skips
/// this type and records into ``soleSum`` (``soleHistogram``) inline.
/// Releasing the handle unpins them so that delta collection may forget them again.
///
/// Safe to share (`@unchecked Sendable`): every stored property is immutable; the unmanaged
/// references in `hot` point to objects `owners` keeps alive; `hot` is written once in init and
/// freed in deinit.
final class BoundCells: @unchecked Sendable {
    /// A pinned series, strongly held.
    enum Cell: Sendable {
        case sum(SumStream, SumSeries)
        case lastValue(LastValueStream, LastValueSeries)
        case explicitHistogram(HistogramSeries)
        case exponentialHistogram(ExponentialHistogramSeries)

        func unpin() {
            switch self {
            case .sum(_, let series): series.pins.wrappingSubtract(1, ordering: .relaxed)
            case .lastValue(_, let series): series.pins.wrappingSubtract(1, ordering: .relaxed)
            case .explicitHistogram(let series): series.pins.wrappingSubtract(1, ordering: .relaxed)
            case .exponentialHistogram(let series): series.pins.wrappingSubtract(1, ordering: .relaxed)
            }
        }
    }

    /// A pinned series as the recording path holds it: unmanaged, so that recording through a
    /// handle shared by several threads never touches a reference count.
    enum HotCell {
        case sum(Unmanaged<SumStream>, Unmanaged<SumSeries>)
        case lastValue(Unmanaged<LastValueStream>, Unmanaged<LastValueSeries>)
        case explicitHistogram(Unmanaged<HistogramSeries>)
        case exponentialHistogram(Unmanaged<ExponentialHistogramSeries>)

        init(_ cell: Cell) {
            switch cell {
            case .sum(let stream, let series): self = .sum(.passUnretained(stream), .passUnretained(series))
            case .lastValue(let stream, let series):
                self = .lastValue(.passUnretained(stream), .passUnretained(series))
            case .explicitHistogram(let series): self = .explicitHistogram(.passUnretained(series))
            case .exponentialHistogram(let series): self = .exponentialHistogram(.passUnretained(series))
            }
        }

        @inline(__always)
        func record(_ value: Int64) {
            switch self {
            case .sum(let stream, let series):
                stream._withUnsafeGuaranteedRef { stream in
                    series._withUnsafeGuaranteedRef { stream.recordBound(value, into: $0) }
                }
            case .lastValue(let stream, let series):
                stream._withUnsafeGuaranteedRef { stream in
                    series._withUnsafeGuaranteedRef { $0.set(bits: stream.bits(value)) }
                }
            case .explicitHistogram(let series): series._withUnsafeGuaranteedRef { $0.recordBound(Double(value)) }
            case .exponentialHistogram(let series): series._withUnsafeGuaranteedRef { $0.recordBound(Double(value)) }
            }
        }

        @inline(__always)
        func record(_ value: Double) {
            switch self {
            case .sum(let stream, let series):
                stream._withUnsafeGuaranteedRef { stream in
                    series._withUnsafeGuaranteedRef { stream.recordBound(value, into: $0) }
                }
            case .lastValue(let stream, let series):
                stream._withUnsafeGuaranteedRef { stream in
                    series._withUnsafeGuaranteedRef { $0.set(bits: stream.bits(value)) }
                }
            case .explicitHistogram(let series): series._withUnsafeGuaranteedRef { $0.recordBound(value) }
            case .exponentialHistogram(let series): series._withUnsafeGuaranteedRef { $0.recordBound(value) }
            }
        }
    }

    private let owners: [Cell]
    /// The cell of the only stream when it is a sum: a bound counter adds into it directly.
    let soleSum: (cell: ShardedSumCell, isDouble: Bool)?
    /// The cell of the only stream when it is an explicit-bucket histogram: a bound histogram
    /// records into it directly.
    let soleHistogram: ExplicitHistogramCell?
    private let first: HotCell?
    private let others: UnsafeMutableBufferPointer<HotCell>
    private let ignoresNegativeValues: Bool

    init(cells: [Cell], ignoresNegativeValues: Bool) {
        owners = cells
        if cells.count == 1, case .sum(let stream, let series) = cells[0] {
            soleSum = (series.cell, stream.isDouble)
        } else {
            soleSum = nil
        }
        if cells.count == 1, case .explicitHistogram(let series) = cells[0] {
            soleHistogram = series.cell
        } else {
            soleHistogram = nil
        }
        first = cells.first.map(HotCell.init)
        others = .allocate(capacity: Swift.max(0, cells.count - 1))
        _ = others.initialize(from: cells.dropFirst().map(HotCell.init))
        self.ignoresNegativeValues = ignoresNegativeValues
    }

    deinit {
        for cell in owners { cell.unpin() }
        others.deallocate()
    }

    /// Records an integer measurement.
    @inline(__always)
    func record(_ value: Int64) {
        if ignoresNegativeValues, value < 0 { return }
        if let soleSum {
            if soleSum.isDouble { soleSum.cell.add(Double(value)) } else { soleSum.cell.add(value) }
            return
        }
        if let soleHistogram {
            soleHistogram.record(Double(value))
            return
        }
        first?.record(value)
        for cell in others { cell.record(value) }
    }

    /// Records a double measurement; infinities and NaN are ignored.
    @inline(__always)
    func record(_ value: Double) {
        guard value.isFinite else { return }
        if ignoresNegativeValues, value < 0 { return }
        if let soleSum {
            if soleSum.isDouble { soleSum.cell.add(value) } else { soleSum.cell.add(LastValueStream.integer(value)) }
            return
        }
        if let soleHistogram {
            soleHistogram.record(value)
            return
        }
        first?.record(value)
        for cell in others { cell.record(value) }
    }
}
