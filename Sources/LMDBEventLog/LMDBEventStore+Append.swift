import EventLog
import Foundation
import Glibc
import LMDBStorage
import Synchronization

extension LMDBEventStore {
    public func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult {
        if env.isReadOnly { throw .readOnly }
        try AppendPlanner.check(batch)
        if batch.events.isEmpty && batch.idempotencyKey == nil {
            return AppendResult(positions: [], wasAlreadyAppended: false)
        }
        return try groupCommit.submit(batch) { group in commit(group) }.get()
    }

    /// What a group's write transaction knows beyond the database: the log's tail and the
    /// stream heads and type ids it has touched but not yet flushed.
    struct WriteState {
        var lastSequence: UInt64 = 0
        var lastHash = EventHash.genesis
        var lastRecordedAt: Timestamp?
        /// Stream heads read or written in this transaction: id (nil until the stream is created) and last version.
        var heads: [StreamName: (id: UInt32?, version: UInt32)] = [:]
        /// Streams created in this transaction, in order of creation.
        var newStreams: [StreamName] = []
        var nextStreamID: UInt32 = 1
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
                // Only new streams are written here; a stream's version lives in the stream index.
                for stream in state.newStreams {
                    try txn.put(streams, key: Array(stream.rawValue.utf8), value: StoreLayout.be(state.heads[stream]!.id!), options: .noOverwrite)
                }
                newTypes = state.newTypeIDs
            }
            if !newTypes.isEmpty {
                committedTypeIDs.withLock { $0.merge(newTypes) { a, _ in a } }
            }
            return results
        } catch {
            return Array(repeating: .failure(diagnoseWriteFailure(error)), count: group.count)
        }
    }

    /// A short write reaches LMDB as `EIO`; when the disk or the process's file-size limit is
    /// exhausted, say so, because "free space and retry" is what the user can act on.
    func diagnoseWriteFailure(_ error: any Error) -> EventStoreError {
        guard let lmdb = error as? LMDBError, lmdb.code == EIO else { return Self.translate(error) }
        let dataFile = path + "/data.mdb"
        let size = ((try? FileManager.default.attributesOfItem(atPath: dataFile))?[.size] as? NSNumber)?.uint64Value ?? 0
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
        var state = WriteState()
        try txn.withCursor(events) { cursor in
            if let last = try cursor.last() {
                guard let (canonical, hash) = StoreLayout.split(last.value) else {
                    throw EventStoreError.corrupted(detail: "the last event's value is too short")
                }
                state.lastSequence = StoreLayout.u64(last.key)
                state.lastHash = hash
                state.lastRecordedAt = try EventRecordCodec.routing(canonical).recordedAt
            }
        }
        state.nextStreamID = UInt32(try txn.count(streams)) + 1
        state.nextTypeID = UInt32(try txn.count(types)) + 1
        return state
    }

    private func append(
        _ batch: AppendBatch, now: Timestamp, _ txn: borrowing Transaction, _ state: inout WriteState
    ) throws -> AppendResult {
        if let key = batch.idempotencyKey, let seen = try txn.get(idempotency, key: Array(key.utf8)) {
            guard seen.count == 44 else { throw EventStoreError.corrupted(detail: "idempotency record for a batch is malformed") }
            guard Array(seen[12..<44]) == batch.contentDigest.bytes else {
                throw EventStoreError.idempotencyKeyReused(key: key)
            }
            let first = StoreLayout.u64(seen)
            let count = StoreLayout.u32(seen, at: 8)
            var positions: [EventPosition] = []
            for sequence in first..<(first + UInt64(count)) {
                guard let value = try txn.get(events, key: StoreLayout.sequenceKey(sequence)),
                    let (canonical, hash) = StoreLayout.split(value)
                else { throw EventStoreError.corrupted(detail: "event \(sequence) named by an idempotency record is missing") }
                positions.append(try EventRecordCodec.decode(canonical, hash: hash).position)
            }
            return AppendResult(positions: positions, wasAlreadyAppended: true)
        }
        let touched = Set(batch.events.map(\.stream)).union(batch.expectedVersions.keys)
        for stream in touched where state.heads[stream] == nil {
            if let head = try txn.get(streams, key: Array(stream.rawValue.utf8)) {
                let id = StoreLayout.u32(head)
                state.heads[stream] = (id, try lastVersion(ofStream: id, txn))
            } else {
                state.heads[stream] = (nil, 0)
            }
        }
        let heads = state.heads
        let recordedAt = AppendPlanner.recordedAt(clock: now, override: batch.recordedAtOverride, last: state.lastRecordedAt)
        let planned = try AppendPlanner.plan(
            batch, firstSequence: state.lastSequence + 1, previousHash: state.lastHash, recordedAt: recordedAt,
            currentVersion: { heads[$0]?.version ?? 0 })

        for event in planned {
            let recorded = event.recorded
            var head = state.heads[recorded.stream]!
            if head.id == nil {
                head.id = state.nextStreamID
                state.nextStreamID += 1
                state.newStreams.append(recorded.stream)
            }
            head.version = recorded.streamVersion
            state.heads[recorded.stream] = head
            let typeID = try typeID(for: recorded.type, txn, &state)
            let sequenceKey = StoreLayout.sequenceKey(recorded.sequence)
            try txn.put(events, key: sequenceKey, concatenating: event.canonical, recorded.hash.bytes, options: .append)
            try txn.put(
                streamIndex, key: StoreLayout.be(head.id!),
                value: StoreLayout.streamIndexValue(version: recorded.streamVersion, sequence: recorded.sequence), options: .appendDuplicate)
            try txn.put(typeIndex, key: StoreLayout.be(typeID), value: sequenceKey, options: .appendDuplicate)
        }
        if let last = planned.last {
            state.lastSequence = last.recorded.sequence
            state.lastHash = last.recorded.hash
            state.lastRecordedAt = last.recorded.recordedAt
            if let key = batch.idempotencyKey {
                let record = StoreLayout.be(planned[0].recorded.sequence) + StoreLayout.be(UInt32(planned.count)) + batch.contentDigest.bytes
                try txn.put(idempotency, key: Array(key.utf8), value: record)
            }
        }
        return AppendResult(positions: planned.map(\.recorded.position), wasAlreadyAppended: false)
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
