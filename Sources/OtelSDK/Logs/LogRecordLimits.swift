/// How much a log record may hold; what goes beyond is dropped and counted on the record.
public struct LogRecordLimits: Sendable, Hashable {
    /// The most attributes of a record (default 128).
    public var attributeCountLimit: Int
    /// The most Unicode scalars of a string attribute value (and of each string of a string
    /// array); `nil` (the default) for no limit.
    public var attributeValueLengthLimit: Int?

    /// Creates limits; the defaults are the specification's.
    public init(attributeCountLimit: Int = 128, attributeValueLengthLimit: Int? = nil) {
        self.attributeCountLimit = max(attributeCountLimit, 0)
        self.attributeValueLengthLimit = attributeValueLengthLimit.map { max($0, 0) }
    }

    /// The limits `OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT` and
    /// `OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT` set, falling back to the general
    /// `OTEL_ATTRIBUTE_COUNT_LIMIT` and `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, then the defaults.
    public init(environment: OtelEnvironment) {
        self.init(
            attributeCountLimit: environment.nonNegativeInt("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT")
                ?? environment.nonNegativeInt("OTEL_ATTRIBUTE_COUNT_LIMIT") ?? 128,
            attributeValueLengthLimit: environment.nonNegativeInt("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT")
                ?? environment.nonNegativeInt("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"))
    }

    var attributes: AttributeLimits {
        AttributeLimits(countLimit: attributeCountLimit, valueLengthLimit: attributeValueLengthLimit)
    }
}
