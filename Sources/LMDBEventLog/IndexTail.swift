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
struct IndexTail: Sendable {
    /// One event the indexes do not cover yet.
    struct Entry: Sendable {
        var sequence: UInt64
        var stream: StreamName
        var version: UInt32
        var type: String
    }

    /// The last sequence the indexes cover.
    var watermark: UInt64
    /// The events after the watermark, in sequence order.
    private(set) var entries: [Entry] = []
    /// What the tail holds of one stream.
    struct StreamTail: Sendable {
        /// The stream's last version.
        var lastVersion: UInt32
        /// Its sequences in the tail, in order (so a stream read needs no scan).
        var sequences: [UInt64]
    }

    /// The streams that have events in the tail.
    private(set) var streams: [StreamName: StreamTail] = [:]

    init(watermark: UInt64) { self.watermark = watermark }

    /// The last sequence in the log as far as this tail knows.
    var through: UInt64 { entries.last?.sequence ?? watermark }

    /// Makes room for the streams of `count` more events at once (each a new stream at most):
    /// growing the table one event at a time rehashes every stream name again at each doubling.
    mutating func reserveStreams(adding count: Int) {
        streams.reserveCapacity(streams.count + count)
    }

    mutating func append(_ entry: Entry) {
        entries.append(entry)
        Self.record(entry, in: &streams[entry.stream, default: StreamTail(lastVersion: 0, sequences: [])])
    }

    /// Updates a stream's facts in place (one dictionary lookup per event).
    private static func record(_ entry: Entry, in stream: inout StreamTail) {
        stream.lastVersion = entry.version
        stream.sequences.append(entry.sequence)
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
                tail.append(Entry(sequence: sequence, stream: stream, version: fields.streamVersion, type: fields.type))
                entry = try cursor.next()
            }
        }
        return tail
    }
}
