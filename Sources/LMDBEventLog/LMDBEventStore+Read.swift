import EventLog
import LMDBStorage
import Synchronization

extension LMDBEventStore {
    /// Visits the selected events in order (see ``EventStore/read(_:_:)``).
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

    /// The stream's last version as known at `knownAt`; 0 when it has no events.
    public func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        do {
            return try env.read { txn -> UInt32 in
                let cut = try cutoff(knownAt, txn)
                let watermark = try indexedThrough(txn)
                // Events after the watermark are not in the index yet: the newest one wins.
                if let fromTail = try tailFacts(watermark: watermark, through: cut, stream: stream, txn).lastVersion {
                    return fromTail
                }
                guard let head = try txn.get(streams, key: Array(stream.rawValue.utf8)) else { return 0 }
                let id = StoreLayout.u32(head)
                let version = try lastVersion(ofStream: id, txn)
                if knownAt == .head { return version }
                return try txn.withCursor(streamIndex) { cursor -> UInt32 in
                    // Walk back from the head version to the last one appended at or before the cut.
                    var entry = try cursor.seek(
                        key: StoreLayout.be(id),
                        valueAtOrAfter: StoreLayout.streamIndexValue(version: version, sequence: 0))
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

    /// The checkpoint of the log as known at `knownAt`.
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
            guard try cursor.seek(key: StoreLayout.be(id)) != nil, let last = try cursor.lastDuplicate() else {
                return 0
            }
            return StoreLayout.u32(last.value)
        }
    }

    /// The last sequence the stream and type indexes cover, as of `txn`'s snapshot. Stores
    /// written before the index tail existed index every commit and have no watermark.
    func indexedThrough(_ txn: borrowing Transaction) throws -> UInt64 {
        try indexBounds(txn).watermark
    }

    /// The last sequence the stream and type indexes cover now (`meta/indexedThrough`); the
    /// events after it are the unindexed tail (``IndexTail``).
    package func indexWatermark() throws(EventStoreError) -> UInt64 {
        do { return try env.read { txn in try indexedThrough(txn) } } catch { throw Self.translate(error) }
    }

    /// The indexes' watermark and the last sequence of the log in `txn`'s snapshot.
    func indexBounds(_ txn: borrowing Transaction) throws -> (watermark: UInt64, last: UInt64) {
        let last = try txn.withCursor(events) { cursor in try cursor.last().map { StoreLayout.u64($0.key) } ?? 0 }
        return (min(try storedWatermark(txn) ?? last, last), last)
    }

    /// `meta/indexedThrough` as stored; nil for stores written before the index tail existed.
    func storedWatermark(_ txn: borrowing Transaction) throws -> UInt64? {
        guard let stored = try txn.get(meta, key: StoreLayout.indexedThroughKey), stored.count == 8 else { return nil }
        return StoreLayout.u64(stored)
    }

    /// What this process's writer knows of `stream` in the tail up to sequence `cut`, when its
    /// cached tail extends the snapshot's (the same watermark, and at least through `cut`): a
    /// stream's tail events without a scan. The log only grows, so the tail's events up to `cut`
    /// are the snapshot's, also while the writer commits more. Nil when there is no such cache
    /// (a reading process, another process's commit, or the snapshot is of a later log).
    func cachedTailFacts(watermark: UInt64, through cut: UInt64, stream: StreamName) -> (
        lastVersion: UInt32?, sequences: [UInt64]
    )? {
        cachedTail.withLock { tail in
            guard let tail, tail.watermark == watermark, tail.through >= cut else { return nil }
            guard let facts = tail.stream(named: stream) else { return (nil, []) }
            return tail.events(of: facts, through: cut)
        }
    }

    /// A stream's last version and sequences in the tail up to `cut`, in `txn`'s snapshot: from
    /// this process's copy of the tail when it extends the snapshot's (``cachedTailFacts(watermark:through:stream:)``),
    /// else from a copy read from the log now, which is kept for the reads after it when it is
    /// newer than the copy held. So a process reads the tail once for each change of the log it
    /// sees, not once for each stream it reads (a re-run import reads a stream for every line it
    /// finds already recorded, over a tail of up to a bulk import's index batch).
    func tailFacts(
        watermark: UInt64, through cut: UInt64, stream: StreamName, _ txn: borrowing Transaction
    ) throws -> (lastVersion: UInt32?, sequences: [UInt64]) {
        if let cached = cachedTailFacts(watermark: watermark, through: cut, stream: stream) { return cached }
        guard cut > watermark else { return (nil, []) }
        let tail = try readAndKeepTail(after: watermark, txn)
        guard let facts = tail.stream(named: stream) else { return (nil, []) }
        return tail.events(of: facts, through: cut)
    }

    /// The sequences of the tail's events of the given types up to `cut`, in `txn`'s snapshot, in
    /// sequence order: from this process's copy of the tail as ``tailFacts(watermark:through:stream:_:)``
    /// finds a stream's, so a type read beside a long unindexed tail looks at each tail event's
    /// type in memory instead of reading every event of the tail from the log.
    func tailSequences(
        ofTypes wanted: [String], watermark: UInt64, through cut: UInt64, _ txn: borrowing Transaction
    ) throws -> [UInt64] {
        let cached = cachedTail.withLock { tail -> [UInt64]? in
            guard let tail, tail.watermark == watermark, tail.through >= cut else { return nil }
            return tail.sequences(ofTypes: wanted, through: cut)
        }
        if let cached { return cached }
        guard cut > watermark else { return [] }
        return try readAndKeepTail(after: watermark, txn).sequences(ofTypes: wanted, through: cut)
    }

    /// The tail after `watermark` read from the log in `txn`'s snapshot, kept as this process's
    /// copy when it is newer than the copy held.
    private func readAndKeepTail(after watermark: UInt64, _ txn: borrowing Transaction) throws -> IndexTail {
        let last = try txn.withCursor(events) { cursor in try cursor.last().map { StoreLayout.u64($0.key) } ?? 0 }
        let tail = try IndexTail.read(after: watermark, through: last, events: events, txn)
        cachedTail.withLock { held in
            if let held,
                held.watermark > tail.watermark || (held.watermark == tail.watermark && held.through >= tail.through)
            {
                return
            }
            held = tail
        }
        return tail
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

    /// A stream's events: the indexed ones through the stream index, then (or, backward,
    /// first) the ones in the unindexed tail.
    private func readStream(
        _ stream: StreamName, _ selection: EventSelection, cut: UInt64, _ txn: borrowing Transaction,
        _ emit: (RecordedEvent) throws -> Bool
    ) throws {
        let watermark = try indexedThrough(txn)
        let forward = selection.direction == .forward
        let target = Array(stream.rawValue.utf8)
        let tail = try tailFacts(watermark: watermark, through: cut, stream: stream, txn)
        func visitTail() throws -> Bool {
            for sequence in forward ? tail.sequences : tail.sequences.reversed() {
                if let from = selection.fromSequence, forward ? sequence < from : sequence > from { continue }
                let event = try event(at: sequence, txn)
                if let from = selection.fromStreamVersion,
                    forward ? event.streamVersion < from : event.streamVersion > from
                {
                    continue
                }
                guard selection.types?.contains(event.type) ?? true, selection.admitsOccurredAt(event.occurredAt)
                else { continue }
                if try !emit(event) { return false }
            }
            return true
        }
        if !forward, try !visitTail() { return }
        if try !readIndexedStream(target, selection, cut: min(cut, watermark), txn, emit) { return }
        if forward { _ = try visitTail() }
    }

    /// The stream's events in the stream index up to `cut`; false when `emit` stopped the read.
    private func readIndexedStream(
        _ name: [UInt8], _ selection: EventSelection, cut: UInt64, _ txn: borrowing Transaction,
        _ emit: (RecordedEvent) throws -> Bool
    ) throws -> Bool {
        guard let head = try txn.get(streams, key: name) else { return true }
        let key = StoreLayout.be(StoreLayout.u32(head))
        let forward = selection.direction == .forward
        return try txn.withCursor(streamIndex) { cursor in
            var entry: Cursor.Entry?
            if forward {
                entry = try cursor.seek(
                    key: key,
                    valueAtOrAfter: StoreLayout.streamIndexValue(version: selection.fromStreamVersion ?? 1, sequence: 0)
                )
            } else {
                entry = try Self.seekBackward(
                    &cursor, key: key,
                    atOrBefore: selection.fromStreamVersion.map {
                        StoreLayout.streamIndexValue(version: $0, sequence: .max)
                    })
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
                        if try !emit(event) { return false }
                    }
                }
                entry = forward ? try cursor.nextDuplicate() : try cursor.previousDuplicate()
            }
            return true
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
    /// projection touches only its own events; the unindexed tail's events of those types
    /// follow (or, backward, precede) the indexed events.
    private func readTypes(
        _ names: Set<String>, _ selection: EventSelection, cut: UInt64, _ txn: borrowing Transaction,
        _ emit: (RecordedEvent) throws -> Bool
    ) throws {
        try visitTypes(names, selection, cut: cut, txn) { sequence, value in
            let event = try decode(value, sequence: sequence)
            guard selection.admitsOccurredAt(event.occurredAt) else { return true }
            return try emit(event)
        }
    }

    /// The stored values (canonical bytes and hash, borrowed from `txn`) of the events of the
    /// given types up to `cut`, in the selection's direction; `emit` filters by `occurredAt`
    /// itself and returns false to stop. Without `filtering`, a forward read of types that are
    /// most of the log also emits the indexed events of other types (the caller skips them).
    func visitTypes(
        _ names: Set<String>, _ selection: EventSelection, cut: UInt64, filtering: Bool = true,
        _ txn: borrowing Transaction,
        _ emit: (UInt64, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        let watermark = try indexedThrough(txn)
        let forward = selection.direction == .forward
        // The tail's events of these types, found in this process's copy of the tail, then read
        // one by one.
        func visitTail() throws -> Bool {
            guard cut > watermark else { return true }
            let sequences = try tailSequences(ofTypes: Array(names), watermark: watermark, through: cut, txn)
            return try txn.withCursor(events) { cursor in
                for sequence in forward ? sequences : sequences.reversed() {
                    if let from = selection.fromSequence, forward ? sequence < from : sequence > from { continue }
                    guard let entry = try cursor.seek(key: StoreLayout.sequenceKey(sequence)) else {
                        throw EventStoreError.corrupted(detail: "event \(sequence) of the index tail is missing")
                    }
                    if try !emit(sequence, entry.value) { return false }
                }
                return true
            }
        }
        if !forward, try !visitTail() { return }
        if try !visitIndexedTypes(names, selection, cut: min(cut, watermark), filtering: filtering, txn, emit) {
            return
        }
        if forward { _ = try visitTail() }
    }

    /// The indexed events of the given types up to `cut`; false when `emit` stopped the read.
    private func visitIndexedTypes(
        _ names: Set<String>, _ selection: EventSelection, cut: UInt64, filtering: Bool,
        _ txn: borrowing Transaction,
        _ emit: (UInt64, UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        var ids: [UInt32] = []
        for name in names.sorted() {
            if let stored = try txn.get(types, key: Array(name.utf8)) { ids.append(StoreLayout.u32(stored)) }
        }
        guard !ids.isEmpty, cut > 0 else { return true }
        let forward = selection.direction == .forward
        let start = forward ? (selection.fromSequence ?? 1) : min(selection.fromSequence ?? cut, cut)
        // A read of most of the log (compliance reads 99 % of a demo's events) steps one cursor
        // over the log and skips the few events of other types, instead of merging one index
        // cursor per type: one cursor move per event instead of two and a pick among the types.
        if forward, try typesCoverMostOfTheLog(ids, txn) {
            guard filtering else { return try scanLog(from: start, through: cut, txn, emit) }
            return try scanLog(forTypes: names, from: start, through: cut, txn, emit)
        }
        // Forward, the events are fetched with one cursor that steps on from the last one read
        // (a projection reads most of the log, so the next wanted event is usually a step or
        // two away) instead of a lookup from the root per event.
        return try txn.withCursor(events) { (log: inout Cursor) in
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
                var logCursor = LogCursorPosition()
                while true {
                    var pick: Int?
                    for i in heads.indices {
                        guard let s = heads[i] else { continue }
                        if let p = pick, let best = heads[p], forward ? best <= s : best >= s { continue }
                        pick = i
                    }
                    guard let i = pick, let sequence = heads[i] else { return true }
                    if forward && sequence > cut { return true }
                    let e = forward ? try cursors[i].nextDuplicate() : try cursors[i].previousDuplicate()
                    heads[i] = e.map { StoreLayout.u64($0.value) }
                    if sequence > cut { continue }
                    let value: UnsafeRawBufferPointer?
                    if forward {
                        value = try logCursor.step(&log, to: sequence)
                    } else {
                        value = try txn.get(events, key: StoreLayout.sequenceKey(sequence))
                    }
                    guard let value else {
                        throw EventStoreError.corrupted(
                            detail: "event \(sequence) named by an index is missing from the log")
                    }
                    if try !emit(sequence, value) { return false }
                }
            }
        }
    }
}

extension LMDBEventStore {
    /// Whether the indexed events of the types `ids` are at least three quarters of the index
    /// (counted over the whole log: a heuristic that decides only how they are read).
    fileprivate func typesCoverMostOfTheLog(_ ids: [UInt32], _ txn: borrowing Transaction) throws -> Bool {
        let total = try txn.count(typeIndex)
        guard total > 0 else { return false }
        var selected = 0
        try txn.withCursor(typeIndex) { cursor in
            for id in ids where try cursor.seek(key: StoreLayout.be(id)) != nil {
                selected += try cursor.duplicateCount()
            }
        }
        return selected >= total - total / 4
    }

    /// The events of the types `names` from `start` through `cut` (all indexed), in log order,
    /// read by stepping one cursor over the log; false when `emit` stopped the read.
    fileprivate func scanLog(
        forTypes names: Set<String>, from start: UInt64, through cut: UInt64, _ txn: borrowing Transaction,
        _ emit: (UInt64, UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        var matcher = TypeMatcher(names)
        return try txn.withCursor(events) { cursor in
            var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(start))
            while let e = entry {
                let sequence = StoreLayout.u64(e.key)
                if sequence > cut { return true }
                let type: UnsafeRawBufferPointer
                do {
                    // The canonical bytes before the 32-byte hash (no hash value built).
                    guard e.value.count > 32 else {
                        throw EventRecordCodec.DecodingFailure.truncated(at: e.value.count)
                    }
                    type = try EventRecordCodec.routingNames(UnsafeRawBufferPointer(rebasing: e.value.dropLast(32)))
                        .type
                } catch {
                    throw EventStoreError.corrupted(detail: "event \(sequence) cannot be decoded (\(error))")
                }
                if matcher.wants(type), try !emit(sequence, e.value) { return false }
                entry = try cursor.next()
            }
            return true
        }
    }
}

extension LMDBEventStore {
    /// Every event of the log from `start` through `cut`, of whatever type, by stepping one
    /// cursor over the log (nothing of the value read here); false when `emit` stopped the read.
    fileprivate func scanLog(
        from start: UInt64, through cut: UInt64, _ txn: borrowing Transaction,
        _ emit: (UInt64, UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        try txn.withCursor(events) { cursor in
            var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(start))
            while let e = entry {
                let sequence = StoreLayout.u64(e.key)
                if sequence > cut { return true }
                if try !emit(sequence, e.value) { return false }
                entry = try cursor.next()
            }
            return true
        }
    }
}

/// Which stored event types a scan of the log wants, remembered per type name's bytes as they
/// are met (a log has a few dozen types), so each event costs a length check and a compare or
/// two, and no `String`.
struct TypeMatcher {
    private let names: Set<String>
    private var known: [(bytes: [UInt8], wanted: Bool)] = []
    private var last = 0

    init(_ names: Set<String>) { self.names = names }

    mutating func wants(_ type: UnsafeRawBufferPointer) -> Bool {
        if last < known.count, type.sameBytes(as: known[last].bytes) { return known[last].wanted }
        for index in known.indices where type.sameBytes(as: known[index].bytes) {
            last = index
            return known[index].wanted
        }
        let wanted = names.contains(String(decoding: type, as: UTF8.self))
        known.append((Array(type), wanted))
        last = known.count - 1
        return wanted
    }
}

/// Where a forward read's cursor over the log stands, so the next event it wants is reached by
/// stepping on when it is near (events of the types read are most of the log) and by a seek
/// from the root otherwise.
struct LogCursorPosition {
    /// The sequence the cursor is on; nil before the first move.
    private var at: UInt64?
    /// Farther than this, a seek is cheaper than stepping.
    private static let maximumSteps: UInt64 = 8

    /// The stored value of event `sequence` (after the cursor's position), or nil when the log
    /// has no such event.
    mutating func step(_ cursor: inout Cursor, to sequence: UInt64) throws -> UnsafeRawBufferPointer? {
        var entry: Cursor.Entry?
        if let at, sequence > at, sequence - at <= Self.maximumSteps {
            entry = try cursor.next()
            while let current = entry, StoreLayout.u64(current.key) < sequence { entry = try cursor.next() }
        } else {
            entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(sequence))
        }
        guard let entry else {
            at = nil
            return nil
        }
        let found = StoreLayout.u64(entry.key)
        at = found
        return found == sequence ? entry.value : nil
    }
}
