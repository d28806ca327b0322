/// The outcome of handing one batch to an exporter.
///
/// Exporters are called on the SDK's background threads, never on the application's recording
/// path; they may block on I/O until the deadline they are given.
public enum ExportResult: Sendable, Hashable {
    /// The batch was delivered (or deliberately discarded by a test exporter).
    case success
    /// The batch was not delivered. `reason` is safe to log: it never holds secrets.
    case failure(reason: String)

    /// Whether the export succeeded.
    public var isSuccess: Bool { self == .success }
}

/// What a processor or reader delivered and what it lost, as reported by flush and shutdown.
///
/// `emitted == exported + dropped + pending` holds at any moment for the items one pipeline
/// accepted.
public struct DeliveryReport: Sendable, Hashable, CustomStringConvertible {
    /// Items handed to the exporter in batches that succeeded.
    public var exported: Int = 0
    /// Items dropped because the queue was full when they were recorded.
    public var droppedQueueFull: Int = 0
    /// Items in batches the exporter failed to deliver.
    public var droppedExportFailed: Int = 0
    /// Items still queued when shutdown's deadline passed, never sent.
    public var droppedAtShutdown: Int = 0
    /// Whether the operation finished before its deadline.
    public var completedInTime: Bool = true
    /// The last export failure's reason, if any.
    public var lastFailure: String?

    /// An empty report.
    public init() {}

    /// Every item that was lost, for any reason.
    public var dropped: Int { droppedQueueFull + droppedExportFailed + droppedAtShutdown }

    /// Adds `other`'s counts to this report.
    public mutating func add(_ other: DeliveryReport) {
        exported += other.exported
        droppedQueueFull += other.droppedQueueFull
        droppedExportFailed += other.droppedExportFailed
        droppedAtShutdown += other.droppedAtShutdown
        completedInTime = completedInTime && other.completedInTime
        lastFailure = other.lastFailure ?? lastFailure
    }

    /// A one-line summary.
    public var description: String {
        var text =
            "exported \(exported), dropped \(dropped) (queue full \(droppedQueueFull), export failed "
            + "\(droppedExportFailed), unsent at shutdown \(droppedAtShutdown))"
        if !completedInTime { text += ", deadline passed" }
        if let lastFailure { text += ", last failure: \(lastFailure)" }
        return text
    }
}
