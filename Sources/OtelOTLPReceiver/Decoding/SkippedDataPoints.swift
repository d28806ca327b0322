/// Metric data points a request carried that the SDK model cannot hold, and why: summary
/// metrics (the model has no summary) and number points without a value. Reported back to the
/// sender as a partial success rather than failing the whole request.
struct SkippedDataPoints: Sendable, Hashable {
    static let summaryReason = "summary metrics are not supported"
    static let noValueReason = "number data points without a value are not supported"

    /// How many points were left out.
    private(set) var count = 0
    /// The distinct reasons, in the order first seen.
    private(set) var reasons: [String] = []

    mutating func add(_ points: Int, reason: String) {
        guard points > 0 else { return }
        count += points
        if !reasons.contains(reason) { reasons.append(reason) }
    }

    /// The reasons as one message, empty when nothing was skipped.
    var message: String { reasons.joined(separator: "; ") }
}
