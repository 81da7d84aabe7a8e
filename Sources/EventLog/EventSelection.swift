/// A point in the log's history (transaction time): "what did the record say then?".
public enum KnownAt: Hashable, Sendable, CustomStringConvertible {
    /// Everything appended so far.
    case head
    /// Events up to and including this sequence number.
    case sequence(UInt64)
    /// Events recorded at or before this instant.
    case recordedAt(Timestamp)

    /// `head`, `sequence N`, or `recorded at <instant>`.
    public var description: String {
        switch self {
        case .head: return "head"
        case .sequence(let s): return "sequence \(s)"
        case .recordedAt(let t): return "recorded at \(t.iso8601)"
        }
    }
}

/// Which events a read visits, and in which order.
///
/// Every filter narrows the one before it: a stream (from a version), a set of types
/// (read through the type index), a transaction-time cut (`knownAt`), a valid-time window
/// (`occurredAt` in `occurredFrom..<occurredBefore`), a starting sequence and a limit.
public struct EventSelection: Hashable, Sendable {
    /// Reading order along the global sequence.
    public enum Direction: Hashable, Sendable { case forward, backward }

    /// Forward (oldest first) or backward (newest first).
    public var direction: Direction = .forward
    /// First sequence visited (forward: at or after it; backward: at or before it).
    public var fromSequence: UInt64?
    /// Only this stream.
    public var stream: StreamName?
    /// With `stream`: only versions at or after this one (forward) or at or before (backward).
    public var fromStreamVersion: UInt32?
    /// Only these event types; `nil` means every type.
    public var types: Set<String>?
    /// The transaction-time cut.
    public var knownAt: KnownAt = .head
    /// Valid time: only events whose `occurredAt` is at or after this.
    public var occurredFrom: Timestamp?
    /// Valid time: only events whose `occurredAt` is before this.
    public var occurredBefore: Timestamp?
    /// At most this many events.
    public var limit: Int?

    /// Every event, oldest first.
    public init() {}

    /// Every event of one stream, oldest first.
    public static func stream(_ stream: StreamName, fromVersion: UInt32? = nil) -> EventSelection {
        var selection = EventSelection()
        selection.stream = stream
        selection.fromStreamVersion = fromVersion
        return selection
    }

    /// Every event of the given types, in log order.
    public static func types(_ types: Set<String>) -> EventSelection {
        var selection = EventSelection()
        selection.types = types
        return selection
    }

    /// The same selection cut at `knownAt`.
    public func known(at point: KnownAt) -> EventSelection {
        var copy = self
        copy.knownAt = point
        return copy
    }

    /// Whether an event's valid time falls in the window.
    package func admitsOccurredAt(_ t: Timestamp) -> Bool {
        if let from = occurredFrom, t < from { return false }
        if let before = occurredBefore, t >= before { return false }
        return true
    }
}
