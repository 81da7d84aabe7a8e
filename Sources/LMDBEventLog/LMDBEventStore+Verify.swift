import EventLog
import LMDBStorage

extension LMDBEventStore {
    /// The most problems one verification reports before it stops listing.
    static let maximumProblems = 100

    public func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        do {
            return try env.read { txn in try verify(checkpoint, progress: nil, txn) }
        } catch {
            throw Self.translate(error)
        }
    }

    /// Verifies, calling `progress` with the number of events checked every 65,536 events.
    public func verify(against checkpoint: Checkpoint?, progress: ((UInt64) -> Void)?) throws(EventStoreError) -> VerificationReport {
        do {
            return try env.read { txn in try verify(checkpoint, progress: progress, txn) }
        } catch {
            throw Self.translate(error)
        }
    }

    /// An order-independent digest of index entries: each store's indexes are compared with
    /// what the events imply in one sequential pass, and only a mismatch triggers the slow
    /// entry-by-entry search for the first sequence number that disagrees.
    struct IndexFold: Equatable {
        var count: UInt64 = 0
        var sum: UInt64 = 0
        mutating func add(_ a: UInt64, _ b: UInt64) {
            count += 1
            sum &+= mix(a &* 0x9E37_79B9_7F4A_7C15 ^ b)
        }
        private func mix(_ x: UInt64) -> UInt64 {
            var z = x &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private func verify(_ checkpoint: Checkpoint?, progress: ((UInt64) -> Void)?, _ txn: borrowing Transaction) throws -> VerificationReport {
        var problems: [VerificationReport.Problem] = []
        func note(_ kind: VerificationReport.Problem.Kind, _ sequence: UInt64?, _ message: String) {
            if problems.count < Self.maximumProblems { problems.append(.init(kind: kind, sequence: sequence, message: message)) }
        }

        var heads: [String: (id: UInt32, version: UInt32)] = [:]
        try txn.withCursor(streams) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                heads[String(decoding: e.key, as: UTF8.self)] = (StoreLayout.u32(e.value), StoreLayout.u32(e.value, at: 4))
                entry = try cursor.next()
            }
        }
        var typeIDs: [String: UInt32] = [:]
        try txn.withCursor(types) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                typeIDs[String(decoding: e.key, as: UTF8.self)] = StoreLayout.u32(e.value)
                entry = try cursor.next()
            }
        }

        // Pass 1: the events themselves, in order.
        var expectedStreamIndex = IndexFold()
        var expectedTypeIndex = IndexFold()
        var versions: [String: UInt32] = [:]
        var expectedSequence: UInt64 = 1
        var previousHash = EventHash.genesis
        var previousRecordedAt: Timestamp?
        var checked: UInt64 = 0
        var head = Checkpoint(storeID: storeID, sequence: 0, headHash: .genesis, recordedAt: nil)
        var checkpointHash: EventHash?
        try txn.withCursor(events) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                defer { entry = try? cursor.next() }
                let sequence = StoreLayout.u64(e.key)
                checked += 1
                if checked & 0xFFFF == 0 { progress?(checked) }
                if sequence != expectedSequence {
                    note(.sequence, expectedSequence, "sequence \(expectedSequence) is missing; the next stored event is \(sequence)")
                    expectedSequence = sequence
                }
                expectedSequence += 1
                guard let (canonical, hash) = StoreLayout.split(e.value) else {
                    note(.encoding, sequence, "stored value is too short to hold an event and its hash")
                    continue
                }
                if EventHash.chained(previous: previousHash, canonical: canonical) != hash {
                    note(.chain, sequence, "hash does not follow from the event's bytes and the previous event's hash")
                }
                previousHash = hash
                head = Checkpoint(storeID: storeID, sequence: sequence, headHash: hash, recordedAt: nil)
                if let checkpoint, checkpoint.sequence == sequence { checkpointHash = hash }
                let event: RecordedEvent
                do {
                    event = try EventRecordCodec.decode(canonical, hash: hash)
                } catch {
                    note(.encoding, sequence, "event bytes cannot be decoded (\(error))")
                    continue
                }
                head.recordedAt = event.recordedAt
                if event.sequence != sequence {
                    note(.sequence, sequence, "the event's own sequence field says \(event.sequence)")
                }
                if let previous = previousRecordedAt, event.recordedAt < previous {
                    note(.recordedAt, sequence, "recordedAt \(event.recordedAt) is earlier than the event before it")
                }
                previousRecordedAt = event.recordedAt
                let stream = event.stream.rawValue
                let expectedVersion = (versions[stream] ?? 0) + 1
                if event.streamVersion != expectedVersion {
                    note(.streamIndex, sequence, "stream version \(event.streamVersion) where \(expectedVersion) was expected")
                }
                versions[stream] = event.streamVersion
                if let id = heads[stream]?.id {
                    expectedStreamIndex.add(UInt64(id) << 32 | UInt64(event.streamVersion), sequence)
                } else {
                    note(.streamIndex, sequence, "the event's stream has no entry in the streams table")
                }
                if let id = typeIDs[event.type] {
                    expectedTypeIndex.add(UInt64(id), sequence)
                } else {
                    note(.typeIndex, sequence, "the event's type has no entry in the types table")
                }
            }
        }
        for (stream, h) in heads where versions[stream] != h.version {
            note(.streamIndex, nil, "a stream's head says version \(h.version) but the log holds \(versions[stream] ?? 0) of its events")
        }

        // Pass 2: the indexes, compared as a whole with what the events imply.
        var actualStreamIndex = IndexFold()
        try txn.withCursor(streamIndex) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                actualStreamIndex.add(UInt64(StoreLayout.u32(e.key)) << 32 | UInt64(StoreLayout.u32(e.key, at: 4)), StoreLayout.u64(e.value))
                entry = try cursor.next()
            }
        }
        if actualStreamIndex != expectedStreamIndex {
            let first = try firstStreamIndexDisagreement(heads: heads, txn)
            note(.streamIndex, first, "the stream index disagrees with the events")
        }
        var actualTypeIndex = IndexFold()
        try txn.withCursor(typeIndex) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                actualTypeIndex.add(UInt64(StoreLayout.u32(e.key)), StoreLayout.u64(e.key, at: 4))
                entry = try cursor.next()
            }
        }
        if actualTypeIndex != expectedTypeIndex {
            let first = try firstTypeIndexDisagreement(typeIDs: typeIDs, txn)
            note(.typeIndex, first, "the type index disagrees with the events")
        }

        try verifyIdempotencyRecords(txn, note)

        if let checkpoint {
            if checkpoint.storeID != storeID {
                note(.checkpoint, nil, "the checkpoint is from store \(checkpoint.storeID), not this store (\(storeID))")
            } else if checkpoint.sequence > head.sequence {
                note(.checkpoint, checkpoint.sequence, "the checkpoint covers sequence \(checkpoint.sequence) but the log ends at \(head.sequence): events were removed")
            } else if checkpoint.sequence > 0, checkpointHash != checkpoint.headHash {
                note(.checkpoint, checkpoint.sequence, "the hash at the checkpoint differs: history at or before it has changed")
            }
        }
        problems.sort { ($0.sequence ?? .max, $0.kind.rawValue) < ($1.sequence ?? .max, $1.kind.rawValue) }
        return VerificationReport(eventsChecked: checked, head: head, problems: problems)
    }

    /// The lowest sequence whose stream-index entry is missing, extra, or points elsewhere.
    private func firstStreamIndexDisagreement(heads: [String: (id: UInt32, version: UInt32)], _ txn: borrowing Transaction) throws -> UInt64? {
        var first: UInt64?
        func consider(_ s: UInt64) { first = min(first ?? s, s) }
        try txn.withCursor(streamIndex) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                let id = StoreLayout.u32(e.key)
                let version = StoreLayout.u32(e.key, at: 4)
                let sequence = StoreLayout.u64(e.value)
                if let event = try? event(at: sequence, txn), heads[event.stream.rawValue]?.id == id, event.streamVersion == version {
                } else {
                    consider(sequence)
                }
                entry = try cursor.next()
            }
        }
        try txn.withCursor(events) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                let sequence = StoreLayout.u64(e.key)
                if let event = try? decode(e.value, sequence: sequence), let id = heads[event.stream.rawValue]?.id {
                    let indexed = try txn.get(streamIndex, key: StoreLayout.streamIndexKey(stream: id, version: event.streamVersion))
                    if indexed.map({ StoreLayout.u64($0) }) != sequence { consider(sequence) }
                }
                entry = try cursor.next()
            }
        }
        return first
    }

    /// The lowest sequence whose type-index entry is missing or extra.
    private func firstTypeIndexDisagreement(typeIDs: [String: UInt32], _ txn: borrowing Transaction) throws -> UInt64? {
        var first: UInt64?
        func consider(_ s: UInt64) { first = min(first ?? s, s) }
        try txn.withCursor(typeIndex) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                let id = StoreLayout.u32(e.key)
                let sequence = StoreLayout.u64(e.key, at: 4)
                if let event = try? event(at: sequence, txn), typeIDs[event.type] == id {
                } else {
                    consider(sequence)
                }
                entry = try cursor.next()
            }
        }
        try txn.withCursor(events) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                let sequence = StoreLayout.u64(e.key)
                if let event = try? decode(e.value, sequence: sequence), let id = typeIDs[event.type] {
                    if try txn.get(typeIndex, key: StoreLayout.typeIndexKey(type: id, sequence: sequence)) == nil { consider(sequence) }
                }
                entry = try cursor.next()
            }
        }
        return first
    }

    private func verifyIdempotencyRecords(
        _ txn: borrowing Transaction, _ note: (VerificationReport.Problem.Kind, UInt64?, String) -> Void
    ) throws {
        try txn.withCursor(idempotency) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                defer { entry = try? cursor.next() }
                let key = String(decoding: e.key, as: UTF8.self)
                guard e.value.count == 44 else {
                    note(.idempotency, nil, "an idempotency record is malformed")
                    continue
                }
                let first = StoreLayout.u64(e.value)
                let count = StoreLayout.u32(e.value, at: 8)
                var batch: [ProposedEvent] = []
                for sequence in first..<(first + UInt64(count)) {
                    guard let event = try? event(at: sequence, txn), event.idempotencyKey == key else {
                        note(.idempotency, sequence, "an idempotency record names an event that does not carry its key")
                        batch = []
                        break
                    }
                    batch.append(event.proposed)
                }
                if !batch.isEmpty, AppendBatch(events: batch).contentDigest.bytes != Array(e.value[12..<44]) {
                    note(.idempotency, first, "an idempotency record's digest does not match the events it names")
                }
            }
        }
    }
}
