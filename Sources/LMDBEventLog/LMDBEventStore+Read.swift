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
                let version = StoreLayout.u32(head, at: 4)
                if knownAt == .head { return version }
                let cut = try cutoff(knownAt, txn)
                return try txn.withCursor(streamIndex) { cursor -> UInt32 in
                    var entry = try cursor.seek(atOrBefore: StoreLayout.streamIndexKey(stream: id, version: version))
                    while let e = entry, StoreLayout.u32(e.key) == id {
                        if StoreLayout.u64(e.value) <= cut { return StoreLayout.u32(e.key, at: 4) }
                        entry = try cursor.previous()
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
        let id = StoreLayout.u32(head)
        let forward = selection.direction == .forward
        try txn.withCursor(streamIndex) { cursor in
            var entry =
                forward
                ? try cursor.seek(atOrAfter: StoreLayout.streamIndexKey(stream: id, version: selection.fromStreamVersion ?? 1))
                : try cursor.seek(atOrBefore: StoreLayout.streamIndexKey(stream: id, version: selection.fromStreamVersion ?? UInt32.max))
            while let e = entry, StoreLayout.u32(e.key) == id {
                let sequence = StoreLayout.u64(e.value)
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
                entry = forward ? try cursor.next() : try cursor.previous()
            }
        }
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
                let e =
                    forward
                    ? try cursors[i].seek(atOrAfter: StoreLayout.typeIndexKey(type: id, sequence: start))
                    : try cursors[i].seek(atOrBefore: StoreLayout.typeIndexKey(type: id, sequence: start))
                heads.append(e.flatMap { StoreLayout.u32($0.key) == id ? StoreLayout.u64($0.key, at: 4) : nil })
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
                let e = forward ? try cursors[i].next() : try cursors[i].previous()
                heads[i] = e.flatMap { StoreLayout.u32($0.key) == ids[i] ? StoreLayout.u64($0.key, at: 4) : nil }
                if sequence > cut { continue }
                let event = try event(at: sequence, txn)
                if selection.admitsOccurredAt(event.occurredAt), try !emit(event) { return }
            }
        }
    }
}
