/// The state of one base-2 exponential histogram series: the specification's algorithm, which
/// starts at the finest scale and halves the resolution whenever the buckets needed to hold
/// every recorded value would exceed `maxSize` on one side.
struct ExponentialHistogramAccumulator {
    /// The most buckets per side.
    let maxSize: Int
    /// The scale an empty histogram starts at.
    let maxScale: Int
    /// The current scale.
    private(set) var scale: Int
    /// The number of finite values recorded.
    private(set) var count: UInt64 = 0
    /// Their sum.
    private(set) var sum: Double = 0
    /// The smallest.
    private(set) var min: Double = .infinity
    /// The largest.
    private(set) var max: Double = -.infinity
    /// The number of zeros.
    private(set) var zeroCount: UInt64 = 0
    /// The buckets of positive values.
    private(set) var positive = ExponentialBucketCounts()
    /// The buckets of negative values, by magnitude.
    private(set) var negative = ExponentialBucketCounts()

    init(maxSize: Int, maxScale: Int) {
        self.maxSize = Swift.max(2, maxSize)
        self.maxScale = Swift.min(Swift.max(maxScale, ExponentialMapping.minScale), ExponentialMapping.maxScale)
        scale = self.maxScale
    }

    /// Records a value; infinities and NaN are ignored.
    mutating func record(_ value: Double) {
        guard value.isFinite else { return }
        count &+= 1
        sum += value
        if value < min { min = value }
        if value > max { max = value }
        if value == 0 {
            zeroCount &+= 1
            return
        }
        var index = ExponentialMapping.index(of: value.magnitude, scale: scale)
        let change =
            value > 0
            ? positive.scaleChange(adding: index, maxSize: maxSize)
            : negative.scaleChange(adding: index, maxSize: maxSize)
        let applied = Swift.min(change, scale - ExponentialMapping.minScale)
        if applied > 0 {
            positive.downscale(by: applied)
            negative.downscale(by: applied)
            scale -= applied
            index >>= applied
        }
        if value > 0 { positive.increment(index) } else { negative.increment(index) }
    }

    /// Adds the values `other` holds, as if they had been recorded here: both go to the coarser
    /// of the two scales, and coarser still while the two ranges together need more than
    /// `maxSize` buckets on a side. (Halving a scale merges buckets exactly, so the result is
    /// the histogram one accumulator would have built from all the values.)
    mutating func merge(_ other: ExponentialHistogramAccumulator) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        var other = other
        let common = Swift.min(scale, other.scale)
        downscale(by: scale - common)
        other.downscale(by: other.scale - common)
        let change = Swift.max(
            positive.scaleChange(covering: other.positive, maxSize: maxSize),
            negative.scaleChange(covering: other.negative, maxSize: maxSize))
        let applied = Swift.min(change, scale - ExponentialMapping.minScale)
        downscale(by: applied)
        other.downscale(by: applied)
        positive.add(other.positive)
        negative.add(other.negative)
        count &+= other.count
        sum += other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        zeroCount &+= other.zeroCount
    }

    private mutating func downscale(by change: Int) {
        guard change > 0 else { return }
        positive.downscale(by: change)
        negative.downscale(by: change)
        scale -= change
    }

    /// Empties the histogram and returns to the finest scale, keeping the buckets' capacity.
    mutating func reset() {
        scale = maxScale
        count = 0
        sum = 0
        min = .infinity
        max = -.infinity
        zeroCount = 0
        positive.removeAll()
        negative.removeAll()
    }
}

/// Consecutive bucket counts from index `start`.
struct ExponentialBucketCounts: Equatable {
    /// The index of `counts[0]`.
    private(set) var start = 0
    /// The counts.
    private(set) var counts: [UInt64] = []

    /// The index past the last bucket.
    var end: Int { start + counts.count }

    /// How many times the scale must halve for the buckets to also cover `index` within
    /// `maxSize` buckets.
    func scaleChange(adding index: Int, maxSize: Int) -> Int {
        guard !counts.isEmpty else { return 0 }
        return Self.scaleChange(low: Swift.min(start, index), high: Swift.max(end - 1, index), maxSize: maxSize)
    }

    /// How many times the scale must halve for the buckets to also cover `other`'s within
    /// `maxSize` buckets.
    func scaleChange(covering other: ExponentialBucketCounts, maxSize: Int) -> Int {
        guard !counts.isEmpty, !other.counts.isEmpty else { return 0 }
        return Self.scaleChange(
            low: Swift.min(start, other.start), high: Swift.max(end, other.end) - 1, maxSize: maxSize)
    }

    private static func scaleChange(low: Int, high: Int, maxSize: Int) -> Int {
        var low = low
        var high = high
        var change = 0
        while high - low >= maxSize {
            low >>= 1
            high >>= 1
            change += 1
        }
        return change
    }

    /// Adds one to bucket `index`, extending the range to it.
    mutating func increment(_ index: Int) {
        if counts.isEmpty {
            start = index
            counts.append(1)
            return
        }
        if index < start {
            counts.insert(contentsOf: repeatElement(0, count: start - index), at: 0)
            start = index
        } else if index >= end {
            counts.append(contentsOf: repeatElement(0, count: index - end + 1))
        }
        counts[index - start] &+= 1
    }

    /// Adds `other`'s counts (at the same scale), extending the range to cover them.
    mutating func add(_ other: ExponentialBucketCounts) {
        guard !other.counts.isEmpty else { return }
        guard !counts.isEmpty else {
            self = other
            return
        }
        if other.start < start {
            counts.insert(contentsOf: repeatElement(0, count: start - other.start), at: 0)
            start = other.start
        }
        if other.end > end { counts.append(contentsOf: repeatElement(0, count: other.end - end)) }
        for (offset, value) in other.counts.enumerated() { counts[other.start + offset - start] &+= value }
    }

    /// Merges buckets for a scale `change` coarser: bucket `i` moves to `i >> change`.
    mutating func downscale(by change: Int) {
        guard change > 0, !counts.isEmpty else { return }
        let newStart = start >> change
        let newEnd = (end - 1) >> change
        var merged = [UInt64](repeating: 0, count: newEnd - newStart + 1)
        for (offset, value) in counts.enumerated() {
            merged[((start + offset) >> change) - newStart] &+= value
        }
        start = newStart
        counts = merged
    }

    /// Empties the buckets, keeping their capacity.
    mutating func removeAll() {
        start = 0
        counts.removeAll(keepingCapacity: true)
    }

    /// The buckets as a data point carries them.
    var exported: ExponentialHistogramBuckets {
        counts.isEmpty
            ? .empty : ExponentialHistogramBuckets(offset: Int32(clamping: start), bucketCounts: counts)
    }
}
