import OtelAPI

/// How much a span may hold; what goes beyond is dropped and counted on the span's data.
///
/// The defaults are the specification's: 128 attributes, events, links and attributes per
/// event or link; attribute values of unlimited length.
public struct SpanLimits: Sendable, Hashable {
    /// The most attributes of a span (default 128).
    public var attributeCountLimit: Int
    /// The most Unicode scalars of a string attribute value, on the span, its events and its
    /// links; `nil` (the default) for no limit.
    public var attributeValueLengthLimit: Int?
    /// The most events of a span (default 128); beyond it, the oldest event makes room.
    public var eventCountLimit: Int
    /// The most links of a span (default 128); links beyond it are dropped.
    public var linkCountLimit: Int
    /// The most attributes of one event (default 128).
    public var attributePerEventCountLimit: Int
    /// The most attributes of one link (default 128).
    public var attributePerLinkCountLimit: Int

    /// Creates limits; every argument defaults to the specification's value.
    public init(
        attributeCountLimit: Int = 128,
        attributeValueLengthLimit: Int? = nil,
        eventCountLimit: Int = 128,
        linkCountLimit: Int = 128,
        attributePerEventCountLimit: Int = 128,
        attributePerLinkCountLimit: Int = 128
    ) {
        self.attributeCountLimit = max(attributeCountLimit, 0)
        self.attributeValueLengthLimit = attributeValueLengthLimit.map { max($0, 0) }
        self.eventCountLimit = max(eventCountLimit, 0)
        self.linkCountLimit = max(linkCountLimit, 0)
        self.attributePerEventCountLimit = max(attributePerEventCountLimit, 0)
        self.attributePerLinkCountLimit = max(attributePerLinkCountLimit, 0)
    }

    /// The limits the environment sets, the defaults elsewhere.
    ///
    /// `OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`, `OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`,
    /// `OTEL_SPAN_EVENT_COUNT_LIMIT`, `OTEL_SPAN_LINK_COUNT_LIMIT`,
    /// `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT` and `OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`; the general
    /// `OTEL_ATTRIBUTE_COUNT_LIMIT` and `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT` apply where the
    /// specific variable is unset. Invalid or negative values are reported and ignored.
    public init(environment: OtelEnvironment) {
        let generalCount = environment.nonNegativeInt("OTEL_ATTRIBUTE_COUNT_LIMIT")
        let generalLength = environment.nonNegativeInt("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT")
        self.init(
            attributeCountLimit: environment.nonNegativeInt("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT") ?? generalCount ?? 128,
            attributeValueLengthLimit: environment.nonNegativeInt("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT")
                ?? generalLength,
            eventCountLimit: environment.nonNegativeInt("OTEL_SPAN_EVENT_COUNT_LIMIT") ?? 128,
            linkCountLimit: environment.nonNegativeInt("OTEL_SPAN_LINK_COUNT_LIMIT") ?? 128,
            attributePerEventCountLimit: environment.nonNegativeInt("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT")
                ?? generalCount ?? 128,
            attributePerLinkCountLimit: environment.nonNegativeInt("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT")
                ?? generalCount ?? 128
        )
    }

    var spanAttributes: AttributeLimits {
        AttributeLimits(countLimit: attributeCountLimit, valueLengthLimit: attributeValueLengthLimit)
    }

    var eventAttributes: AttributeLimits {
        AttributeLimits(countLimit: attributePerEventCountLimit, valueLengthLimit: attributeValueLengthLimit)
    }

    var linkAttributes: AttributeLimits {
        AttributeLimits(countLimit: attributePerLinkCountLimit, valueLengthLimit: attributeValueLengthLimit)
    }
}
