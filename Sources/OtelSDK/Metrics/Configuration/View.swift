import OtelAPI

/// Reshapes the streams of the instruments it selects: renames them, changes their description
/// or aggregation, keeps only some attribute keys, limits their cardinality, or drops them.
///
/// An instrument that no view selects gets its default stream; one selected by several views
/// gets a stream per view.
///
/// ```swift
/// let views = [
///     View(instrumentName: "codex.api_request.duration_ms",
///          aggregation: .explicitBucketHistogram(boundaries: [0, 100, 1000])),
///     View(instrumentName: "codex.turn.*", attributeKeys: ["model"]),
///     View.drop(instrumentName: "codex.debug.*"),
/// ]
/// ```
public struct View: Sendable, Hashable {
    /// The instrument name to select: exact (case-insensitive), or a pattern in which `*` matches
    /// any run of characters and `?` one character. `nil` selects any name.
    public var instrumentName: String?
    /// The instrument kind to select; `nil` selects any kind.
    public var instrumentKind: InstrumentKind?
    /// The meter (instrumentation scope) name to select, exactly; `nil` selects any meter.
    public var meterName: String?
    /// The stream's name instead of the instrument's. Only valid when the view selects one
    /// instrument name exactly.
    public var name: String?
    /// The stream's description instead of the instrument's.
    public var description: String?
    /// The stream's aggregation; `nil` keeps the kind's default.
    public var aggregation: Aggregation?
    /// The attribute keys kept; `nil` keeps all.
    public var attributeKeys: [String]?
    /// The most series the stream keeps before it records into the overflow series; `nil`
    /// uses the provider's limit.
    public var cardinalityLimit: Int?

    /// Creates a view.
    public init(
        instrumentName: String? = nil,
        instrumentKind: InstrumentKind? = nil,
        meterName: String? = nil,
        name: String? = nil,
        description: String? = nil,
        aggregation: Aggregation? = nil,
        attributeKeys: [String]? = nil,
        cardinalityLimit: Int? = nil
    ) {
        self.instrumentName = instrumentName
        self.instrumentKind = instrumentKind
        self.meterName = meterName
        self.name = name
        self.description = description
        self.aggregation = aggregation
        self.attributeKeys = attributeKeys
        self.cardinalityLimit = cardinalityLimit
    }

    /// A view that drops the instruments it selects.
    public static func drop(instrumentName: String? = nil, instrumentKind: InstrumentKind? = nil) -> View {
        View(instrumentName: instrumentName, instrumentKind: instrumentKind, aggregation: .drop)
    }

    /// Why the view cannot be used, or `nil`.
    var problem: String? {
        if let name, name.isEmpty { return "a view's stream name must not be empty" }
        if name != nil, instrumentName.map(Self.isPattern) ?? true {
            return "a view that renames its stream (to \(name ?? "")) must select one instrument name exactly, "
                + "without * or ? (it selects \(instrumentName ?? "every instrument"))"
        }
        if let cardinalityLimit, cardinalityLimit < 1 {
            return "a view's cardinality limit must be at least 1 (got \(cardinalityLimit))"
        }
        if case .explicitBucketHistogram(let boundaries?) = aggregation?.kind,
            let problem = BucketBounds.problem(with: boundaries)
        {
            return "invalid histogram boundaries in a view: \(problem)"
        }
        return nil
    }

    /// Whether the view selects an instrument of `descriptor` in the meter named `meterName`.
    func selects(_ descriptor: InstrumentDescriptor, meterName scope: String) -> Bool {
        if let instrumentKind, instrumentKind != descriptor.kind { return false }
        if let meterName, meterName != scope { return false }
        if let instrumentName, !Self.wildcardMatch(pattern: instrumentName, descriptor.name) { return false }
        return true
    }

    static func isPattern(_ text: String) -> Bool { text.contains("*") || text.contains("?") }

    /// Matches `text` against `pattern` (`*` any run, `?` one character), ignoring ASCII case.
    static func wildcardMatch(pattern: String, _ text: String) -> Bool {
        let pattern = Array(pattern.lowercased().unicodeScalars)
        let text = Array(text.lowercased().unicodeScalars)
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
