import OtelAPI
import OtelSDK

extension ProtobufRequestDecoder {
    /// An `ExportMetricsServiceRequest`.
    mutating func metricsRequest(_ bytes: [UInt8]) throws(OTLPDecodeError) -> [ResourceMetrics] {
        try checkSize(bytes)
        var batches: [ResourceMetrics] = []
        var fields = WireFields(bytes[...])
        while let field = try fields.next() {
            guard field.number == 1 else { continue }
            try budget.take()
            let index = batches.count
            batches.append(
                try at("resourceMetrics[\(index)]") { () throws(OTLPDecodeError) in
                    try resourceMetrics(try field.bytes(""))
                })
        }
        return batches
    }

    private mutating func resourceMetrics(_ bytes: ArraySlice<UInt8>) throws(OTLPDecodeError) -> ResourceMetrics {
        var fields = WireFields(bytes)
        var resourceBytes: ArraySlice<UInt8> = []
        var schemaURL = ""
        var scopes: [ScopeMetrics] = []
        while let field = try fields.next() {
            switch field.number {
            case 1: resourceBytes = try field.bytes("resource")
            case 2:
                try budget.take()
                let index = scopes.count
                scopes.append(
                    try at("scopeMetrics[\(index)]") { () throws(OTLPDecodeError) in
                        try scopeMetrics(try field.bytes(""))
                    })
            case 3: schemaURL = try field.string("schemaUrl")
            default: continue
            }
        }
        let resource = try at("resource") { () throws(OTLPDecodeError) in
            try self.resource(resourceBytes, schemaURL: schemaURL)
        }
        return ResourceMetrics(resource: resource, scopeMetrics: scopes)
    }

    private mutating func scopeMetrics(_ bytes: ArraySlice<UInt8>) throws(OTLPDecodeError) -> ScopeMetrics {
        var fields = WireFields(bytes)
        var scopeBytes: ArraySlice<UInt8> = []
        var schemaURL = ""
        var metrics: [MetricData] = []
        var index = 0
        while let field = try fields.next() {
            switch field.number {
            case 1: scopeBytes = try field.bytes("scope")
            case 2:
                try budget.take()
                if let decoded = try at("metrics[\(index)]", { () throws(OTLPDecodeError) in try metric(field) }) {
                    metrics.append(decoded)
                }
                index += 1
            case 3: schemaURL = try field.string("schemaUrl")
            default: continue
            }
        }
        let scope = try at("scope") { () throws(OTLPDecodeError) in try self.scope(scopeBytes, schemaURL: schemaURL) }
        return ScopeMetrics(scope: scope, metrics: metrics)
    }

    /// A `Metric`, or `nil` when its kind has no place in the model (a summary, or no data).
    private mutating func metric(_ field: WireField) throws(OTLPDecodeError) -> MetricData? {
        var fields = WireFields(try field.bytes(""))
        var name = ""
        var description = ""
        var unit = ""
        var data: MetricPoints?
        var summaryPoints = 0
        while let field = try fields.next() {
            switch field.number {
            case 1: name = try field.string("name")
            case 2: description = try field.string("description")
            case 3: unit = try field.string("unit")
            case 5: data = try at("gauge") { () throws(OTLPDecodeError) in try gauge(field) }
            case 7: data = try at("sum") { () throws(OTLPDecodeError) in try sum(field) }
            case 9: data = try at("histogram") { () throws(OTLPDecodeError) in try histogram(field) }
            case 10:
                data = try at("exponentialHistogram") { () throws(OTLPDecodeError) in try exponentialHistogram(field) }
            case 11:
                data = nil
                summaryPoints = try at("summary") { () throws(OTLPDecodeError) in try countSummaryPoints(field) }
            default: continue
            }
        }
        guard let data else {
            skipped.add(summaryPoints, reason: SkippedDataPoints.summaryReason)
            return nil
        }
        return MetricData(name: name, description: description, unit: unit, data: data)
    }

    private mutating func countSummaryPoints(_ field: WireField) throws(OTLPDecodeError) -> Int {
        var fields = WireFields(try field.bytes(""))
        var count = 0
        while let field = try fields.next() {
            guard field.number == 1 else { continue }
            try budget.take()
            count += 1
        }
        return count
    }

    private mutating func gauge(_ field: WireField) throws(OTLPDecodeError) -> MetricPoints {
        var fields = WireFields(try field.bytes(""))
        var points: [NumberDataPoint] = []
        var index = 0
        while let field = try fields.next() {
            guard field.number == 1 else { continue }
            if let point = try at("dataPoints[\(index)]", { () throws(OTLPDecodeError) in try numberPoint(field) }) {
                points.append(point)
            }
            index += 1
        }
        return .gauge(GaugeData(points: points))
    }

    private mutating func sum(_ field: WireField) throws(OTLPDecodeError) -> MetricPoints {
        var fields = WireFields(try field.bytes(""))
        var points: [NumberDataPoint] = []
        var index = 0
        var temporality: Int64 = 0
        var isMonotonic = false
        while let field = try fields.next() {
            switch field.number {
            case 1:
                if let point = try at("dataPoints[\(index)]", { () throws(OTLPDecodeError) in try numberPoint(field) })
                {
                    points.append(point)
                }
                index += 1
            case 2: temporality = Int64(try field.int32("aggregationTemporality"))
            case 3: isMonotonic = try field.varint("isMonotonic") != 0
            default: continue
            }
        }
        return .sum(
            SumData(
                points: points, aggregationTemporality: try OTLPFieldSemantics.temporality(temporality),
                isMonotonic: isMonotonic))
    }

    /// A `NumberDataPoint`, or `nil` (counted as skipped) when it carries no value.
    private mutating func numberPoint(_ field: WireField) throws(OTLPDecodeError) -> NumberDataPoint? {
        try budget.take()
        var fields = WireFields(try field.bytes(""))
        var attributes = collector()
        var attributeIndex = 0
        var start: UInt64 = 0
        var time: UInt64 = 0
        var value: NumberValue?
        while let field = try fields.next() {
            switch field.number {
            case 2: start = try field.fixed64("startTimeUnixNano")
            case 3: time = try field.fixed64("timeUnixNano")
            case 4: value = .double(try field.double("asDouble"))
            case 6: value = .int(Int64(bitPattern: try field.fixed64("asInt")))
            case 7:
                try attribute(field, index: attributeIndex, into: &attributes)
                attributeIndex += 1
            default: continue
            }
        }
        guard let value else {
            skipped.add(1, reason: SkippedDataPoints.noValueReason)
            return nil
        }
        return NumberDataPoint(
            attributes: attributes.attributes, startTime: Timestamp(nanosecondsSinceEpoch: start),
            time: Timestamp(nanosecondsSinceEpoch: time), value: value)
    }

    private mutating func histogram(_ field: WireField) throws(OTLPDecodeError) -> MetricPoints {
        var fields = WireFields(try field.bytes(""))
        var points: [HistogramDataPoint] = []
        var temporality: Int64 = 0
        while let field = try fields.next() {
            switch field.number {
            case 1:
                let index = points.count
                points.append(
                    try at("dataPoints[\(index)]") { () throws(OTLPDecodeError) in try histogramPoint(field) })
            case 2: temporality = Int64(try field.int32("aggregationTemporality"))
            default: continue
            }
        }
        return .histogram(
            HistogramData(points: points, aggregationTemporality: try OTLPFieldSemantics.temporality(temporality)))
    }

    private mutating func histogramPoint(_ field: WireField) throws(OTLPDecodeError) -> HistogramDataPoint {
        try budget.take()
        var fields = WireFields(try field.bytes(""))
        var attributes = collector()
        var attributeIndex = 0
        var start: UInt64 = 0
        var time: UInt64 = 0
        var count: UInt64 = 0
        var sum = 0.0
        var bucketCounts: [UInt64] = []
        var bounds: [Double] = []
        var min: Double?
        var max: Double?
        while let field = try fields.next() {
            switch field.number {
            case 2: start = try field.fixed64("startTimeUnixNano")
            case 3: time = try field.fixed64("timeUnixNano")
            case 4: count = try field.fixed64("count")
            case 5: sum = try field.double("sum")
            case 6: bucketCounts += try field.repeatedFixed64("bucketCounts", budget: &budget)
            case 7: bounds += try field.repeatedFixed64("explicitBounds", budget: &budget).map(Double.init(bitPattern:))
            case 9:
                try attribute(field, index: attributeIndex, into: &attributes)
                attributeIndex += 1
            case 11: min = try field.double("min")
            case 12: max = try field.double("max")
            default: continue
            }
        }
        try OTLPFieldSemantics.checkBuckets(counts: bucketCounts.count, bounds: bounds.count)
        return HistogramDataPoint(
            attributes: attributes.attributes, startTime: Timestamp(nanosecondsSinceEpoch: start),
            time: Timestamp(nanosecondsSinceEpoch: time), count: count, sum: sum, min: min, max: max,
            explicitBounds: bounds, bucketCounts: bucketCounts)
    }

    private mutating func exponentialHistogram(_ field: WireField) throws(OTLPDecodeError) -> MetricPoints {
        var fields = WireFields(try field.bytes(""))
        var points: [ExponentialHistogramDataPoint] = []
        var temporality: Int64 = 0
        while let field = try fields.next() {
            switch field.number {
            case 1:
                let index = points.count
                points.append(
                    try at("dataPoints[\(index)]") { () throws(OTLPDecodeError) in try exponentialPoint(field) })
            case 2: temporality = Int64(try field.int32("aggregationTemporality"))
            default: continue
            }
        }
        return .exponentialHistogram(
            ExponentialHistogramData(
                points: points, aggregationTemporality: try OTLPFieldSemantics.temporality(temporality)))
    }

    private mutating func exponentialPoint(
        _ field: WireField
    ) throws(OTLPDecodeError)
        -> ExponentialHistogramDataPoint
    {
        try budget.take()
        var fields = WireFields(try field.bytes(""))
        var attributes = collector()
        var attributeIndex = 0
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
        while let field = try fields.next() {
            switch field.number {
            case 1:
                try attribute(field, index: attributeIndex, into: &attributes)
                attributeIndex += 1
            case 2: start = try field.fixed64("startTimeUnixNano")
            case 3: time = try field.fixed64("timeUnixNano")
            case 4: count = try field.fixed64("count")
            case 5: sum = try field.double("sum")
            case 6: scale = try field.sint32("scale")
            case 7: zeroCount = try field.fixed64("zeroCount")
            case 8: positive = try at("positive") { () throws(OTLPDecodeError) in try buckets(field) }
            case 9: negative = try at("negative") { () throws(OTLPDecodeError) in try buckets(field) }
            case 12: min = try field.double("min")
            case 13: max = try field.double("max")
            case 14: zeroThreshold = try field.double("zeroThreshold")
            default: continue
            }
        }
        return ExponentialHistogramDataPoint(
            attributes: attributes.attributes, startTime: Timestamp(nanosecondsSinceEpoch: start),
            time: Timestamp(nanosecondsSinceEpoch: time), count: count, sum: sum, min: min, max: max, scale: scale,
            zeroCount: zeroCount, zeroThreshold: zeroThreshold, positive: positive, negative: negative)
    }

    private mutating func buckets(_ field: WireField) throws(OTLPDecodeError) -> ExponentialHistogramBuckets {
        var fields = WireFields(try field.bytes(""))
        var offset: Int32 = 0
        var counts: [UInt64] = []
        while let field = try fields.next() {
            switch field.number {
            case 1: offset = try field.sint32("offset")
            case 2: counts += try field.repeatedVarint("bucketCounts", budget: &budget)
            default: continue
            }
        }
        return ExponentialHistogramBuckets(offset: offset, bucketCounts: counts)
    }
}
