import EventLog
import Foundation
import LMDBStorage
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LMDBEventStore {
    public func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult {
        if env.isReadOnly { throw .readOnly }
        try AppendPlanner.check(batch)
        if batch.events.isEmpty && batch.idempotencyKey == nil {
            return AppendResult(positions: [], wasAlreadyAppended: false)
        }
        return try groupCommit.submit(batch) { [self] group in commit(group) }.get()
    }

    /// Queues the batch for the next group commit and returns at once; `completion` gets the
    /// result on the group commit's thread once the commit is durable (``GroupCommit``).
    public func append(
        _ batch: AppendBatch,
        whenDurable completion: @escaping @Sendable (Result<AppendResult, EventStoreError>) -> Void
    ) {
        if env.isReadOnly { return completion(.failure(.readOnly)) }
        do throws(EventStoreError) { try AppendPlanner.check(batch) } catch { return completion(.failure(error)) }
        if batch.events.isEmpty && batch.idempotencyKey == nil {
            return completion(.success(AppendResult(positions: [], wasAlreadyAppended: false)))
        }
        groupCommit.enqueue(batch, commit: { [self] group in commit(group) }, completion: completion)
    }

    /// What a group's write transaction knows beyond the database: the log's tail, the
    /// unindexed events and the stream versions it has read or written.
    struct WriteState {
        var lastSequence: UInt64 = 0
        var lastHash = EventHash.genesis
        var lastRecordedAt: Timestamp?
        /// The events the indexes do not cover yet, including this transaction's (with the ids of
        /// the streams looked up in the stream index in this transaction, so the catch-up does
        /// not look them up again).
        var tail: IndexTail
        /// A store written before the index tail existed: record the watermark in this commit.
        var recordWatermark = false
        var newTypeIDs: [String: UInt32] = [:]
        var nextTypeID: UInt32 = 1
    }

    /// Commits a group of batches in one write transaction and returns their results once the
    /// commit has returned. A batch that conflicts (or reuses an idempotency key) fails alone,
    /// before it writes anything; a storage failure fails the whole group.
    func commit(_ group: [AppendBatch]) -> [Result<AppendResult, EventStoreError>] {
        let now = clock()
        var newTypes: [String: UInt32] = [:]
        var results: [Result<AppendResult, EventStoreError>] = []
        var tail: IndexTail?
        do {
            try env.write { txn in
                // The body may run again after the map grows: start from scratch each time.
                results = []
                var state = try startState(txn)
                for batch in group {
                    do {
                        results.append(.success(try append(batch, now: now, txn, &state)))
                    } catch let error as EventStoreError {
                        results.append(.failure(error))
                    }
                }
                if state.tail.entries.count >= indexBatch {
                    try catchUpIndexes(&state, txn)
                } else if state.recordWatermark {
                    try txn.put(meta, key: StoreLayout.indexedThroughKey, value: StoreLayout.be(state.tail.watermark))
                }
                newTypes = state.newTypeIDs
                tail = state.tail
            }
            if !newTypes.isEmpty {
                committedTypeIDs.withLock { $0.merge(newTypes) { a, _ in a } }
            }
            cachedTail.withLock { $0 = tail }
            return results
        } catch {
            cachedTail.withLock { $0 = nil }
            return Array(repeating: .failure(diagnoseWriteFailure(error)), count: group.count)
        }
    }

    /// Brings the stream and type indexes up to the head of the log now, in one durable commit,
    /// whatever ``Options/indexBatch`` says: after a bulk import that let a large tail wait
    /// (``EventStore`` readers in other processes scan the tail). Does nothing when the indexes
    /// already cover the log.
    public func catchUpIndexes() throws(EventStoreError) {
        if env.isReadOnly { throw .readOnly }
        var tail: IndexTail?
        do {
            // A read finds out whether anything waits, so a caught-up store takes no writer's turn.
            let (watermark, last) = try env.read { txn in try indexBounds(txn) }
            guard watermark < last else { return }
            try env.write { txn in
                var state = try startState(txn)
                if !state.tail.entries.isEmpty { try catchUpIndexes(&state, txn) }
                tail = state.tail
            }
            cachedTail.withLock { $0 = tail }
        } catch {
            cachedTail.withLock { $0 = nil }
            throw diagnoseWriteFailure(error)
        }
    }

    /// A short write reaches LMDB as `EIO`; when the disk or the process's file-size limit is
    /// exhausted, say so, because "free space and retry" is what the user can act on.
    func diagnoseWriteFailure(_ error: any Error) -> EventStoreError {
        guard let lmdb = error as? LMDBError, lmdb.code == EIO else { return Self.translate(error) }
        let dataFile = path + "/data.mdb"
        let size =
            ((try? FileManager.default.attributesOfItem(atPath: dataFile))?[.size] as? NSNumber)?.uint64Value ?? 0
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
            size + 1 << 20 >= UInt64(limit.rlim_cur)
        {
            return .noSpace(detail: "the file-size limit of \(limit.rlim_cur) bytes is reached")
        }
        var fs = statvfs()
        if statvfs(path, &fs) == 0, UInt64(fs.f_bavail) * UInt64(fs.f_frsize) < 1 << 20 {
            return .noSpace(detail: "the file system holding the store is full")
        }
        return Self.translate(error)
    }

    private func startState(_ txn: borrowing Transaction) throws -> WriteState {
        var lastSequence: UInt64 = 0
        var lastHash = EventHash.genesis
        var lastRecordedAt: Timestamp?
        try txn.withCursor(events) { cursor in
            if let last = try cursor.last() {
                guard let (canonical, hash) = StoreLayout.split(last.value) else {
                    throw EventStoreError.corrupted(detail: "the last event's value is too short")
                }
                lastSequence = StoreLayout.u64(last.key)
                lastHash = hash
                lastRecordedAt = try EventRecordCodec.routing(canonical).recordedAt
            }
        }
        let stored = try storedWatermark(txn)
        let watermark = min(stored ?? lastSequence, lastSequence)
        // The log only grows, so a cached tail with the same watermark and end is this one. The
        // cache keeps it for readers while this commit runs (their snapshots are of the log
        // without this commit): the first change here copies its entries, at most an index
        // batch of them, and the commit puts the changed tail back.
        var tail: IndexTail
        if let cached = cachedTail.withLock({ $0 }), cached.watermark == watermark,
            cached.through == lastSequence
        {
            tail = cached
        } else {
            tail = try IndexTail.read(after: watermark, through: lastSequence, events: events, txn)
        }
        var state = WriteState(
            lastSequence: lastSequence, lastHash: lastHash, lastRecordedAt: lastRecordedAt, tail: tail)
        state.recordWatermark = stored == nil
        state.nextTypeID = UInt32(try txn.count(types)) + 1
        return state
    }

    private func append(
        _ batch: AppendBatch, now: Timestamp, _ txn: borrowing Transaction, _ state: inout WriteState
    ) throws -> AppendResult {
        if let key = batch.idempotencyKey, let seen = try txn.get(idempotency, key: Array(key.utf8)) {
            guard seen.count == 44 else {
                throw EventStoreError.corrupted(detail: "idempotency record for a batch is malformed")
            }
            guard Array(seen[12..<44]) == batch.contentDigest.bytes else {
                throw EventStoreError.idempotencyKeyReused(key: key)
            }
            let first = StoreLayout.u64(seen)
            let count = StoreLayout.u32(seen, at: 8)
            var positions: [EventPosition] = []
            for sequence in first..<(first + UInt64(count)) {
                guard let value = try txn.get(events, key: StoreLayout.sequenceKey(sequence)),
                    let (canonical, hash) = StoreLayout.split(value)
                else {
                    throw EventStoreError.corrupted(
                        detail: "event \(sequence) named by an idempotency record is missing")
                }
                positions.append(try EventRecordCodec.decode(canonical, hash: hash).position)
            }
            return AppendResult(positions: positions, wasAlreadyAppended: true)
        }
        if let expected = batch.expectedHead, expected != state.lastSequence {
            throw EventStoreError.headMoved(expected: expected, actual: state.lastSequence)
        }
        let batchRecordedAt = AppendPlanner.recordedAt(
            clock: now, override: batch.recordedAtOverride, last: state.lastRecordedAt)
        // Migrated events keep their own times (never decreasing), checked before anything is written.
        let ownTimes = try batch.events.withUnsafeBufferPointer { proposed throws(EventStoreError) -> [Timestamp]? in
            // Read through a pointer: `contains(where:)` or `proposed[i]` would copy each event.
            guard let first = proposed.baseAddress,
                proposed.indices.contains(where: { (first + $0).pointee.recordedAt != nil })
            else { return nil }
            var times: [Timestamp] = []
            times.reserveCapacity(proposed.count)
            var previous = state.lastRecordedAt
            for offset in proposed.indices {
                let time = try AppendPlanner.recordedAt(
                    of: proposed[offset], index: offset, batch: batchRecordedAt, previous: previous, clock: now)
                times.append(time)
                previous = time
            }
            return times
        }
        // Expected versions are checked against what is committed (and the tail) before anything
        // is written: a batch that conflicts fails alone and changes nothing.
        for (stream, expected) in batch.expectedVersions.sorted(by: { $0.key < $1.key }) {
            let actual: UInt32
            if let inTail = state.tail.stream(named: stream) {
                actual = inTail.lastVersion
            } else {
                do { actual = try committedVersion(of: stream, txn).version } catch { throw Self.translate(error) }
            }
            guard expected.isSatisfied(byCurrentVersion: actual) else {
                throw EventStoreError.conflict(stream: stream, expected: expected, actual: actual)
            }
        }
        // Sized for a batch of new streams at once (see ``IndexTail/reserve(adding:)``).
        state.tail.reserve(adding: batch.events.count)

        // Each event is encoded and chained straight into its reserved value: canonical bytes,
        // then SHA-256(previous hash ‖ canonical bytes). The previous hash is kept in `chain`.
        // Its stream's version comes from the tail, whose slot for the stream is found by one
        // hash of its name; a stream with no events in the tail is looked up in the stream
        // index once (its id is kept for the catch-up).
        let first = state.lastSequence + 1
        var chain = state.lastHash.bytes
        var positions: [EventPosition] = []
        positions.reserveCapacity(batch.events.count)
        // Events are read through a pointer, not copied: passing `proposed[offset]` to a function
        // copies the event (a retain and a release of each of its strings and its payload).
        try txn.withCursor(streamIndex) { indexCursor in
            try batch.events.withUnsafeBufferPointer { proposed in
                guard let base = proposed.baseAddress else { return }
                for offset in proposed.indices {
                    let event = base + offset
                    let stream = event.pointee.stream
                    let recordedAt = ownTimes?[offset] ?? batchRecordedAt
                    let sequence = first + UInt64(offset)
                    let version = try state.tail.appendNext(
                        sequence: sequence, stream: stream, type: event.pointee.type
                    ) { stream in
                        try committedVersion(of: stream, txn, indexCursor: &indexCursor)
                    }
                    let size = EventRecordCodec.encodedSize(of: event, idempotencyKey: batch.idempotencyKey)
                    try withUnsafeBytes(of: sequence.bigEndian) { key in
                        try txn.putReserved(events, key: key, size: size + 32, options: .append) { value in
                            let canonical = UnsafeMutableRawBufferPointer(rebasing: value[..<size])
                            let hash = UnsafeMutableRawBufferPointer(rebasing: value[size...])
                            EventRecordCodec.encode(
                                event, sequence: sequence, streamVersion: version, recordedAt: recordedAt,
                                idempotencyKey: batch.idempotencyKey, into: canonical)
                            chain.withUnsafeBytes {
                                EventHash.chain(previous: $0, canonical: UnsafeRawBufferPointer(canonical), into: hash)
                            }
                            chain.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(hash)) }
                        }
                    }
                    positions.append(EventPosition(sequence: sequence, stream: stream, streamVersion: version))
                }
            }
        }
        if !positions.isEmpty {
            state.lastSequence = first + UInt64(positions.count - 1)
            state.lastHash = EventHash(unchecked: chain)  // always 32 bytes: a SHA-256 digest
            state.lastRecordedAt = ownTimes?.last ?? batchRecordedAt
            if let key = batch.idempotencyKey {
                let record = StoreLayout.be(first) + StoreLayout.be(UInt32(positions.count)) + batch.contentDigest.bytes
                try txn.put(idempotency, key: Array(key.utf8), value: record)
            }
        }
        return AppendResult(positions: positions, wasAlreadyAppended: false)
    }

    /// A stream's id in the stream index and its last committed version (0 and `.absent` when
    /// the index does not hold it). Storage failures are thrown as they are, so that a failure
    /// after a batch began to write fails the whole group.
    func committedVersion(
        of stream: StreamName, _ txn: borrowing Transaction
    ) throws -> (id: IndexTail.IndexedID, version: UInt32) {
        try txn.withCursor(streamIndex) { cursor in try committedVersion(of: stream, txn, indexCursor: &cursor) }
    }

    /// ``committedVersion(of:_:)`` through a cursor over the stream index the caller holds open.
    func committedVersion(
        of stream: StreamName, _ txn: borrowing Transaction, indexCursor: inout Cursor
    ) throws -> (id: IndexTail.IndexedID, version: UInt32) {
        var name = stream.rawValue
        let stored = try name.withUTF8 { try txn.get(streams, key: UnsafeRawBufferPointer($0)) }
        guard let stored else { return (.absent, 0) }
        let id = StoreLayout.u32(stored)
        let version = try withUnsafeBytes(of: id.bigEndian) { key in
            try indexCursor.lastDuplicateValue(ofKey: key).map { StoreLayout.u32($0) } ?? 0
        }
        return (.stored(id), version)
    }

    /// Indexes every event of the tail in this transaction: new streams and types get the next
    /// ids, and each stream's and type's entries go in with one packed put (`MDB_MULTIPLE`),
    /// in key order. The watermark moves to the end of the log.
    private func catchUpIndexes(_ state: inout WriteState, _ txn: borrowing Transaction) throws {
        // Stream index: a stream's tail versions are consecutive, ending at its last version.
        // New streams are numbered in the order their first tail event was appended (the order
        // of the tail's streams). All values go into one buffer, each stream's run in order.
        var nextStreamID = UInt32(try txn.count(streams)) + 1
        let tail = state.tail
        var packed: [UInt8] = []
        packed.reserveCapacity(12 * tail.entries.count)
        var runs: [(id: UInt32, start: Int, end: Int)] = []
        runs.reserveCapacity(tail.streams.count)
        var idsInOrder = true
        for stream in tail.streams {
            let id: UInt32
            switch stream.indexedID {
            case .stored(let stored):
                id = stored
            case .unknown:
                var name = stream.name.rawValue
                if let stored = try name.withUTF8({ try txn.get(streams, key: UnsafeRawBufferPointer($0)) }) {
                    id = StoreLayout.u32(stored)
                } else {
                    id = try newStreamID(stream.name, &nextStreamID, txn)
                }
            case .absent:
                id = try newStreamID(stream.name, &nextStreamID, txn)
            }
            let start = packed.count
            tail.forEachEvent(of: stream) { version, sequence in
                // Stream-index value: version ‖ sequence (big-endian).
                withUnsafeBytes(of: version.bigEndian) { packed.append(contentsOf: $0) }
                withUnsafeBytes(of: sequence.bigEndian) { packed.append(contentsOf: $0) }
            }
            if let last = runs.last, last.id > id { idsInOrder = false }
            runs.append((id, start, packed.count))
        }
        if !idsInOrder { runs.sort { $0.id < $1.id } }
        // Type index: sequences (big-endian) under each type's id, in id order.
        var typeIDs: [String: UInt32] = [:]
        var typeEntries: [[UInt8]] = []
        for entry in tail.entries {
            let typeID: UInt32
            if let id = typeIDs[entry.type] {
                typeID = id
            } else {
                typeID = try self.typeID(for: entry.type, txn, &state)
                typeIDs[entry.type] = typeID
                if typeEntries.count < Int(typeID) {
                    typeEntries.append(contentsOf: repeatElement([], count: Int(typeID) - typeEntries.count))
                }
            }
            withUnsafeBytes(of: entry.sequence.bigEndian) { typeEntries[Int(typeID) - 1].append(contentsOf: $0) }
        }
        try packed.withUnsafeBytes { values in
            try txn.withCursor(streamIndex) { cursor in
                for run in runs {
                    try withUnsafeBytes(of: run.id.bigEndian) { key in
                        try cursor.putDuplicates(
                            key: key, values: UnsafeRawBufferPointer(rebasing: values[run.start..<run.end]),
                            valueSize: 12, options: .appendDuplicate)
                    }
                }
            }
        }
        try txn.withCursor(typeIndex) { cursor in
            for (offset, values) in typeEntries.enumerated() where !values.isEmpty {
                try withUnsafeBytes(of: UInt32(offset + 1).bigEndian) { key in
                    try values.withUnsafeBytes { values in
                        try cursor.putDuplicates(key: key, values: values, valueSize: 8, options: .appendDuplicate)
                    }
                }
            }
        }
        let through = tail.through
        try txn.put(meta, key: StoreLayout.indexedThroughKey, value: StoreLayout.be(through))
        state.tail = IndexTail(watermark: through)
    }

    /// Gives `stream` the next stream id and records it in the `streams` database.
    private func newStreamID(_ stream: StreamName, _ next: inout UInt32, _ txn: borrowing Transaction) throws -> UInt32
    {
        let id = next
        next += 1
        var name = stream.rawValue
        try name.withUTF8 { name in
            try withUnsafeBytes(of: id.bigEndian) { value in
                try txn.put(streams, key: UnsafeRawBufferPointer(name), value: value, options: .noOverwrite)
            }
        }
        return id
    }

    private func typeID(for name: String, _ txn: borrowing Transaction, _ state: inout WriteState) throws -> UInt32 {
        if let id = committedTypeIDs.withLock({ $0[name] }) ?? state.newTypeIDs[name] { return id }
        if let stored = try txn.get(types, key: Array(name.utf8)) {
            let id = StoreLayout.u32(stored)
            state.newTypeIDs[name] = id
            return id
        }
        let id = state.nextTypeID
        state.nextTypeID += 1
        try txn.put(types, key: Array(name.utf8), value: StoreLayout.be(id))
        state.newTypeIDs[name] = id
        return id
    }
}
