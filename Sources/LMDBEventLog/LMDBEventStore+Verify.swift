import EventLog
import Foundation
import LMDBStorage
import Synchronization

extension LMDBEventStore {
    /// The most problems one verification reports before it stops listing.
    static let maximumProblems = 100

    /// Checks the chain, sequences, indexes, idempotency records and, if given, the checkpoint.
    public func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        do {
            return try env.read { txn in try verify(checkpoint, progress: nil, txn) }
        } catch {
            throw Self.translate(error)
        }
    }

    /// Verifies, calling `progress` with the number of events checked every 65,536 events.
    public func verify(against checkpoint: Checkpoint?, progress: ((UInt64) -> Void)?) throws(EventStoreError)
        -> VerificationReport
    {
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
        mutating func merge(_ other: IndexFold) {
            count += other.count
            sum &+= other.sum
        }
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

    private func verify(_ checkpoint: Checkpoint?, progress: ((UInt64) -> Void)?, _ txn: borrowing Transaction) throws
        -> VerificationReport
    {
        var problems: [VerificationReport.Problem] = []
        func note(_ kind: VerificationReport.Problem.Kind, _ sequence: UInt64?, _ message: String) {
            if problems.count < Self.maximumProblems {
                problems.append(.init(kind: kind, sequence: sequence, message: message))
            }
        }

        let heads = try streamHeads(txn)
        let typeIDs = try self.typeIDs(txn)

        // Pass 1: the events themselves. Each chain link is checked on its own (stored previous
        // hash ‖ bytes → stored hash), so large logs are split across the cores; every worker
        // reads its own snapshot but only the sequences this snapshot holds.
        let last = try txn.withCursor(events) { cursor in try cursor.last().map { StoreLayout.u64($0.key) } ?? 0 }
        // The indexes cover the log up to their watermark; later events are the unindexed tail.
        let storedWatermark = try txn.get(meta, key: StoreLayout.indexedThroughKey).map {
            $0.count == 8 ? StoreLayout.u64($0) : .max
        }
        let watermark = min(storedWatermark ?? last, last)
        if let stored = storedWatermark, stored > last {
            note(
                .streamIndex, nil,
                "the indexes claim to cover sequence \(stored == .max ? "(unreadable)" : String(stored)) but the log ends at \(last)"
            )
        }
        let workers = last >= 50_000 ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4)) : 1
        let chunk = last / UInt64(workers)
        let ranges = (0..<workers).map { w -> ClosedRange<UInt64> in
            let from = UInt64(w) * chunk + 1
            return from...(w == workers - 1 ? max(last, from) : UInt64(w + 1) * chunk)
        }
        let results = Mutex([Result<EventPass, any Error>?](repeating: nil, count: workers))
        let (streamHeads, types) = (heads, typeIDs)
        nonisolated(unsafe) let report = progress  // called from one worker at a time
        SideWork.perform(iterations: workers) { w in
            let result = Result {
                try env.read { workerTxn in
                    try verifyEvents(
                        ranges[w], indexedThrough: watermark, checkpointSequence: checkpoint?.sequence,
                        heads: streamHeads, typeIDs: types,
                        progress: w == 0 ? report.map { callback in { callback($0 * UInt64(workers)) } } : nil,
                        workerTxn)
                }
            }
            results.withLock { $0[w] = result }
        }
        let passes = try results.withLock { $0 }.map { (slot) throws -> EventPass in
            // concurrentPerform returns only after every worker has stored its result.
            guard let slot else {
                throw EventStoreError.storage(detail: "a verification worker stopped without a result")
            }
            return try slot.get()
        }
        var expectedStreamIndex = IndexFold()
        var expectedTypeIndex = IndexFold()
        var versions: [String: UInt32] = [:]
        var indexedVersions: [String: UInt32] = [:]
        var checked: UInt64 = 0
        var head = Checkpoint(storeID: storeID, sequence: 0, headHash: .genesis, recordedAt: nil)
        var checkpointHash: EventHash?
        for pass in passes {
            for problem in pass.problems { note(problem.kind, problem.sequence, problem.message) }
            expectedStreamIndex.merge(pass.expectedStreamIndex)
            expectedTypeIndex.merge(pass.expectedTypeIndex)
            indexedVersions.merge(pass.indexedVersions) { max($0, $1) }
            checked += pass.checked
            if let lastEvent = pass.last {
                head = Checkpoint(
                    storeID: storeID, sequence: lastEvent.sequence, headHash: lastEvent.hash,
                    recordedAt: lastEvent.recordedAt)
            }
            checkpointHash = checkpointHash ?? pass.checkpointHash
            // Stream versions must continue across the ranges' boundaries.
            for run in pass.runs.sorted(by: { $0.value.firstSequence < $1.value.firstSequence }) {
                let expected = (versions[run.key] ?? 0) + 1
                if run.value.first != expected {
                    note(
                        .streamIndex, run.value.firstSequence,
                        "stream version \(run.value.first) where \(expected) was expected")
                }
                versions[run.key] = run.value.last
            }
        }
        for (stream, h) in heads where indexedVersions[stream] != h.version {
            note(
                .streamIndex, nil,
                "a stream's head says version \(h.version) but the log holds \(indexedVersions[stream] ?? 0) of its indexed events"
            )
        }

        // Pass 2: the indexes, compared as a whole with what the events imply.
        var actualStreamIndex = IndexFold()
        try txn.withCursor(streamIndex) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                if StoreLayout.u64(e.value, at: 4) > last {
                    entry = try cursor.next()
                    continue
                }
                actualStreamIndex.add(
                    UInt64(StoreLayout.u32(e.key)) << 32 | UInt64(StoreLayout.u32(e.value)),
                    StoreLayout.u64(e.value, at: 4))
                entry = try cursor.next()
            }
        }
        if actualStreamIndex != expectedStreamIndex {
            let first = try firstStreamIndexDisagreement(heads: heads, indexedThrough: watermark, txn)
            note(.streamIndex, first, "the stream index disagrees with the events")
        }
        var actualTypeIndex = IndexFold()
        try txn.withCursor(typeIndex) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                if StoreLayout.u64(e.value) > last {
                    entry = try cursor.next()
                    continue
                }
                actualTypeIndex.add(UInt64(StoreLayout.u32(e.key)), StoreLayout.u64(e.value))
                entry = try cursor.next()
            }
        }
        if actualTypeIndex != expectedTypeIndex {
            let first = try firstTypeIndexDisagreement(typeIDs: typeIDs, indexedThrough: watermark, txn)
            note(.typeIndex, first, "the type index disagrees with the events")
        }

        try verifyIdempotencyRecords(txn, note)

        if let checkpoint {
            if checkpoint.storeID != storeID {
                note(
                    .checkpoint, nil, "the checkpoint is from store \(checkpoint.storeID), not this store (\(storeID))")
            } else if checkpoint.sequence > head.sequence {
                note(
                    .checkpoint, checkpoint.sequence,
                    "the checkpoint covers sequence \(checkpoint.sequence) but the log ends at \(head.sequence): events were removed"
                )
            } else if checkpoint.sequence > 0, checkpointHash != checkpoint.headHash {
                note(
                    .checkpoint, checkpoint.sequence,
                    "the hash at the checkpoint differs: history at or before it has changed")
            }
        }
        problems.sort { ($0.sequence ?? .max, $0.kind.rawValue) < ($1.sequence ?? .max, $1.kind.rawValue) }
        return VerificationReport(eventsChecked: checked, head: head, problems: problems)
    }

    /// Every stream's id and last indexed version, by name.
    func streamHeads(_ txn: borrowing Transaction) throws -> [String: (id: UInt32, version: UInt32)] {
        var heads: [String: (id: UInt32, version: UInt32)] = [:]
        try txn.withCursor(streams) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                let id = StoreLayout.u32(e.value)
                heads[String(decoding: e.key, as: UTF8.self)] = (id, try lastVersion(ofStream: id, txn))
                entry = try cursor.next()
            }
        }
        return heads
    }

    /// Every event type's id, by name.
    func typeIDs(_ txn: borrowing Transaction) throws -> [String: UInt32] {
        var typeIDs: [String: UInt32] = [:]
        try txn.withCursor(types) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                typeIDs[String(decoding: e.key, as: UTF8.self)] = StoreLayout.u32(e.value)
                entry = try cursor.next()
            }
        }
        return typeIDs
    }

    /// What one worker found in its range of the log.
    struct EventPass {
        var problems: [VerificationReport.Problem] = []
        var expectedStreamIndex = IndexFold()
        var expectedTypeIndex = IndexFold()
        /// Per stream: the first and last versions seen in the range, and where the first was.
        var runs: [String: (first: UInt32, last: UInt32, firstSequence: UInt64)] = [:]
        /// Per stream: the last version at or before the indexes' watermark.
        var indexedVersions: [String: UInt32] = [:]
        var checked: UInt64 = 0
        var last: (sequence: UInt64, hash: EventHash, recordedAt: Timestamp?)?
        var checkpointHash: EventHash?
    }

    /// Checks the events whose sequence lies in `range`: sequence continuity, every chain link,
    /// encoding, recordedAt order, stream-version continuity inside the range, and what the
    /// indexes must hold for them (only events up to the watermark are indexed).
    func verifyEvents(
        _ range: ClosedRange<UInt64>, indexedThrough watermark: UInt64, checkpointSequence: UInt64?,
        heads: [String: (id: UInt32, version: UInt32)],
        typeIDs: [String: UInt32], progress: ((UInt64) -> Void)?, _ txn: borrowing Transaction
    ) throws -> EventPass {
        var pass = EventPass()
        func note(_ kind: VerificationReport.Problem.Kind, _ sequence: UInt64?, _ message: String) {
            if pass.problems.count < Self.maximumProblems {
                pass.problems.append(.init(kind: kind, sequence: sequence, message: message))
            }
        }
        try txn.withCursor(events) { cursor in
            // The event before the range gives the previous hash and recordedAt.
            var previousHash = EventHash.genesis
            var previousRecordedAt: Timestamp?
            if range.lowerBound > 1,
                let before = try cursor.seek(atOrBefore: StoreLayout.sequenceKey(range.lowerBound - 1)),
                let (canonical, hash) = StoreLayout.split(before.value)
            {
                previousHash = hash
                previousRecordedAt = try? EventRecordCodec.routing(canonical).recordedAt
            }
            var expectedSequence = range.lowerBound
            var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(range.lowerBound))
            while let e = entry {
                let sequence = StoreLayout.u64(e.key)
                if sequence > range.upperBound { break }
                defer { entry = try? cursor.next() }
                pass.checked += 1
                if pass.checked & 0xFFFF == 0 { progress?(pass.checked) }
                if sequence != expectedSequence {
                    note(
                        .sequence, expectedSequence,
                        "sequence \(expectedSequence) is missing; the next stored event is \(sequence)")
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
                pass.last = (sequence, hash, nil)
                if checkpointSequence == sequence { pass.checkpointHash = hash }
                let event: EventRecordCodec.IndexFields
                do {
                    event = try EventRecordCodec.indexFields(canonical)
                } catch {
                    note(.encoding, sequence, "event bytes cannot be decoded (\(error))")
                    continue
                }
                pass.last?.recordedAt = event.recordedAt
                if event.sequence != sequence {
                    note(.sequence, sequence, "the event's own sequence field says \(event.sequence)")
                }
                if let previous = previousRecordedAt, event.recordedAt < previous {
                    note(.recordedAt, sequence, "recordedAt \(event.recordedAt) is earlier than the event before it")
                }
                previousRecordedAt = event.recordedAt
                if var run = pass.runs[event.stream] {
                    if event.streamVersion != run.last + 1 {
                        note(
                            .streamIndex, sequence,
                            "stream version \(event.streamVersion) where \(run.last + 1) was expected")
                    }
                    run.last = event.streamVersion
                    pass.runs[event.stream] = run
                } else {
                    pass.runs[event.stream] = (event.streamVersion, event.streamVersion, sequence)
                }
                guard sequence <= watermark else { continue }
                pass.indexedVersions[event.stream] = event.streamVersion
                if let id = heads[event.stream]?.id {
                    pass.expectedStreamIndex.add(UInt64(id) << 32 | UInt64(event.streamVersion), sequence)
                } else {
                    note(.streamIndex, sequence, "the event's stream has no entry in the streams table")
                }
                if let id = typeIDs[event.type] {
                    pass.expectedTypeIndex.add(UInt64(id), sequence)
                } else {
                    note(.typeIndex, sequence, "the event's type has no entry in the types table")
                }
            }
        }
        return pass
    }

    /// The lowest sequence whose stream-index entry is missing, extra, or points elsewhere.
    private func firstStreamIndexDisagreement(
        heads: [String: (id: UInt32, version: UInt32)], indexedThrough watermark: UInt64, _ txn: borrowing Transaction
    ) throws -> UInt64? {
        let check = IndexCheck(
            database: streamIndex,
            sequence: { StoreLayout.u64($0.value, at: 4) },
            describes: { entry, event in
                heads[event.stream.rawValue]?.id == StoreLayout.u32(entry.key)
                    && event.streamVersion == StoreLayout.u32(entry.value)
            },
            expectedEntry: { event, sequence in
                heads[event.stream.rawValue].map {
                    (
                        StoreLayout.be($0.id),
                        StoreLayout.streamIndexValue(version: event.streamVersion, sequence: sequence)
                    )
                }
            })
        return try firstDisagreement(check, indexedThrough: watermark, txn)
    }

    /// The lowest sequence whose type-index entry is missing or extra.
    private func firstTypeIndexDisagreement(
        typeIDs: [String: UInt32], indexedThrough watermark: UInt64, _ txn: borrowing Transaction
    ) throws -> UInt64? {
        let check = IndexCheck(
            database: typeIndex,
            sequence: { StoreLayout.u64($0.value) },
            describes: { entry, event in typeIDs[event.type] == StoreLayout.u32(entry.key) },
            expectedEntry: { event, sequence in
                typeIDs[event.type].map { (StoreLayout.be($0), StoreLayout.sequenceKey(sequence)) }
            })
        return try firstDisagreement(check, indexedThrough: watermark, txn)
    }

    /// How one index (stream or type) relates entries to events, for ``firstDisagreement(_:indexedThrough:_:)``.
    private struct IndexCheck {
        /// The index.
        var database: Database
        /// The sequence an entry points at.
        var sequence: (Cursor.Entry) -> UInt64
        /// Whether an entry correctly describes the event it points at.
        var describes: (Cursor.Entry, RecordedEvent) -> Bool
        /// The entry (key, value) an indexed event must have; nil when its stream or type has no id
        /// (reported elsewhere).
        var expectedEntry: (RecordedEvent, UInt64) -> (key: [UInt8], value: [UInt8])?
    }

    /// The lowest sequence where an index and the events disagree, looking both ways: an entry
    /// that points past the watermark, at no event or at the wrong one; an indexed event without
    /// its entry.
    private func firstDisagreement(
        _ check: IndexCheck, indexedThrough watermark: UInt64, _ txn: borrowing Transaction
    ) throws -> UInt64? {
        var first: UInt64?
        func consider(_ s: UInt64) { first = min(first ?? s, s) }
        try txn.withCursor(check.database) { cursor in
            var entry = try cursor.first()
            while let e = entry {
                let sequence = check.sequence(e)
                let pointed = sequence <= watermark ? try? event(at: sequence, txn) : nil
                if pointed.map({ check.describes(e, $0) }) != true { consider(sequence) }
                entry = try cursor.next()
            }
        }
        try txn.withCursor(events) { cursor in
            try txn.withCursor(check.database) { index in
                var entry = try cursor.first()
                while let e = entry {
                    let sequence = StoreLayout.u64(e.key)
                    if sequence > watermark { break }
                    if let event = try? decode(e.value, sequence: sequence),
                        let expected = check.expectedEntry(event, sequence)
                    {
                        let found = try index.seek(key: expected.key, valueAtOrAfter: expected.value)
                        if found.map({ $0.value.elementsEqual(expected.value) }) != true { consider(sequence) }
                    }
                    entry = try cursor.next()
                }
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
