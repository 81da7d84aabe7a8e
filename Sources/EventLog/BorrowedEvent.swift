/// A stored event read in place: its fixed fields decoded, its strings and payload borrowed from
/// the stored bytes (an LMDB value inside a read transaction) without a copy or an allocation.
///
/// Valid only while the bytes it points into are: for ``BorrowedEventReading``, until the read
/// that handed it out returns. ``recorded()`` copies it out into a ``RecordedEvent``; the two
/// agree field for field (a differential test checks every event type).
package struct BorrowedEvent: @unchecked Sendable {
    // @unchecked: the buffers are read-only views of bytes that the reader keeps alive and
    // unchanged (an LMDB read transaction's snapshot) until every user has finished with them.

    /// Global sequence number.
    package let sequence: UInt64
    /// Version within its stream.
    package let streamVersion: UInt32
    /// The payload schema version.
    package let schemaVersion: UInt16
    /// Valid time.
    package let occurredAt: Timestamp
    /// Transaction time.
    package let recordedAt: Timestamp
    /// The stored value: the canonical bytes, then the 32-byte hash.
    private let value: UnsafeRawBufferPointer
    /// Where the payload's bytes start in ``value``, and how many there are.
    private let payloadStart: UInt32
    private let payloadCount: UInt32

    // The six strings are found again from their length prefixes when asked for, not held as
    // nine buffer pointers: an event is moved several times between the read and its decoding
    // (through closures, into a batch), and at 170 bytes those moves were a sixth of the
    // reading thread's time in a replay.

    /// The stream name's UTF-8 bytes.
    package var stream: UnsafeRawBufferPointer { shortString(0) }
    /// The event type's UTF-8 bytes.
    package var type: UnsafeRawBufferPointer { shortString(1) }
    /// The actor's UTF-8 bytes.
    package var actor: UnsafeRawBufferPointer { shortString(2) }
    /// The correlation id's bytes (empty: absent).
    package var correlationID: UnsafeRawBufferPointer { shortString(3) }
    /// The causation id's bytes (empty: absent).
    package var causationID: UnsafeRawBufferPointer { shortString(4) }
    /// The idempotency key's bytes (empty: absent).
    package var idempotencyKey: UnsafeRawBufferPointer { shortString(5) }
    /// The payload, UTF-8 JSON.
    package var payload: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: value[Int(payloadStart)..<Int(payloadStart + payloadCount)])
    }
    /// The 32 bytes of the event's chain hash.
    package var hash: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: value[(value.count - 32)...]) }

    /// Where the first of the six strings' length prefixes is: after the encoding version and
    /// the fixed fields.
    private static let stringsStart = 1 + 8 + 4 + 2 + 8 + 8

    /// The bytes of the string at `index` (0: the stream … 5: the idempotency key), found by
    /// stepping over the length-prefixed strings before it; the initialiser checked that they
    /// all lie within the value.
    @inline(__always)
    private func shortString(_ index: Int) -> UnsafeRawBufferPointer {
        var offset = Self.stringsStart
        var remaining = index
        while true {
            let length = Int(value[offset]) << 8 | Int(value[offset + 1])
            if remaining == 0 { return UnsafeRawBufferPointer(rebasing: value[(offset + 2)..<(offset + 2 + length)]) }
            offset += 2 + length
            remaining -= 1
        }
    }

    /// Reads canonical bytes (``EventRecordCodec``) followed by the 32-byte hash, as a store
    /// keeps them, checking the layout as ``EventRecordCodec/decode(_:hash:)`` does.
    package init(stored value: UnsafeRawBufferPointer) throws(EventRecordCodec.DecodingFailure) {
        guard value.count > 32 else { throw .truncated(at: value.count) }
        let canonical = UnsafeRawBufferPointer(rebasing: value[..<(value.count - 32)])
        var r = ByteReader(canonical)
        let version = try r.u8()
        guard version == EventRecordCodec.encodingVersion else { throw .unknownEncodingVersion(version) }
        let fields = try r.take(8 + 4 + 2 + 8 + 8)
        func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
            T(bigEndian: fields.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        sequence = load(UInt64.self, at: 0)
        streamVersion = load(UInt32.self, at: 8)
        schemaVersion = load(UInt16.self, at: 12)
        occurredAt = Timestamp(millisecondsSinceEpoch: load(Int64.self, at: 14))
        recordedAt = Timestamp(millisecondsSinceEpoch: load(Int64.self, at: 22))
        // The stream, type, actor, correlation, causation and idempotency strings: checked to
        // lie within the value here, found again when asked for.
        for _ in 0..<6 { _ = try r.shortStringBytes() }
        let payload = try r.longBytes()
        guard r.remaining == 0 else { throw .trailingBytes(r.remaining) }
        self.value = value
        payloadStart = UInt32(r.offset - payload.count)
        payloadCount = UInt32(payload.count)
    }

    /// The event copied out into an envelope: the same value ``EventRecordCodec/decode(_:hash:)``
    /// gives for the same bytes.
    package func recorded() throws(EventRecordCodec.DecodingFailure) -> RecordedEvent {
        try envelope(type: Self.string(type) ?? "", payload: Array(payload))
    }

    /// The envelope with `type` (this event's type, already read from ``type``) and `payload` in
    /// place of the stored one: what a fold is handed once the payload has been decoded
    /// (``recorded()`` passes the stored bytes).
    package func envelope(type: String, payload: [UInt8]) throws(EventRecordCodec.DecodingFailure) -> RecordedEvent {
        guard let stream = StreamName(validating: stream) else { throw .invalidStreamName }
        return RecordedEvent(
            sequence: sequence, stream: stream, streamVersion: streamVersion,
            type: type, schemaVersion: schemaVersion, occurredAt: occurredAt,
            recordedAt: recordedAt, actor: try Self.string(actor) ?? "", correlationID: try Self.string(correlationID),
            causationID: try Self.string(causationID), idempotencyKey: try Self.string(idempotencyKey),
            payload: payload, hash: EventHash(uncheckedCopying: hash))
    }

    /// The envelope of a reader that looks only at the event's position, stream, type, schema
    /// version and instants: the actor is "", the correlation, causation and idempotency ids
    /// nil, the payload empty and the hash all zeros (no `String` or array built for them).
    package func positionEnvelope(type: String) throws(EventRecordCodec.DecodingFailure) -> RecordedEvent {
        guard let stream = StreamName(validating: stream) else { throw .invalidStreamName }
        return RecordedEvent(
            sequence: sequence, stream: stream, streamVersion: streamVersion,
            type: type, schemaVersion: schemaVersion, occurredAt: occurredAt,
            recordedAt: recordedAt, actor: "", correlationID: nil, causationID: nil, idempotencyKey: nil,
            payload: [], hash: Self.unreadHash)
    }

    /// The hash of a ``positionEnvelope(type:)``: never read.
    private static let unreadHash = EventHash.genesis

    /// A borrowed string field as a `String`; nil when empty (absent), as the codec reads it.
    package static func string(_ bytes: UnsafeRawBufferPointer) throws(EventRecordCodec.DecodingFailure) -> String? {
        if bytes.isEmpty { return nil }
        guard let text = String(checkedUTF8: bytes) else { throw .invalidUTF8(at: 0) }
        return text
    }
}

/// A store that can hand out its events in place (``BorrowedEvent``) instead of copying each
/// into a ``RecordedEvent``: what the projection runner reads when the store offers it.
package protocol BorrowedEventReading {
    /// Visits the events `selection` picks (a selection by types or of the whole log, forward),
    /// in log order, each borrowed from the store; then calls `end` while the borrowed bytes are
    /// still valid (they are not after this returns): `end(true)` after the last event, or
    /// `end(false)` when the read fails (the error is then rethrown, and what `end` throws is
    /// ignored), so whoever still works on borrowed bytes can finish first.
    func readBorrowed(
        _ selection: EventSelection, _ visit: (BorrowedEvent) throws -> Void, end: (_ completed: Bool) throws -> Void
    ) throws
}
