/// The canonical byte encoding of a recorded event: what is hashed into the chain and,
/// followed by the 32-byte hash, exactly what the LMDB store keeps as the event's value.
///
/// Layout, version 1 (all integers big-endian; strings are a u16 byte count then UTF-8,
/// with count 0 meaning absent; see `Docs/storage.md`):
///
/// | field | encoding |
/// |---|---|
/// | encoding version | u8 = 1 |
/// | sequence | u64 |
/// | stream version | u32 |
/// | schema version | u16 |
/// | occurredAt | i64 ms since epoch, UTC |
/// | recordedAt | i64 ms since epoch, UTC |
/// | stream, type, actor, correlationID, causationID, idempotencyKey | string each |
/// | payload | u32 byte count then the JSON bytes |
package enum EventRecordCodec {
    /// The only encoding version this build writes and reads.
    package static let encodingVersion: UInt8 = 1
    /// The largest payload accepted, in bytes (1 MiB).
    package static let maximumPayloadSize = 1 << 20
    /// The longest type, actor or id string accepted, in UTF-8 bytes.
    package static let maximumFieldLength = 200

    /// Why stored bytes could not be read back as an event.
    package enum DecodingFailure: Error, Equatable, Sendable {
        /// The value ended early.
        case truncated(at: Int)
        /// A string field is not UTF-8.
        case invalidUTF8(at: Int)
        /// The encoding version byte is not one this build knows.
        case unknownEncodingVersion(UInt8)
        /// The stream name stored is not a valid stream name.
        case invalidStreamName
        /// Bytes left over after the payload (other than the hash).
        case trailingBytes(Int)
    }

    /// The canonical encoding of an event at a given position.
    package static func canonicalBytes(
        of event: ProposedEvent, sequence: UInt64, streamVersion: UInt32, recordedAt: Timestamp,
        idempotencyKey: String?
    ) -> [UInt8] {
        let size = encodedSize(of: event, idempotencyKey: idempotencyKey)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            encode(
                event, sequence: sequence, streamVersion: streamVersion, recordedAt: recordedAt,
                idempotencyKey: idempotencyKey, into: UnsafeMutableRawBufferPointer(buffer))
            count = size
        }
    }

    /// The length of an event's canonical encoding.
    package static func encodedSize(of event: ProposedEvent, idempotencyKey: String?) -> Int {
        withUnsafePointer(to: event) { encodedSize(of: $0, idempotencyKey: idempotencyKey) }
    }

    /// ``encodedSize(of:idempotencyKey:)`` of an event read where it lies: an event passed by
    /// value from an array or buffer is copied first (a retain and release of each of its strings
    /// and its payload), its fields read through a pointer are not.
    package static func encodedSize(of event: UnsafePointer<ProposedEvent>, idempotencyKey: String?) -> Int {
        31 + 2 * 6 + 4 + event.pointee.stream.rawValue.utf8.count + event.pointee.type.utf8.count
            + event.pointee.actor.utf8.count + (event.pointee.correlationID?.utf8.count ?? 0)
            + (event.pointee.causationID?.utf8.count ?? 0) + (idempotencyKey?.utf8.count ?? 0)
            + event.pointee.payload.count
    }

    /// Writes the canonical encoding straight into `target`, which holds exactly
    /// ``encodedSize(of:idempotencyKey:)`` bytes (the store reserves them in its page).
    package static func encode(
        _ event: ProposedEvent, sequence: UInt64, streamVersion: UInt32, recordedAt: Timestamp,
        idempotencyKey: String?, into target: UnsafeMutableRawBufferPointer
    ) {
        withUnsafePointer(to: event) {
            encode(
                $0, sequence: sequence, streamVersion: streamVersion, recordedAt: recordedAt,
                idempotencyKey: idempotencyKey, into: target)
        }
    }

    /// ``encode(_:sequence:streamVersion:recordedAt:idempotencyKey:into:)`` of an event read
    /// where it lies (the store encodes a batch's events from their array without copying them).
    package static func encode(
        _ event: UnsafePointer<ProposedEvent>, sequence: UInt64, streamVersion: UInt32, recordedAt: Timestamp,
        idempotencyKey: String?, into target: UnsafeMutableRawBufferPointer
    ) {
        var w = UnsafeByteWriter(target)
        w.u8(encodingVersion)
        w.u64(sequence)
        w.u32(streamVersion)
        w.u16(event.pointee.schemaVersion)
        w.u64(UInt64(bitPattern: event.pointee.occurredAt.millisecondsSinceEpoch))
        w.u64(UInt64(bitPattern: recordedAt.millisecondsSinceEpoch))
        w.shortString(event.pointee.stream.rawValue)
        w.shortString(event.pointee.type)
        w.shortString(event.pointee.actor)
        w.shortString(event.pointee.correlationID)
        w.shortString(event.pointee.causationID)
        w.shortString(idempotencyKey)
        w.u32(UInt32(event.pointee.payload.count))
        event.pointee.payload.withUnsafeBytes { w.bytes($0) }
        precondition(w.offset == target.count, "canonical encoding size mismatch")
    }

    /// Writes big-endian integers and length-prefixed strings into a buffer sized in advance.
    struct UnsafeByteWriter {
        let base: UnsafeMutableRawBufferPointer
        var offset = 0
        init(_ base: UnsafeMutableRawBufferPointer) { self.base = base }
        mutating func u8(_ v: UInt8) {
            base[offset] = v
            offset += 1
        }
        mutating func u16(_ v: UInt16) { put(v.bigEndian) }
        mutating func u32(_ v: UInt32) { put(v.bigEndian) }
        mutating func u64(_ v: UInt64) { put(v.bigEndian) }
        private mutating func put<T: FixedWidthInteger>(_ v: T) {
            precondition(offset + MemoryLayout<T>.size <= base.count)
            base.storeBytes(of: v, toByteOffset: offset, as: T.self)
            offset += MemoryLayout<T>.size
        }
        mutating func shortString(_ s: String?) {
            guard let s else { return u16(0) }
            let utf8 = s.utf8
            u16(UInt16(utf8.count))
            // A native string's bytes are read in place; only a bridged one is copied first.
            if utf8.withContiguousStorageIfAvailable({ bytes(UnsafeRawBufferPointer($0)) }) == nil {
                var copy = s
                copy.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
            }
        }
        mutating func bytes(_ b: [UInt8]) { b.withUnsafeBytes { bytes($0) } }
        mutating func bytes(_ b: UnsafeRawBufferPointer) {
            guard b.count > 0 else { return }
            precondition(offset + b.count <= base.count)
            UnsafeMutableRawBufferPointer(rebasing: base[offset..<(offset + b.count)]).copyMemory(from: b)
            offset += b.count
        }
    }

    /// The canonical encoding of an already recorded event (for verification).
    package static func canonicalBytes(of event: RecordedEvent) -> [UInt8] {
        canonicalBytes(
            of: event.proposed, sequence: event.sequence, streamVersion: event.streamVersion,
            recordedAt: event.recordedAt, idempotencyKey: event.idempotencyKey)
    }

    /// The position-free content of an event, for batch digests.
    static func writeContent(of event: ProposedEvent, to w: inout ByteWriter) {
        w.u16(event.schemaVersion)
        w.i64(event.occurredAt.millisecondsSinceEpoch)
        w.shortString(event.stream.rawValue)
        w.shortString(event.type)
        w.shortString(event.actor)
        w.shortString(event.correlationID)
        w.shortString(event.causationID)
        w.longBytes(event.payload)
    }

    /// Decodes canonical bytes (without the trailing hash) into an event carrying `hash`.
    package static func decode(
        _ canonical: UnsafeRawBufferPointer, hash: EventHash
    ) throws(DecodingFailure) -> RecordedEvent {
        var r = ByteReader(canonical)
        let header = try readHeader(&r)
        guard let streamText = try r.shortString(), let stream = StreamName(streamText) else {
            throw .invalidStreamName
        }
        let type = try r.shortString() ?? ""
        let actor = try r.shortString() ?? ""
        let correlation = try r.shortString()
        let causation = try r.shortString()
        let idempotency = try r.shortString()
        let payload = [UInt8](try r.longBytes())
        guard r.remaining == 0 else { throw .trailingBytes(r.remaining) }
        return RecordedEvent(
            sequence: header.sequence, stream: stream, streamVersion: header.streamVersion, type: type,
            schemaVersion: header.schemaVersion, occurredAt: header.occurredAt, recordedAt: header.recordedAt,
            actor: actor, correlationID: correlation, causationID: causation, idempotencyKey: idempotency,
            payload: payload, hash: hash)
    }

    /// The fixed-size header of canonical bytes (the first 31 bytes): enough to filter by
    /// position and times before decoding anything else.
    package struct Routing {
        /// Global sequence.
        package var sequence: UInt64
        /// Stream version.
        package var streamVersion: UInt32
        /// The payload schema version.
        package var schemaVersion: UInt16
        /// Valid time.
        package var occurredAt: Timestamp
        /// Transaction time.
        package var recordedAt: Timestamp
    }

    /// The fields the indexes are built from, read without copying the payload or the ids.
    package struct IndexFields {
        /// Global sequence.
        package var sequence: UInt64
        /// Stream version.
        package var streamVersion: UInt32
        /// Transaction time.
        package var recordedAt: Timestamp
        /// The stream name.
        package var stream: String
        /// The event type.
        package var type: String
    }

    /// The stream version, stream name and type of canonical bytes, borrowed from the buffer:
    /// enough to match an event against a stream or a set of types without allocating.
    package struct RoutingNames {
        /// Stream version.
        package var streamVersion: UInt32
        /// The stream name's UTF-8 bytes.
        package var stream: UnsafeRawBufferPointer
        /// The event type's UTF-8 bytes.
        package var type: UnsafeRawBufferPointer
    }

    /// Reads the fixed-size header (the first 31 bytes).
    package static func routing(_ canonical: UnsafeRawBufferPointer) throws(DecodingFailure) -> Routing {
        var r = ByteReader(canonical)
        return try readHeader(&r)
    }

    /// Reads the stream version, stream and type without copying them.
    package static func routingNames(_ canonical: UnsafeRawBufferPointer) throws(DecodingFailure) -> RoutingNames {
        var r = ByteReader(canonical)
        let header = try readHeader(&r)
        let stream = try r.shortStringBytes()
        let type = try r.shortStringBytes()
        return RoutingNames(streamVersion: header.streamVersion, stream: stream, type: type)
    }

    /// Reads sequence, version, `recordedAt`, stream and type, and checks the rest is well formed.
    package static func indexFields(_ canonical: UnsafeRawBufferPointer) throws(DecodingFailure) -> IndexFields {
        var r = ByteReader(canonical)
        let header = try readHeader(&r)
        guard let stream = try r.shortString(), StreamName.isValid(stream) else { throw .invalidStreamName }
        let type = try r.shortString() ?? ""
        for _ in 0..<4 { try r.skipShortString() }
        _ = try r.longBytes()
        guard r.remaining == 0 else { throw .trailingBytes(r.remaining) }
        return IndexFields(
            sequence: header.sequence, streamVersion: header.streamVersion, recordedAt: header.recordedAt,
            stream: stream, type: type)
    }

    /// The one reader of the header every decoder above starts with: checks the encoding
    /// version, then reads the fixed-size fields in one bounds check (the read path calls this
    /// once per event scanned), leaving `r` at the stream name.
    private static func readHeader(_ r: inout ByteReader) throws(DecodingFailure) -> Routing {
        let version = try r.u8()
        guard version == encodingVersion else { throw .unknownEncodingVersion(version) }
        let fields = try r.take(8 + 4 + 2 + 8 + 8)
        func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
            T(bigEndian: fields.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        return Routing(
            sequence: load(UInt64.self, at: 0), streamVersion: load(UInt32.self, at: 8),
            schemaVersion: load(UInt16.self, at: 12),
            occurredAt: Timestamp(millisecondsSinceEpoch: load(Int64.self, at: 14)),
            recordedAt: Timestamp(millisecondsSinceEpoch: load(Int64.self, at: 22)))
    }

    /// Checks a proposed event against the size limits; returns a reason when it breaks one.
    /// The event is read through a pointer, never copied.
    package static func limitViolation(in event: UnsafePointer<ProposedEvent>) -> String? {
        let payloadCount = event.pointee.payload.count
        if payloadCount > maximumPayloadSize {
            return "payload is \(payloadCount) bytes; the limit is \(maximumPayloadSize)"
        }
        if event.pointee.type.isEmpty { return "type is empty" }
        if event.pointee.actor.isEmpty { return "actor is empty" }
        if event.pointee.type.utf8.count > maximumFieldLength {
            return "type is longer than \(maximumFieldLength) bytes"
        }
        if event.pointee.actor.utf8.count > maximumFieldLength {
            return "actor is longer than \(maximumFieldLength) bytes"
        }
        if (event.pointee.correlationID?.utf8.count ?? 0) > maximumFieldLength {
            return "correlationID is longer than \(maximumFieldLength) bytes"
        }
        if (event.pointee.causationID?.utf8.count ?? 0) > maximumFieldLength {
            return "causationID is longer than \(maximumFieldLength) bytes"
        }
        return nil
    }
}
