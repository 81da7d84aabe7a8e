import EventLog
import LMDBStorage

extension LMDBEventStore {
    public func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        try env.read { txn in
            let cut = try cutoff(selection.knownAt, txn)
            var emitted = 0
            let emit: (RecordedEvent) throws -> Bool = { event in
                if let limit = selection.limit, emitted >= limit { return false }
                try visit(event)
                emitted += 1
                return selection.limit.map { emitted < $0 } ?? true
            }
            if let limit = selection.limit, limit <= 0 { return }
            if let stream = selection.stream {
                try readStream(stream, selection, cut: cut, txn, emit)
            } else if let types = selection.types {
                try readTypes(types, selection, cut: cut, txn, emit)
            } else {
                try readLog(selection, cut: cut, txn, emit)
            }
        }
    }

    public func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        do {
            return try env.read { txn -> UInt32 in
                guard let head = try txn.get(streams, key: Array(stream.rawValue.utf8)) else { return 0 }
                let id = StoreLayout.u32(head)
                let version = try lastVersion(ofStream: id, txn)
                if knownAt == .head { return version }
                let cut = try cutoff(knownAt, txn)
                return try txn.withCursor(streamIndex) { cursor -> UInt32 in
                    // Walk back from the head version to the last one appended at or before the cut.
                    var entry = try cursor.seek(key: StoreLayout.be(id), valueAtOrAfter: StoreLayout.streamIndexValue(version: version, sequence: 0))
                    while let e = entry {
                        if StoreLayout.u64(e.value, at: 4) <= cut { return StoreLayout.u32(e.value) }
                        entry = try cursor.previousDuplicate()
                    }
                    return 0
                }
            }
        } catch {
            throw Self.translate(error)
        }
    }

    public func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint {
        do {
            return try env.read { txn -> Checkpoint in
                let cut = try cutoff(knownAt, txn)
                guard cut > 0, let value = try txn.get(events, key: StoreLayout.sequenceKey(cut)),
                    let (canonical, hash) = StoreLayout.split(value)
                else {
                    return Checkpoint(storeID: storeID, sequence: 0, headHash: .genesis, recordedAt: nil)
                }
                let routing = try EventRecordCodec.routing(canonical)
                return Checkpoint(storeID: storeID, sequence: cut, headHash: hash, recordedAt: routing.recordedAt)
            }
        } catch {
            throw Self.translate(error)
        }
    }

    /// A stream's last version: the last value under its key in the stream index (0 for none).
    func lastVersion(ofStream id: UInt32, _ txn: borrowing Transaction) throws -> UInt32 {
        try txn.withCursor(streamIndex) { cursor in
            guard try cursor.seek(key: StoreLayout.be(id)) != nil, let last = try cursor.lastDuplicate() else { return 0 }
            return StoreLayout.u32(last.value)
        }
    }

    /// The last sequence number visible at `knownAt`, found inside `txn`'s snapshot.
    func cutoff(_ knownAt: KnownAt, _ txn: borrowing Transaction) throws -> UInt64 {
        let last = try txn.withCursor(events) { cursor in try cursor.last().map { StoreLayout.u64($0.key) } ?? 0 }
        switch knownAt {
        case .head: return last
        case .sequence(let s): return min(s, last)
        case .recordedAt(let t):
            // recordedAt never decreases along the sequence, so binary search finds the cut.
            var lo: UInt64 = 0  // recordedAt(lo) <= t (0 stands for "before the first event")
            var hi = last + 1  // recordedAt(hi) > t
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if try recordedAt(of: mid, txn) <= t { lo = mid } else { hi = mid }
            }
            return lo
        }
    }

    private func recordedAt(of sequence: UInt64, _ txn: borrowing Transaction) throws -> Timestamp {
        guard let value = try txn.get(events, key: StoreLayout.sequenceKey(sequence)) else {
            throw EventStoreError.corrupted(detail: "event \(sequence) is missing from the log")
        }
        return try EventRecordCodec.routing(value).recordedAt
    }

    /// Decodes the event stored under `sequence`.
    func event(at sequence: UInt64, _ txn: borrowing Transaction) throws -> RecordedEvent {
        guard let value = try txn.get(events, key: StoreLayout.sequenceKey(sequence)) else {
            throw EventStoreError.corrupted(detail: "event \(sequence) named by an index is missing from the log")
        }
        return try decode(value, sequence: sequence)
    }

    func decode(_ value: UnsafeRawBufferPointer, sequence: UInt64) throws -> RecordedEvent {
        guard let (canonical, hash) = StoreLayout.split(value) else {
            throw EventStoreError.corrupted(detail: "event \(sequence) is too short to hold a hash")
        }
        do {
            return try EventRecordCodec.decode(canonical, hash: hash)
        } catch {
            throw EventStoreError.corrupted(detail: "event \(sequence) cannot be decoded (\(error))")
        }
    }

    private func admits(_ value: UnsafeRawBufferPointer, _ selection: EventSelection) throws -> Bool {
        if selection.occurredFrom == nil && selection.occurredBefore == nil { return true }
        return selection.admitsOccurredAt(try EventRecordCodec.routing(value).occurredAt)
    }

    private func readLog(
        _ selection: EventSelection, cut: UInt64, _ txn: borrowing Transaction, _ emit: (RecordedEvent) throws -> Bool
    ) throws {
        try txn.withCursor(events) { cursor in
            if selection.direction == .forward {
                var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(selection.fromSequence ?? 1))
                while let e = entry {
                    let sequence = StoreLayout.u64(e.key)
                    if sequence > cut { break }
                    if try admits(e.value, selection), try !emit(try decode(e.value, sequence: sequence)) { break }
                    entry = try cursor.next()
                }
            } else {
                let start = min(selection.fromSequence ?? cut, cut)
                guard start > 0 else { return }
                var entry = try cursor.seek(atOrBefore: StoreLayout.sequenceKey(start))
                while let e = entry {
                    let sequence = StoreLayout.u64(e.key)
                    if try admits(e.value, selection), try !emit(try decode(e.value, sequence: sequence)) { break }
                    entry = try cursor.previous()
                }
            }
        }
    }

    private func readStream(
        _ stream: StreamName, _ selection: EventSelection, cut: UInt64, _ txn: borrowing Transaction,
        _ emit: (RecordedEvent) throws -> Bool
    ) throws {
        guard let head = try txn.get(streams, key: Array(stream.rawValue.utf8)) else { return }
        let key = StoreLayout.be(StoreLayout.u32(head))
        let forward = selection.direction == .forward
        try txn.withCursor(streamIndex) { cursor in
            var entry: Cursor.Entry?
            if forward {
                entry = try cursor.seek(key: key, valueAtOrAfter: StoreLayout.streamIndexValue(version: selection.fromStreamVersion ?? 1, sequence: 0))
            } else {
                entry = try Self.seekBackward(&cursor, key: key, atOrBefore: selection.fromStreamVersion.map { StoreLayout.streamIndexValue(version: $0, sequence: .max) })
            }
            while let e = entry {
                let sequence = StoreLayout.u64(e.value, at: 4)
                if sequence > cut {
                    if forward { break }
                } else if let from = selection.fromSequence, forward ? sequence < from : sequence > from {
                    // outside the requested sequence range
                } else {
                    let event = try event(at: sequence, txn)
                    if selection.types?.contains(event.type) ?? true, selection.admitsOccurredAt(event.occurredAt) {
                        if try !emit(event) { break }
                    }
                }
                entry = forward ? try cursor.nextDuplicate() : try cursor.previousDuplicate()
            }
        }
    }

    /// Positions `cursor` on the last value of `key` at or before `value` (nil: the key's last value).
    static func seekBackward(_ cursor: inout Cursor, key: [UInt8], atOrBefore value: [UInt8]?) throws -> Cursor.Entry? {
        guard let value else {
            guard try cursor.seek(key: key) != nil else { return nil }
            return try cursor.lastDuplicate()
        }
        guard let found = try cursor.seek(key: key, valueAtOrAfter: value) else {
            guard try cursor.seek(key: key) != nil else { return nil }
            return try cursor.lastDuplicate()
        }
        if found.value.elementsEqual(value) { return found }
        return try cursor.previousDuplicate()
    }

    /// Walks the type index of each requested type and merges them in sequence order, so a
    /// projection touches only its own events.
    private func readTypes(
        _ names: Set<String>, _ selection: EventSelection, cut: UInt64, _ txn: borrowing Transaction,
        _ emit: (RecordedEvent) throws -> Bool
    ) throws {
        var ids: [UInt32] = []
        for name in names.sorted() {
            if let stored = try txn.get(types, key: Array(name.utf8)) { ids.append(StoreLayout.u32(stored)) }
        }
        guard !ids.isEmpty else { return }
        let forward = selection.direction == .forward
        let start = forward ? (selection.fromSequence ?? 1) : min(selection.fromSequence ?? cut, cut)
        try txn.withCursors(typeIndex, count: ids.count) { cursors in
            // heads[i]: the sequence under cursor i, or nil when that type is exhausted.
            var heads: [UInt64?] = []
            for (i, id) in ids.enumerated() {
                let key = StoreLayout.be(id)
                let e =
                    forward
                    ? try cursors[i].seek(key: key, valueAtOrAfter: StoreLayout.sequenceKey(start))
                    : try Self.seekBackward(&cursors[i], key: key, atOrBefore: StoreLayout.sequenceKey(start))
                heads.append(e.map { StoreLayout.u64($0.value) })
            }
            while true {
                var pick: Int?
                for i in heads.indices {
                    guard let s = heads[i] else { continue }
                    if let p = pick, let best = heads[p], forward ? best <= s : best >= s { continue }
                    pick = i
                }
                guard let i = pick, let sequence = heads[i] else { return }
                if forward && sequence > cut { return }
                let e = forward ? try cursors[i].nextDuplicate() : try cursors[i].previousDuplicate()
                heads[i] = e.map { StoreLayout.u64($0.value) }
                if sequence > cut { continue }
                let event = try event(at: sequence, txn)
                if selection.admitsOccurredAt(event.occurredAt), try !emit(event) { return }
            }
        }
    }
}
