/// An event as stored in the log: the caller's facts plus its position, `recordedAt` and hash.
public struct RecordedEvent: Hashable, Sendable {
    /// Global sequence number: 1, 2, 3, … with no gaps.
    public var sequence: UInt64
    /// The stream it belongs to.
    public var stream: StreamName
    /// Version within its stream: 1, 2, 3, …
    public var streamVersion: UInt32
    /// The event type, e.g. `ReviewHeld`.
    public var type: String
    /// The payload schema version for this type.
    public var schemaVersion: UInt16
    /// When it happened in the care world (valid time).
    public var occurredAt: Timestamp
    /// When the log learned it (transaction time); never decreases along the log.
    public var recordedAt: Timestamp
    /// Who recorded it.
    public var actor: String
    /// Optional correlation id.
    public var correlationID: String?
    /// Optional causation id.
    public var causationID: String?
    /// The idempotency key of the batch that appended it, if any.
    public var idempotencyKey: String?
    /// The payload, UTF-8 JSON.
    public var payload: [UInt8]
    /// SHA-256 over the previous event's hash and this event's canonical encoding.
    public var hash: EventHash

    /// Creates a recorded event (stores and tests build these; callers read them).
    public init(
        sequence: UInt64, stream: StreamName, streamVersion: UInt32, type: String,
        schemaVersion: UInt16, occurredAt: Timestamp, recordedAt: Timestamp, actor: String,
        correlationID: String?, causationID: String?, idempotencyKey: String?, payload: [UInt8],
        hash: EventHash
    ) {
        self.sequence = sequence
        self.stream = stream
        self.streamVersion = streamVersion
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actor = actor
        self.correlationID = correlationID
        self.causationID = causationID
        self.idempotencyKey = idempotencyKey
        self.payload = payload
        self.hash = hash
    }

    /// The caller-supplied part of this event.
    public var proposed: ProposedEvent {
        ProposedEvent(
            stream: stream, type: type, schemaVersion: schemaVersion, occurredAt: occurredAt,
            actor: actor, correlationID: correlationID, causationID: causationID, payload: payload)
    }

    /// Where it is in the log.
    public var position: EventPosition {
        EventPosition(sequence: sequence, stream: stream, streamVersion: streamVersion)
    }
}
