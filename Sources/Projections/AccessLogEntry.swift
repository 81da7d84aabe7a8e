import CareRecord
import EventLog

/// One recorded read (or refusal) in the access report: the `RecordAccessed` fact and where it is in the log.
public struct AccessLogEntry: Hashable, Sendable {
    /// Its global sequence number.
    public var sequence: UInt64
    /// When the request was made (the event's `occurredAt`).
    public var occurredAt: Timestamp
    /// The recorded fact.
    public var read: RecordAccessed

    /// Creates an entry.
    public init(sequence: UInt64, occurredAt: Timestamp, read: RecordAccessed) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.read = read
    }

    /// Whether the entry is flagged for the auditor: a refusal or a break-glass read.
    public var isFlagged: Bool { read.outcome == .refused || read.breakGlass }
}
