import EventLog
import TransparencyLog

/// The tree leaf hash of stored events, read straight from their canonical bytes: the fields of
/// ``RecordedEvent/leafFields`` hashed from borrowed bytes, without decoding the event or
/// building strings. An event with non-ASCII text, or bytes that are not well formed, takes
/// the decoding path (`decode(…).leaf(saltKey:version:slots:)`), so the hash is always that
/// path's. Events from `leafV2From` on get v2 leaves, with the pseudonym slot fields
/// (``RecordedEvent/slotFields(_:)``), their values kept per id.
struct EventLeafHasher {
    private var hasher: LeafHasher
    private let saltKey: FieldSaltKey
    /// The slot field values (nil when the store has no v2 leaves).
    private var slots: PseudonymSlots?
    /// The first sequence with a v2 leaf (nil: none).
    private let leafV2From: UInt64?
    /// Reused buffer for the decimal and ISO 8601 renderings.
    private var scratch: [UInt8] = []

    /// A hasher for leaves of version 1 before `leafV2From` and 2 from it; v2 leaves need `pseudonymRoot`.
    init(saltKey: FieldSaltKey, pseudonymRoot: PseudonymRootKey? = nil, leafV2From: UInt64? = nil) {
        self.saltKey = saltKey
        slots = pseudonymRoot.map(PseudonymSlots.init(root:))
        self.leafV2From = leafV2From
        hasher = LeafHasher(saltKey: saltKey)
        scratch.reserveCapacity(64)
    }

    /// The leaf hash of the stored event value (canonical bytes then the chain hash).
    mutating func leafHash(_ value: UnsafeRawBufferPointer, sequence: UInt64, _ store: LMDBEventStore) throws
        -> MerkleHash
    {
        let version = leafV2From.map { sequence >= $0 ? 2 : 1 } ?? 1
        guard version == 1 || slots != nil else {
            throw EventStoreError.corrupted(detail: "the leaf of event \(sequence) needs the pseudonym root key")
        }
        if let canonical = StoreLayout.split(value)?.canonical,
            let hash = fastLeafHash(canonical, sequence: sequence, version: version)
        {
            return hash
        }
        return try store.decode(value, sequence: sequence).leaf(saltKey: saltKey, version: version, slots: &slots).leaf
            .leafHash
    }

    /// The leaf hash from the canonical bytes, or nil to take the decoding path.
    private mutating func fastLeafHash(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, version: Int) -> MerkleHash? {
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

        hasher.begin(sequence: sequence, version: version)
        add("stream", stream)
        addText("streamVersion") { $0.append(contentsOf: String(load(UInt32.self, at: 9)).utf8) }
        addText("schemaVersion") { $0.append(contentsOf: String(load(UInt16.self, at: 13)).utf8) }
        addText("occurredAt") { Timestamp(millisecondsSinceEpoch: load(Int64.self, at: 15)).appendISO8601(to: &$0) }
        addText("recordedAt") { Timestamp(millisecondsSinceEpoch: load(Int64.self, at: 23)).appendISO8601(to: &$0) }
        add("actor", actor)
        if !correlation.isEmpty { add("correlationID", correlation) }
        if !causation.isEmpty { add("causationID", causation) }
        if !idempotency.isEmpty { add("idempotencyKey", idempotency) }
        var person: UnsafeRawBufferPointer?
        var incident: UnsafeRawBufferPointer?
        if let members = PayloadMembers.ranges(payload) {
            for member in members {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: "payload.".utf8)
                let name = UnsafeRawBufferPointer(rebasing: payload[member.name])
                scratch.append(contentsOf: name)
                let value = UnsafeRawBufferPointer(rebasing: payload[member.value])
                scratch.withUnsafeBytes { hasher.add(name: $0, value: value) }
                if version == 2, name.elementsEqual("personId".utf8) { person = PseudonymSlots.id(fromJSONText: value) }
                if version == 2, name.elementsEqual("incidentId".utf8) {
                    incident = PseudonymSlots.id(fromJSONText: value)
                }
            }
        } else {
            add("payload", payload)
        }
        if version == 2 {
            let prefix = "incident/".utf8
            if incident == nil, stream.count > prefix.count, stream.prefix(prefix.count).elementsEqual(prefix) {
                incident = UnsafeRawBufferPointer(rebasing: stream[prefix.count...])
            }
            if let person { addSlots(.person, id: person) }
            if let incident { addSlots(.incident, id: incident) }
        }
        return hasher.finish(eventType: type)
    }

    /// Adds the slot fields of `kind` for `id` (every slot's, values kept per id).
    private mutating func addSlots(_ kind: PseudonymSlots.Kind, id: UnsafeRawBufferPointer) {
        guard let values = slots?.values(kind, id: id) else { return }
        let names = kind == .person ? Self.personSlotNames : Self.incidentSlotNames
        values.withUnsafeBytes { all in
            for slot in 0..<PseudonymRootKey.slotCount {
                let start = slot * PseudonymSlots.valueLength
                names[slot].withUnsafeBytes { name in
                    hasher.add(
                        name: name,
                        value: UnsafeRawBufferPointer(rebasing: all[start..<(start + PseudonymSlots.valueLength)]))
                }
            }
        }
    }

    private static let personSlotNames = (0..<PseudonymRootKey.slotCount).map {
        Array(PseudonymSlots.fieldName(.person, slot: $0).utf8)
    }
    private static let incidentSlotNames = (0..<PseudonymRootKey.slotCount).map {
        Array(PseudonymSlots.fieldName(.incident, slot: $0).utf8)
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
