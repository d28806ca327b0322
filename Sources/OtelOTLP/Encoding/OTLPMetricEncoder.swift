import OtelSDK

/// Encodes metrics as `ExportMetricsServiceRequest`, in protobuf or in the OTLP JSON mapping.
public enum OTLPMetricEncoder {
    /// The protobuf encoding of an export request holding `batches`.
    public static func protobuf(_ batches: [ResourceMetrics]) -> [UInt8] {
        ProtobufWriter.encode(lengthHint: 16 + batches.reduce(0) { $0 + $1.pointCount } * 2) { writer in
            for batch in batches where !batch.isEmpty {
                writer.message(1) { resourceMetrics in
                    resourceMetrics.resource(1, batch.resource)
                    for scopeMetrics in batch.scopeMetrics where !scopeMetrics.metrics.isEmpty {
                        resourceMetrics.message(2) { scope in
                            scope.scope(1, scopeMetrics.scope)
                            for metric in scopeMetrics.metrics { scope.message(2) { $0.metric(metric) } }
                            scope.string(3, scopeMetrics.scope.schemaURL ?? "")
                        }
                    }
                    resourceMetrics.string(3, batch.resource.schemaURL ?? "")
                }
            }
        }
    }

    /// The OTLP/JSON encoding of an export request holding `batches`.
    public static func json(_ batches: [ResourceMetrics]) -> [UInt8] {
        var writer = JSONWriter(capacity: 256 + batches.reduce(0) { $0 + $1.pointCount } * 200)
        writer.object { request in
            request.key("resourceMetrics")
            request.array { list in
                for batch in batches where !batch.isEmpty {
                    list.object { resourceMetrics in
                        resourceMetrics.resource(batch.resource)
                        resourceMetrics.key("scopeMetrics")
                        resourceMetrics.array { scopes in
                            for scopeMetrics in batch.scopeMetrics where !scopeMetrics.metrics.isEmpty {
                                scopes.object { scope in
                                    scope.scope(scopeMetrics.scope)
                                    scope.key("metrics")
                                    scope.array { metrics in
                                        for metric in scopeMetrics.metrics { metrics.metric(metric) }
                                    }
                                    scope.schemaURL(scopeMetrics.scope.schemaURL)
                                }
                            }
                        }
                        resourceMetrics.schemaURL(batch.resource.schemaURL)
                    }
                }
            }
        }
        return writer.bytes
    }

    static func temporality(_ temporality: AggregationTemporality) -> Int32 {
        temporality == .delta ? 1 : 2
    }
}

extension ProtobufWriter {
    fileprivate mutating func metric(_ metric: MetricData) {
        string(1, metric.name)
        string(2, metric.description)
        string(3, metric.unit)
        switch metric.data {
        case .gauge(let gauge):
            message(5) { g in for point in gauge.points { g.message(1) { $0.numberPoint(point) } } }
        case .sum(let sum):
            message(7) { s in
                for point in sum.points { s.message(1) { $0.numberPoint(point) } }
                s.int32(2, OTLPMetricEncoder.temporality(sum.aggregationTemporality))
                s.bool(3, sum.isMonotonic)
            }
        case .histogram(let histogram):
            message(9) { h in
                for point in histogram.points {
                    h.message(1) { p in
                        p.fixed64(2, point.startTime.nanosecondsSinceEpoch)
                        p.fixed64(3, point.time.nanosecondsSinceEpoch)
                        p.fixed64Always(4, point.count)
                        p.doubleAlways(5, point.sum)
                        p.packedFixed64(6, point.bucketCounts)
                        p.packedDouble(7, point.explicitBounds)
                        p.keyValues(9, point.attributes)
                        if let min = point.min { p.doubleAlways(11, min) }
                        if let max = point.max { p.doubleAlways(12, max) }
                    }
                }
                h.int32(2, OTLPMetricEncoder.temporality(histogram.aggregationTemporality))
            }
        case .exponentialHistogram(let histogram):
            message(10) { h in
                for point in histogram.points {
                    h.message(1) { p in
                        p.keyValues(1, point.attributes)
                        p.fixed64(2, point.startTime.nanosecondsSinceEpoch)
                        p.fixed64(3, point.time.nanosecondsSinceEpoch)
                        p.fixed64Always(4, point.count)
                        p.doubleAlways(5, point.sum)
                        p.sint32(6, point.scale)
                        p.fixed64(7, point.zeroCount)
                        p.message(8) { b in b.buckets(point.positive) }
                        p.message(9) { b in b.buckets(point.negative) }
                        if let min = point.min { p.doubleAlways(12, min) }
                        if let max = point.max { p.doubleAlways(13, max) }
                        p.double(14, point.zeroThreshold)
                    }
                }
                h.int32(2, OTLPMetricEncoder.temporality(histogram.aggregationTemporality))
            }
        }
    }

    fileprivate mutating func numberPoint(_ point: NumberDataPoint) {
        fixed64(2, point.startTime.nanosecondsSinceEpoch)
        fixed64(3, point.time.nanosecondsSinceEpoch)
        switch point.value {
        case .double(let value): doubleAlways(4, value)
        case .int(let value): sfixed64Always(6, value)
        }
        keyValues(7, point.attributes)
    }

    fileprivate mutating func buckets(_ buckets: ExponentialHistogramBuckets) {
        sint32(1, buckets.offset)
        packedUInt64(2, buckets.bucketCounts)
    }

    /// A zigzag-encoded sint32 field, omitted when zero.
    mutating func sint32(_ field: UInt32, _ value: Int32) {
        guard value != 0 else { return }
        uint64(field, UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
    }

    /// An sfixed64 field written even when zero (a `oneof` member).
    mutating func sfixed64Always(_ field: UInt32, _ value: Int64) {
        fixed64Always(field, UInt64(bitPattern: value))
    }
}

extension JSONWriter {
    fileprivate mutating func metric(_ metric: MetricData) {
        object { o in
            o.key("name")
            o.string(metric.name)
            if !metric.description.isEmpty {
                o.key("description")
                o.string(metric.description)
            }
            if !metric.unit.isEmpty {
                o.key("unit")
                o.string(metric.unit)
            }
            switch metric.data {
            case .gauge(let gauge):
                o.key("gauge")
                o.object { g in g.numberPoints(gauge.points) }
            case .sum(let sum):
                o.key("sum")
                o.object { s in
                    s.numberPoints(sum.points)
                    s.key("aggregationTemporality")
                    s.int(Int(OTLPMetricEncoder.temporality(sum.aggregationTemporality)))
                    if sum.isMonotonic {
                        s.key("isMonotonic")
                        s.bool(true)
                    }
                }
            case .histogram(let histogram):
                o.key("histogram")
                o.object { h in
                    h.key("dataPoints")
                    h.array { list in
                        for point in histogram.points {
                            list.object { p in
                                p.attributes(point.attributes)
                                p.nanos("startTimeUnixNano", point.startTime.nanosecondsSinceEpoch)
                                p.nanos("timeUnixNano", point.time.nanosecondsSinceEpoch)
                                p.key("count")
                                p.uint64String(point.count)
                                p.key("sum")
                                p.double(point.sum)
                                p.key("bucketCounts")
                                p.array { counts in for count in point.bucketCounts { counts.uint64String(count) } }
                                p.key("explicitBounds")
                                p.array { bounds in for bound in point.explicitBounds { bounds.double(bound) } }
                                if let min = point.min {
                                    p.key("min")
                                    p.double(min)
                                }
                                if let max = point.max {
                                    p.key("max")
                                    p.double(max)
                                }
                            }
                        }
                    }
                    h.key("aggregationTemporality")
                    h.int(Int(OTLPMetricEncoder.temporality(histogram.aggregationTemporality)))
                }
            case .exponentialHistogram(let histogram):
                o.key("exponentialHistogram")
                o.object { h in
                    h.key("dataPoints")
                    h.array { list in
                        for point in histogram.points {
                            list.object { p in
                                p.attributes(point.attributes)
                                p.nanos("startTimeUnixNano", point.startTime.nanosecondsSinceEpoch)
                                p.nanos("timeUnixNano", point.time.nanosecondsSinceEpoch)
                                p.key("count")
                                p.uint64String(point.count)
                                p.key("sum")
                                p.double(point.sum)
                                p.key("scale")
                                p.int(Int(point.scale))
                                p.key("zeroCount")
                                p.uint64String(point.zeroCount)
                                p.key("positive")
                                p.buckets(point.positive)
                                p.key("negative")
                                p.buckets(point.negative)
                                if let min = point.min {
                                    p.key("min")
                                    p.double(min)
                                }
                                if let max = point.max {
                                    p.key("max")
                                    p.double(max)
                                }
                                if point.zeroThreshold != 0 {
                                    p.key("zeroThreshold")
                                    p.double(point.zeroThreshold)
                                }
                            }
                        }
                    }
                    h.key("aggregationTemporality")
                    h.int(Int(OTLPMetricEncoder.temporality(histogram.aggregationTemporality)))
                }
            }
        }
    }

    fileprivate mutating func numberPoints(_ points: [NumberDataPoint]) {
        key("dataPoints")
        array { list in
            for point in points {
                list.object { p in
                    p.attributes(point.attributes)
                    p.nanos("startTimeUnixNano", point.startTime.nanosecondsSinceEpoch)
                    p.nanos("timeUnixNano", point.time.nanosecondsSinceEpoch)
                    switch point.value {
                    case .double(let value):
                        p.key("asDouble")
                        p.double(value)
                    case .int(let value):
                        p.key("asInt")
                        p.int64String(value)
                    }
                }
            }
        }
    }

    fileprivate mutating func buckets(_ buckets: ExponentialHistogramBuckets) {
        object { b in
            if buckets.offset != 0 {
                b.key("offset")
                b.int(Int(buckets.offset))
            }
            b.key("bucketCounts")
            b.array { counts in for count in buckets.bucketCounts { counts.uint64String(count) } }
        }
    }
}
