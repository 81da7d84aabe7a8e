import Crypto

/// Events to append in one atomic write: all are stored, or none.
public struct AppendBatch: Sendable {
    /// The events, in the order they are to be stored.
    public var events: [ProposedEvent]
    /// Per-stream expectations; streams not listed accept any version.
    public var expectedVersions: [StreamName: ExpectedVersion]
    /// Makes the append safe to retry: a second append with the same key returns the
    /// first one's positions and writes nothing.
    public var idempotencyKey: String?
    /// The instant to record the events at instead of the clock, for events without their own
    /// ``ProposedEvent/recordedAt`` (the demo's simulated calendar). The store still never lets
    /// `recordedAt` go backwards: an earlier override is raised to the last recorded time.
    public var recordedAtOverride: Timestamp?
    /// Append only if the log's last sequence is this (0: empty), so the events land at the
    /// sequences they were planned for — an import's corrections may name earlier lines of the
    /// same batch by sequence. `nil`: wherever the log ends.
    public var expectedHead: UInt64?

    /// Creates a batch.
    public init(
        events: [ProposedEvent], expectedVersions: [StreamName: ExpectedVersion] = [:],
        idempotencyKey: String? = nil, recordedAtOverride: Timestamp? = nil, expectedHead: UInt64? = nil
    ) {
        self.events = events
        self.expectedVersions = expectedVersions
        self.idempotencyKey = idempotencyKey
        self.recordedAtOverride = recordedAtOverride
        self.expectedHead = expectedHead
    }

    /// SHA-256 over the batch's content (everything but positions and `recordedAt`), used to
    /// tell a true retry from a different batch reusing an idempotency key.
    public var contentDigest: EventHash {
        var hasher = SHA256()
        var writer = ByteWriter()
        writer.u32(UInt32(events.count))
        for event in events { EventRecordCodec.writeContent(of: event, to: &writer) }
        hasher.update(data: writer.bytes)
        return EventHash(hasher.finalize())
    }
}

/// Where one appended event landed.
public struct EventPosition: Hashable, Sendable, Codable {
    /// Global sequence number (1, 2, 3, … with no gaps).
    public var sequence: UInt64
    /// The event's stream.
    public var stream: StreamName
    /// Version within the stream (1, 2, 3, …).
    public var streamVersion: UInt32

    /// Creates a position.
    public init(sequence: UInt64, stream: StreamName, streamVersion: UInt32) {
        self.sequence = sequence
        self.stream = stream
        self.streamVersion = streamVersion
    }
}

/// The outcome of an append.
public struct AppendResult: Hashable, Sendable {
    /// One position per event, in batch order.
    public var positions: [EventPosition]
    /// True when the idempotency key had been used before and nothing new was written.
    public var wasAlreadyAppended: Bool

    /// Creates a result.
    public init(positions: [EventPosition], wasAlreadyAppended: Bool) {
        self.positions = positions
        self.wasAlreadyAppended = wasAlreadyAppended
    }

    /// The sequence numbers covered, or `nil` for an empty batch.
    public var sequenceRange: ClosedRange<UInt64>? {
        guard let first = positions.first, let last = positions.last else { return nil }
        return first.sequence...last.sequence
    }
}
