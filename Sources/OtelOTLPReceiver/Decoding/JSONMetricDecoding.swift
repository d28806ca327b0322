import OtelAPI
import OtelOTLP
import OtelSDK

extension JSONRequestDecoder {
    static let temporalityNames = [
        "AGGREGATION_TEMPORALITY_UNSPECIFIED", "AGGREGATION_TEMPORALITY_DELTA", "AGGREGATION_TEMPORALITY_CUMULATIVE",
    ]

    /// An `ExportMetricsServiceRequest` object.
    mutating func metricsRequest(_ bytes: [UInt8]) throws(OTLPDecodeError) -> [ResourceMetrics] {
        var batches: [ResourceMetrics] = []
        for (key, member) in try document(bytes) where key == "resourceMetrics" || key == "resource_metrics" {
            for (index, element) in try Self.elements(member, "resourceMetrics").enumerated() {
                try budget.take()
                batches.append(
                    try at("resourceMetrics[\(index)]") { () throws(OTLPDecodeError) in try resourceMetrics(element) })
            }
        }
        return batches
    }

    private mutating func resourceMetrics(_ value: JSONValue) throws(OTLPDecodeError) -> ResourceMetrics {
        let parts = try Self.container(
            value, headKeys: ("resource", "resource"), listKeys: ("scopeMetrics", "scope_metrics"))
        let resource = try at("resource") { () throws(OTLPDecodeError) in
            try self.resource(parts.head, schemaURL: parts.schemaURL)
        }
        var scopes: [ScopeMetrics] = []
        for (index, element) in parts.list.enumerated() {
            try budget.take()
            scopes.append(
                try at("scopeMetrics[\(index)]") { () throws(OTLPDecodeError) in
                    let scopeParts = try Self.container(
                        element, headKeys: ("scope", "scope"), listKeys: ("metrics", "metrics"))
                    let scope = try at("scope") { () throws(OTLPDecodeError) in
                        try self.scope(scopeParts.head, schemaURL: scopeParts.schemaURL)
                    }
                    var metrics: [MetricData] = []
                    for (metricIndex, item) in scopeParts.list.enumerated() {
                        try budget.take()
                        if let decoded = try at(
                            "metrics[\(metricIndex)]", { () throws(OTLPDecodeError) in try metric(item) })
                        {
                            metrics.append(decoded)
                        }
                    }
                    return ScopeMetrics(scope: scope, metrics: metrics)
                })
        }
        return ResourceMetrics(resource: resource, scopeMetrics: scopes)
    }

    /// A `Metric`, or `nil` when its kind has no place in the model (a summary, or no data).
    private mutating func metric(_ value: JSONValue) throws(OTLPDecodeError) -> MetricData? {
        var name = ""
        var description = ""
        var unit = ""
        var data: MetricPoints?
        var summaryPoints = 0
        for (key, member) in try Self.members(value, "") {
            if case .null = member { continue }
            switch key {
            case "name": name = try Self.string(member, "name")
            case "description": description = try Self.string(member, "description")
            case "unit": unit = try Self.string(member, "unit")
            case "gauge":
                data = try at("gauge") { () throws(OTLPDecodeError) in
                    .gauge(GaugeData(points: try numberPoints(member).points))
                }
            case "sum":
                data = try at("sum") { () throws(OTLPDecodeError) in
                    let parsed = try numberPoints(member)
                    return .sum(
                        SumData(
                            points: parsed.points,
                            aggregationTemporality: try OTLPFieldSemantics.temporality(parsed.temporality),
                            isMonotonic: parsed.isMonotonic))
                }
            case "histogram":
                data = try at("histogram") { () throws(OTLPDecodeError) in try histogram(member) }
            case "exponentialHistogram", "exponential_histogram":
                data = try at("exponentialHistogram") { () throws(OTLPDecodeError) in try exponentialHistogram(member) }
            case "summary":
                data = nil
                summaryPoints = 0
                for (summaryKey, summaryMember) in try Self.members(member, "summary")
                where summaryKey == "dataPoints" || summaryKey == "data_points" {
                    summaryPoints = try Self.elements(summaryMember, "summary.dataPoints").count
                    try budget.take(summaryPoints)
                }
            default: continue
            }
        }
        guard let data else {
            skipped.add(summaryPoints, reason: SkippedDataPoints.summaryReason)
            return nil
        }
        return MetricData(name: name, description: description, unit: unit, data: data)
    }

    /// The points, temporality and monotonicity of a `gauge` or `sum` object.
    private mutating func numberPoints(
        _ value: JSONValue
    ) throws(OTLPDecodeError)
        -> (points: [NumberDataPoint], temporality: Int64, isMonotonic: Bool)
    {
        var points: [NumberDataPoint] = []
        var temporality: Int64 = 0
        var isMonotonic = false
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "dataPoints", "data_points":
                points = []
                for (index, element) in try Self.elements(member, "dataPoints").enumerated() {
                    try budget.take()
                    if let point = try at(
                        "dataPoints[\(index)]", { () throws(OTLPDecodeError) in try numberPoint(element) })
                    {
                        points.append(point)
                    }
                }
            case "aggregationTemporality", "aggregation_temporality":
                temporality = try Self.enumValue(member, "aggregationTemporality", names: Self.temporalityNames)
            case "isMonotonic", "is_monotonic": isMonotonic = try Self.bool(member, "isMonotonic")
            default: continue
            }
        }
        return (points, temporality, isMonotonic)
    }

    /// A `NumberDataPoint`, or `nil` (counted as skipped) when it carries no value.
    private mutating func numberPoint(_ value: JSONValue) throws(OTLPDecodeError) -> NumberDataPoint? {
        var attributes = AttributeCollector(limit: limits.maxAttributesPerSet)
        var start: UInt64 = 0
        var time: UInt64 = 0
        var number: NumberValue?
        for (key, member) in try Self.members(value, "") {
            if case .null = member { continue }
            switch key {
            case "attributes": attributes = try self.attributes(member, "attributes")
            case "startTimeUnixNano", "start_time_unix_nano": start = try Self.uint64(member, "startTimeUnixNano")
            case "timeUnixNano", "time_unix_nano": time = try Self.uint64(member, "timeUnixNano")
            case "asDouble", "as_double": number = .double(try Self.double(member, "asDouble"))
            case "asInt", "as_int": number = .int(try Self.int64(member, "asInt"))
            default: continue
            }
        }
        guard let number else {
            skipped.add(1, reason: SkippedDataPoints.noValueReason)
            return nil
        }
        return NumberDataPoint(
            attributes: attributes.attributes, startTime: Timestamp(nanosecondsSinceEpoch: start),
            time: Timestamp(nanosecondsSinceEpoch: time), value: number)
    }

    private mutating func histogram(_ value: JSONValue) throws(OTLPDecodeError) -> MetricPoints {
        var points: [HistogramDataPoint] = []
        var temporality: Int64 = 0
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "dataPoints", "data_points":
                points = []
                for (index, element) in try Self.elements(member, "dataPoints").enumerated() {
                    try budget.take()
                    points.append(
                        try at("dataPoints[\(index)]") { () throws(OTLPDecodeError) in try histogramPoint(element) })
                }
            case "aggregationTemporality", "aggregation_temporality":
                temporality = try Self.enumValue(member, "aggregationTemporality", names: Self.temporalityNames)
            default: continue
            }
        }
        return .histogram(
            HistogramData(points: points, aggregationTemporality: try OTLPFieldSemantics.temporality(temporality)))
    }

    private mutating func histogramPoint(_ value: JSONValue) throws(OTLPDecodeError) -> HistogramDataPoint {
        var attributes = AttributeCollector(limit: limits.maxAttributesPerSet)
        var start: UInt64 = 0
        var time: UInt64 = 0
        var count: UInt64 = 0
        var sum = 0.0
        var bucketCounts: [UInt64] = []
        var bounds: [Double] = []
        var min: Double?
        var max: Double?
        for (key, member) in try Self.members(value, "") {
            if case .null = member { continue }
            switch key {
            case "attributes": attributes = try self.attributes(member, "attributes")
            case "startTimeUnixNano", "start_time_unix_nano": start = try Self.uint64(member, "startTimeUnixNano")
            case "timeUnixNano", "time_unix_nano": time = try Self.uint64(member, "timeUnixNano")
            case "count": count = try Self.uint64(member, "count")
            case "sum": sum = try Self.double(member, "sum")
            case "bucketCounts", "bucket_counts": bucketCounts = try counts(member)
            case "explicitBounds", "explicit_bounds":
                let elements = try Self.elements(member, "explicitBounds")
                try budget.take(elements.count)
                bounds = []
                bounds.reserveCapacity(elements.count)
                for element in elements {
                    bounds.append(try Self.double(element, "explicitBounds"))
                }
            case "min": min = try Self.double(member, "min")
            case "max": max = try Self.double(member, "max")
            default: continue
            }
        }
        try OTLPFieldSemantics.checkBuckets(counts: bucketCounts.count, bounds: bounds.count)
        return HistogramDataPoint(
            attributes: attributes.attributes, startTime: Timestamp(nanosecondsSinceEpoch: start),
            time: Timestamp(nanosecondsSinceEpoch: time), count: count, sum: sum, min: min, max: max,
            explicitBounds: bounds, bucketCounts: bucketCounts)
    }

    private mutating func counts(_ value: JSONValue) throws(OTLPDecodeError) -> [UInt64] {
        let elements = try Self.elements(value, "bucketCounts")
        try budget.take(elements.count)
        var counts: [UInt64] = []
        counts.reserveCapacity(elements.count)
        for element in elements {
            counts.append(try Self.uint64(element, "bucketCounts"))
        }
        return counts
    }

    private mutating func exponentialHistogram(_ value: JSONValue) throws(OTLPDecodeError) -> MetricPoints {
        var points: [ExponentialHistogramDataPoint] = []
        var temporality: Int64 = 0
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "dataPoints", "data_points":
                points = []
                for (index, element) in try Self.elements(member, "dataPoints").enumerated() {
                    try budget.take()
                    points.append(
                        try at("dataPoints[\(index)]") { () throws(OTLPDecodeError) in try exponentialPoint(element) })
                }
            case "aggregationTemporality", "aggregation_temporality":
                temporality = try Self.enumValue(member, "aggregationTemporality", names: Self.temporalityNames)
            default: continue
            }
        }
        return .exponentialHistogram(
            ExponentialHistogramData(
                points: points, aggregationTemporality: try OTLPFieldSemantics.temporality(temporality)))
    }

    private mutating func exponentialPoint(
        _ value: JSONValue
    ) throws(OTLPDecodeError)
        -> ExponentialHistogramDataPoint
    {
        var attributes = AttributeCollector(limit: limits.maxAttributesPerSet)
        var start: UInt64 = 0
        var time: UInt64 = 0
        var count: UInt64 = 0
        var sum = 0.0
        var scale: Int32 = 0
        var zeroCount: UInt64 = 0
        var zeroThreshold = 0.0
        var positive = ExponentialHistogramBuckets.empty
        var negative = ExponentialHistogramBuckets.empty
        var min: Double?
        var max: Double?
        for (key, member) in try Self.members(value, "") {
            if case .null = member { continue }
            switch key {
            case "attributes": attributes = try self.attributes(member, "attributes")
            case "startTimeUnixNano", "start_time_unix_nano": start = try Self.uint64(member, "startTimeUnixNano")
            case "timeUnixNano", "time_unix_nano": time = try Self.uint64(member, "timeUnixNano")
            case "count": count = try Self.uint64(member, "count")
            case "sum": sum = try Self.double(member, "sum")
            case "scale": scale = try Self.int32(member, "scale")
            case "zeroCount", "zero_count": zeroCount = try Self.uint64(member, "zeroCount")
            case "zeroThreshold", "zero_threshold": zeroThreshold = try Self.double(member, "zeroThreshold")
            case "positive": positive = try at("positive") { () throws(OTLPDecodeError) in try buckets(member) }
            case "negative": negative = try at("negative") { () throws(OTLPDecodeError) in try buckets(member) }
            case "min": min = try Self.double(member, "min")
            case "max": max = try Self.double(member, "max")
            default: continue
            }
        }
        return ExponentialHistogramDataPoint(
            attributes: attributes.attributes, startTime: Timestamp(nanosecondsSinceEpoch: start),
            time: Timestamp(nanosecondsSinceEpoch: time), count: count, sum: sum, min: min, max: max, scale: scale,
            zeroCount: zeroCount, zeroThreshold: zeroThreshold, positive: positive, negative: negative)
    }

    private mutating func buckets(_ value: JSONValue) throws(OTLPDecodeError) -> ExponentialHistogramBuckets {
        var offset: Int32 = 0
        var counts: [UInt64] = []
        for (key, member) in try Self.members(value, "") {
            switch key {
            case "offset": offset = try Self.int32(member, "offset")
            case "bucketCounts", "bucket_counts": counts = try self.counts(member)
            default: continue
            }
        }
        return ExponentialHistogramBuckets(offset: offset, bucketCounts: counts)
    }
}
