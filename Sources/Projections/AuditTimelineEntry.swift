import CareRecord
import EventLog

/// One event in a stream's history, with the corrections that changed it.
public struct AuditTimelineEntry: Hashable, Sendable {
    /// Global sequence number.
    public var sequence: UInt64
    /// Version within the stream.
    public var streamVersion: UInt32
    /// The stream.
    public var stream: StreamName
    /// The event type.
    public var type: String
    /// When it happened (valid time).
    public var occurredAt: Timestamp
    /// When the log learned it (transaction time).
    public var recordedAt: Timestamp
    /// Who recorded it.
    public var actor: String
    /// Payload summary without free text.
    public var summary: [AuditField]
    /// For a correction: the sequence of the entry it voids or corrects.
    public var corrects: UInt64?
    /// Whether the entry stands, as known at the cut.
    public var status: AuditEntryStatus
    /// The corrections of this entry, in log order.
    public var corrections: [AuditCorrectionNote]

    /// Creates an entry.
    public init(
        sequence: UInt64, streamVersion: UInt32, stream: StreamName, type: String, occurredAt: Timestamp,
        recordedAt: Timestamp, actor: String, summary: [AuditField], corrects: UInt64?, status: AuditEntryStatus,
        corrections: [AuditCorrectionNote]
    ) {
        self.sequence = sequence
        self.streamVersion = streamVersion
        self.stream = stream
        self.type = type
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.summary = summary
        self.corrects = corrects
        self.status = status
        self.corrections = corrections
    }

    /// An entry for one recorded event (no corrections yet); `event` nil when it cannot be decoded.
    public init(recorded: RecordedEvent, event: CareEvent?) {
        var corrects: UInt64?
        switch event {
        case .entryVoided(let v)?: corrects = v.sequence
        case .entryCorrected(let c)?: corrects = c.sequence
        default: corrects = nil
        }
        self.init(
            sequence: recorded.sequence, streamVersion: recorded.streamVersion, stream: recorded.stream,
            type: recorded.type,
            occurredAt: recorded.occurredAt, recordedAt: recorded.recordedAt, actor: recorded.actor,
            summary: event.map(PayloadSummary.fields(of:)) ?? [AuditField("payload", "‹not readable by this build›")],
            corrects: corrects, status: .standing, corrections: [])
    }
}
