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
        var low = Swift.min(start, index)
        var high = Swift.max(end - 1, index)
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
