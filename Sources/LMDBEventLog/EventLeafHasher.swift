import EventLog
import TransparencyLog

/// The tree leaf hash of stored events, read straight from their canonical bytes: the fields of
/// ``RecordedEvent/leafFields`` hashed from borrowed bytes, without decoding the event or
/// building strings. An event with non-ASCII text, or bytes that are not well formed, takes
/// the decoding path (`decode(…).leaf(saltKey:)`), so the hash is always that path's.
struct EventLeafHasher {
    private var hasher: LeafHasher
    private let saltKey: FieldSaltKey
    /// Reused buffer for the decimal and ISO 8601 renderings.
    private var scratch: [UInt8] = []

    init(saltKey: FieldSaltKey) {
        self.saltKey = saltKey
        hasher = LeafHasher(saltKey: saltKey)
        scratch.reserveCapacity(64)
    }

    /// The leaf hash of the stored event value (canonical bytes then the chain hash).
    mutating func leafHash(_ value: UnsafeRawBufferPointer, sequence: UInt64, _ store: LMDBEventStore) throws
        -> MerkleHash
    {
        if let canonical = StoreLayout.split(value)?.canonical, let hash = fastLeafHash(canonical, sequence: sequence) {
            return hash
        }
        return try store.decode(value, sequence: sequence).leaf(saltKey: saltKey).leaf.leafHash
    }

    /// The leaf hash from the canonical bytes, or nil to take the decoding path.
    private mutating func fastLeafHash(_ bytes: UnsafeRawBufferPointer, sequence: UInt64) -> MerkleHash? {
        // Header: version u8, sequence u64, stream version u32, schema version u16, two i64 times.
        guard bytes.count >= 31, bytes[0] == EventRecordCodec.encodingVersion else { return nil }
        func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
            T(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        guard load(UInt64.self, at: 1) == sequence else { return nil }
        var offset = 31
        /// The next u16-length string (empty when absent); nil when it runs past the end or is not ASCII.
        func string() -> UnsafeRawBufferPointer? {
            guard offset + 2 <= bytes.count else { return nil }
            let count = Int(load(UInt16.self, at: offset))
            guard offset + 2 + count <= bytes.count else { return nil }
            let range = UnsafeRawBufferPointer(rebasing: bytes[(offset + 2)..<(offset + 2 + count)])
            offset += 2 + count
            return Self.isASCII(range) ? range : nil
        }
        guard let stream = string(), !stream.isEmpty, let type = string(), let actor = string(),
            let correlation = string(), let causation = string(), let idempotency = string(),
            offset + 4 <= bytes.count
        else { return nil }
        let payloadCount = Int(load(UInt32.self, at: offset))
        guard offset + 4 + payloadCount == bytes.count else { return nil }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)...])
        guard Self.isASCII(payload) else { return nil }

        hasher.begin(sequence: sequence)
        add("stream", stream)
        addText("streamVersion") { $0.append(contentsOf: String(load(UInt32.self, at: 9)).utf8) }
        addText("schemaVersion") { $0.append(contentsOf: String(load(UInt16.self, at: 13)).utf8) }
        addText("occurredAt") { Timestamp(millisecondsSinceEpoch: load(Int64.self, at: 15)).appendISO8601(to: &$0) }
        addText("recordedAt") { Timestamp(millisecondsSinceEpoch: load(Int64.self, at: 23)).appendISO8601(to: &$0) }
        add("actor", actor)
        if !correlation.isEmpty { add("correlationID", correlation) }
        if !causation.isEmpty { add("causationID", causation) }
        if !idempotency.isEmpty { add("idempotencyKey", idempotency) }
        if let members = PayloadMembers.ranges(payload) {
            for member in members {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: "payload.".utf8)
                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[member.name]))
                let value = UnsafeRawBufferPointer(rebasing: payload[member.value])
                scratch.withUnsafeBytes { hasher.add(name: $0, value: value) }
            }
        } else {
            add("payload", payload)
        }
        return hasher.finish(eventType: type)
    }

    private mutating func add(_ name: StaticString, _ value: UnsafeRawBufferPointer) {
        hasher.add(name: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), value: value)
    }

    private mutating func addText(_ name: StaticString, _ render: (inout [UInt8]) -> Void) {
        scratch.removeAll(keepingCapacity: true)
        render(&scratch)
        let name = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        scratch.withUnsafeBytes { hasher.add(name: name, value: $0) }
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any < 0x80
    }
}
