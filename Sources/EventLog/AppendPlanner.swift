/// The rules of an append, shared by every store so that they behave identically:
/// limits, expected versions, positions, `recordedAt` and the chain.
public enum AppendPlanner {
    /// The longest idempotency key accepted, in UTF-8 bytes.
    public static let maximumIdempotencyKeyLength = 200

    /// One event with its position, its canonical bytes and its chain hash.
    public struct PlannedEvent: Sendable {
        /// The event as it will read back.
        public var recorded: RecordedEvent
        /// Its canonical encoding (what is hashed and stored).
        public var canonical: [UInt8]
    }

    /// Checks what can be checked without the store: limits and key lengths.
    public static func check(_ batch: AppendBatch) throws(EventStoreError) {
        // Read through a pointer: passing `events[index]` copies the event (a retain and a
        // release of each of its strings and its payload), even from a buffer pointer.
        let violation = batch.events.withUnsafeBufferPointer { events -> (Int, String)? in
            guard let first = events.baseAddress else { return nil }
            for index in events.indices {
                if let reason = EventRecordCodec.limitViolation(in: first + index) { return (index, reason) }
            }
            return nil
        }
        if let (index, reason) = violation { throw .invalidEvent(index: index, reason: reason) }
        if let key = batch.idempotencyKey {
            if key.isEmpty || key.utf8.count > maximumIdempotencyKeyLength {
                throw .invalidEvent(
                    index: 0, reason: "idempotency key must be 1 to \(maximumIdempotencyKeyLength) bytes")
            }
        }
    }

    /// The `recordedAt` for a batch: the clock (or the migration override), never earlier
    /// than the last recorded event.
    public static func recordedAt(clock: Timestamp, override: Timestamp?, last: Timestamp?) -> Timestamp {
        let proposed = override ?? clock
        guard let last else { return proposed }
        return max(proposed, last)
    }

    /// How far after the clock an event's own `recordedAt` may lie: 5 minutes of clock skew.
    public static let recordedAtSkewMilliseconds: Int64 = 5 * 60 * 1000

    /// The `recordedAt` of one event of a batch: its own (migration), which must not be earlier
    /// than `previous` (the event before it) nor later than `clock` plus
    /// ``recordedAtSkewMilliseconds`` — or else the batch's.
    ///
    /// - Throws: ``EventStoreError/invalidEvent(index:reason:)`` for an own time out of order or
    ///   in the future, so one bad time can never drag every later append into the future.
    public static func recordedAt(
        of event: borrowing ProposedEvent, index: Int, batch: Timestamp, previous: Timestamp?, clock: Timestamp
    ) throws(EventStoreError) -> Timestamp {
        guard let own = event.recordedAt else { return batch }
        if let previous, own < previous {
            throw .invalidEvent(
                index: index,
                reason: "recordedAt is earlier than the event recorded before it; recordedAt never decreases")
        }
        if own.millisecondsSinceEpoch > clock.millisecondsSinceEpoch + recordedAtSkewMilliseconds {
            throw .invalidEvent(index: index, reason: "recordedAt lies in the future")
        }
        return own
    }

    /// Assigns positions and hashes, checking expected versions first.
    ///
    /// - Parameters:
    ///   - recordedAt: the batch's time of recording, for events without their own.
    ///   - previousRecordedAt: the last recorded event's `recordedAt`.
    ///   - clock: the store's clock, the limit (plus skew) for an event's own `recordedAt`.
    ///   - currentVersion: the stream's last version in the store (0 when it has none).
    /// - Throws: ``EventStoreError/conflict(stream:expected:actual:)`` before anything is planned,
    ///   or ``EventStoreError/invalidEvent(index:reason:)`` for an event's own decreasing `recordedAt`.
    public static func plan(
        _ batch: AppendBatch, firstSequence: UInt64, previousHash: EventHash, recordedAt: Timestamp,
        previousRecordedAt: Timestamp? = nil, clock: Timestamp? = nil,
        currentVersion: (StreamName) throws(EventStoreError) -> UInt32
    ) throws(EventStoreError) -> [PlannedEvent] {
        let versions = try streamVersions(batch, currentVersion: currentVersion)
        var planned: [PlannedEvent] = []
        planned.reserveCapacity(batch.events.count)
        var hash = previousHash
        var sequence = firstSequence
        var previous = previousRecordedAt
        for (index, (event, version)) in zip(batch.events, versions).enumerated() {
            let recordedAt = try Self.recordedAt(
                of: event, index: index, batch: recordedAt, previous: previous, clock: clock ?? recordedAt)
            previous = recordedAt
            let canonical = EventRecordCodec.canonicalBytes(
                of: event, sequence: sequence, streamVersion: version, recordedAt: recordedAt,
                idempotencyKey: batch.idempotencyKey)
            hash = EventHash.chained(previous: hash, canonical: canonical)
            let recorded = RecordedEvent(
                sequence: sequence, stream: event.stream, streamVersion: version, type: event.type,
                schemaVersion: event.schemaVersion, occurredAt: event.occurredAt, recordedAt: recordedAt,
                actor: event.actor, correlationID: event.correlationID, causationID: event.causationID,
                idempotencyKey: batch.idempotencyKey, payload: event.payload, hash: hash)
            planned.append(PlannedEvent(recorded: recorded, canonical: canonical))
            sequence += 1
        }
        return planned
    }

    /// The stream version each event of the batch gets, checking expected versions first.
    /// Stores that encode events straight into their pages use this and
    /// ``EventRecordCodec/encode(_:sequence:streamVersion:recordedAt:idempotencyKey:into:)``
    /// instead of ``plan(_:firstSequence:previousHash:recordedAt:currentVersion:)``.
    ///
    /// - Throws: ``EventStoreError/conflict(stream:expected:actual:)`` before anything is planned.
    public static func streamVersions(
        _ batch: AppendBatch, currentVersion: (StreamName) throws(EventStoreError) -> UInt32
    ) throws(EventStoreError) -> [UInt32] {
        // `nil`: a stream not yet read (one hash finds or makes its slot, and changes it in place).
        var versions: [StreamName: UInt32?] = [:]
        // Sized for a batch of distinct streams at once: growing it rehashes every name again.
        versions.reserveCapacity(batch.events.count)
        for (stream, expected) in batch.expectedVersions.sorted(by: { $0.key < $1.key }) {
            let actual = try currentVersion(stream)
            guard expected.isSatisfied(byCurrentVersion: actual) else {
                throw .conflict(stream: stream, expected: expected, actual: actual)
            }
            versions[stream] = actual
        }
        var assigned: [UInt32] = []
        assigned.reserveCapacity(batch.events.count)
        for index in batch.events.indices {
            let stream = batch.events[index].stream
            // Each event's stream is hashed once: its slot is found (or made) and changed in place.
            let version = try advance(&versions[stream, default: nil]) { () throws(EventStoreError) -> UInt32 in
                try currentVersion(stream)
            }
            assigned.append(version)
        }
        return assigned
    }

    /// The version after the one in `slot` (read with `current` when the slot is empty), kept in it.
    private static func advance(
        _ slot: inout UInt32?, current: () throws(EventStoreError) -> UInt32
    ) throws(EventStoreError) -> UInt32 {
        let version: UInt32
        if let last = slot { version = last + 1 } else { version = try current() + 1 }
        slot = version
        return version
    }
}
