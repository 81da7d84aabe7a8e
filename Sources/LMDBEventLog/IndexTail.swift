import EventLog
import LMDBStorage

/// The events appended after the indexes' watermark (`meta/indexedThrough`).
///
/// A durable commit costs a device flush per page run it writes, so a one-event commit writes
/// only the event: the stream and type indexes catch up in one batch, in a later commit, once
/// ``LMDBEventStore/Options/indexBatch`` events are waiting. Until then the writer keeps the
/// tail's stream versions here, and readers add the tail's events (found by a short scan of
/// the log after the watermark) to what the indexes give. Nothing is lost on a crash: the
/// tail is part of the log, and the next writer reads it back.
///
/// Each stream of the tail is found by one hash of its name per event; its events are chained
/// through the entries (no array per stream), and its streams are kept in the order of their
/// first tail event, the order in which the catch-up numbers new streams.
struct IndexTail: Sendable {
    /// One event the indexes do not cover yet.
    struct Entry: Sendable {
        var sequence: UInt64
        var type: String
        /// The index in ``entries`` of the next event of the same stream (-1: none yet).
        fileprivate(set) var nextOfStream: Int32 = -1
    }

    /// What the stream index holds of a stream, as far as this writer has looked.
    enum IndexedID: Sendable, Equatable {
        /// Not looked up (a tail read back from the log).
        case unknown
        /// Looked up in this transaction: the stream index does not hold it.
        case absent
        /// Looked up in this transaction: its id in the stream index.
        case stored(UInt32)
    }

    /// What the tail holds of one stream.
    struct StreamTail: Sendable {
        /// The stream.
        var name: StreamName
        /// The stream's last version.
        var lastVersion: UInt32
        /// How many of its events are in the tail (versions `lastVersion - count + 1 ... lastVersion`).
        var count: Int32
        /// The index in ``entries`` of its first and last events in the tail.
        var first: Int32
        var last: Int32
        /// Its id in the stream index, if this writer looked it up.
        var indexedID: IndexedID
    }

    /// The last sequence the indexes cover.
    var watermark: UInt64
    /// The events after the watermark, in sequence order.
    private(set) var entries: [Entry] = []
    /// The streams that have events in the tail, in the order of their first tail event.
    private(set) var streams: [StreamTail] = []
    /// Where each stream of ``streams`` is.
    private var slots: [StreamName: Int32] = [:]

    init(watermark: UInt64) { self.watermark = watermark }

    /// The last sequence in the log as far as this tail knows.
    var through: UInt64 { entries.last?.sequence ?? watermark }

    /// The sequences of the events of the `wanted` types up to `cut`, in order. The types are
    /// compared as strings, not hashed: an event type is short enough to be held inline, so a
    /// comparison is one or two words.
    func sequences(ofTypes wanted: [String], through cut: UInt64) -> [UInt64] {
        var sequences: [UInt64] = []
        for entry in entries {
            if entry.sequence > cut { break }
            if wanted.contains(entry.type) { sequences.append(entry.sequence) }
        }
        return sequences
    }

    /// What the tail holds of `stream`, if it has events there.
    func stream(named stream: StreamName) -> StreamTail? {
        slots[stream].map { streams[Int($0)] }
    }

    /// A stream's sequences in the tail, in order.
    func sequences(of stream: StreamTail) -> [UInt64] {
        var sequences: [UInt64] = []
        sequences.reserveCapacity(Int(stream.count))
        var index = stream.first
        while index >= 0 {
            sequences.append(entries[Int(index)].sequence)
            index = entries[Int(index)].nextOfStream
        }
        return sequences
    }

    /// A stream's last version and its sequences in the tail up to `cut`, in order (`nil` and
    /// none when every event of the stream in the tail is after `cut`).
    func events(of stream: StreamTail, through cut: UInt64) -> (lastVersion: UInt32?, sequences: [UInt64]) {
        guard cut < through else { return (stream.lastVersion, sequences(of: stream)) }
        var sequences: [UInt64] = []
        var index = stream.first
        while index >= 0, entries[Int(index)].sequence <= cut {
            sequences.append(entries[Int(index)].sequence)
            index = entries[Int(index)].nextOfStream
        }
        guard !sequences.isEmpty else { return (nil, []) }
        return (stream.lastVersion - UInt32(Int(stream.count) - sequences.count), sequences)
    }

    /// Visits a stream's sequences in the tail, in order, with their versions.
    func forEachEvent(of stream: StreamTail, _ body: (_ version: UInt32, _ sequence: UInt64) -> Void) {
        var version = stream.lastVersion &- UInt32(stream.count) &+ 1
        var index = stream.first
        while index >= 0 {
            body(version, entries[Int(index)].sequence)
            version &+= 1
            index = entries[Int(index)].nextOfStream
        }
    }

    /// Makes room for `count` more events, each of a new stream at most: growing the table one
    /// event at a time rehashes every stream name again at each doubling.
    mutating func reserve(adding count: Int) {
        entries.reserveCapacity(entries.count + count)
        streams.reserveCapacity(streams.count + count)
        slots.reserveCapacity(slots.count + count)
    }

    /// Appends the next event of `stream` at `sequence` and returns the version it gets: one after
    /// the stream's last in the tail, or, for a stream with no events in the tail, one after the
    /// version `committed` gives (with the stream's id in the stream index, kept for the catch-up).
    /// The stream's name is hashed once.
    mutating func appendNext(
        sequence: UInt64, stream: StreamName, type: String,
        committed: (StreamName) throws -> (id: IndexedID, version: UInt32)
    ) rethrows -> UInt32 {
        let index = Int32(entries.count)
        let (slot, inserted) = try withSlot(of: stream) { () throws -> StreamTail in
            let (id, version) = try committed(stream)
            return StreamTail(name: stream, lastVersion: version, count: 0, first: index, last: index, indexedID: id)
        }
        return link(sequence: sequence, type: type, index: index, slot: slot, isNew: inserted, version: nil)
    }

    /// Appends an event read back from the log with its stored version.
    mutating func appendRead(sequence: UInt64, stream: StreamName, version: UInt32, type: String) {
        let index = Int32(entries.count)
        let (slot, inserted) = withSlot(of: stream) {
            StreamTail(name: stream, lastVersion: 0, count: 0, first: index, last: index, indexedID: .unknown)
        }
        _ = link(sequence: sequence, type: type, index: index, slot: slot, isNew: inserted, version: version)
    }

    /// The slot of `stream` in ``streams``, made with `make` when it has none (one hash).
    private mutating func withSlot(
        of stream: StreamName, make: () throws -> StreamTail
    ) rethrows -> (slot: Int32, inserted: Bool) {
        var inserted = false
        var made: StreamTail?
        let next = Int32(streams.count)
        let slot = try Self.find(&slots[stream, default: -1]) { () throws -> Int32 in
            made = try make()
            inserted = true
            return next
        }
        if let made { streams.append(made) }
        return (slot, inserted)
    }

    /// The value in `slot`, or the one `make` gives when it is -1 (kept in it).
    private static func find(_ slot: inout Int32, make: () throws -> Int32) rethrows -> Int32 {
        if slot < 0 { slot = try make() }
        return slot
    }

    /// Adds the entry at `index` to the stream at `slot` and returns its version (`version` when given).
    private mutating func link(
        sequence: UInt64, type: String, index: Int32, slot: Int32, isNew: Bool, version: UInt32?
    ) -> UInt32 {
        entries.append(Entry(sequence: sequence, type: type))
        let s = Int(slot)
        if !isNew { entries[Int(streams[s].last)].nextOfStream = index }
        streams[s].last = index
        streams[s].count += 1
        let assigned = version ?? streams[s].lastVersion + 1
        streams[s].lastVersion = assigned
        return assigned
    }

    /// Reads the tail back from the log: after a restart, or after another process appended.
    static func read(after watermark: UInt64, through last: UInt64, events: Database, _ txn: borrowing Transaction)
        throws -> IndexTail
    {
        var tail = IndexTail(watermark: watermark)
        guard last > watermark else { return tail }
        try txn.withCursor(events) { cursor in
            var entry = try cursor.seek(atOrAfter: StoreLayout.sequenceKey(watermark + 1))
            while let e = entry {
                let sequence = StoreLayout.u64(e.key)
                if sequence > last { break }
                guard let (canonical, _) = StoreLayout.split(e.value) else {
                    throw EventStoreError.corrupted(detail: "event \(sequence) is too short to hold a hash")
                }
                let fields = try EventRecordCodec.indexFields(canonical)
                guard let stream = StreamName(fields.stream) else {
                    throw EventStoreError.corrupted(detail: "event \(sequence) has an invalid stream name")
                }
                tail.appendRead(sequence: sequence, stream: stream, version: fields.streamVersion, type: fields.type)
                entry = try cursor.next()
            }
        }
        return tail
    }
}
