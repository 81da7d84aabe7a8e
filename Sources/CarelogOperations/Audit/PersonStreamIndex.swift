import CareRecord
import EventLog
import LMDBEventLog

/// The streams about each person, kept in the store's projection cache (`<store>/cache`,
/// database `person-streams`; `Docs/storage.md`, "The person index"), so that a person's
/// timeline (``AuditWiring/person(_:knownAt:asAt:store:index:)``) reads the person's entries
/// instead of every opening event of the log.
///
/// | key | value |
/// |---|---|
/// | person id ‖ 0 ‖ stream name | u64: the sequence of the stream's first event of an opening type naming the person |
/// | 0 ‖ `format` | ``format`` |
/// | 0 ‖ `store` | the store's id |
/// | 0 ‖ `through` | u64 sequence ‖ 32-byte chain hash: every event up to it is in the index |
///
/// Integers are big-endian. An entry is what ``AuditWiring`` finds reading the log: an event of
/// one of ``AuditWiring/personOpeningTypes`` whose payload's `personId` is the person; so at any
/// cut at or before `through`, the person's streams are their entries at or before the cut.
/// Each use checks that the index was written under this format, for this store, from this log
/// (``CachedLogPosition``), and empties it otherwise; then it reads the events after `through`
/// and adds them, in transactions of a bounded number of log positions, each written only if no
/// other writer moved `through` first.
/// It is only a cache: deleting it (`carelog cache clear`) costs one read of the log.
package final class PersonStreamIndex: Sendable {
    private let cache: FoldStateEnvironment
    /// The most log positions read before the entries found are written (one transaction).
    private let eventsPerWrite: UInt64

    /// The layout and what is indexed; a different value empties the index.
    package static let format =
        "person-streams 1: " + AuditWiring.personOpeningTypes.sorted().joined(separator: ",")

    /// The index in `cache`, written in transactions of at most `eventsPerWrite` log positions
    /// (so a first catch-up of a long log holds one such window's entries in memory at a time).
    package init(cache: FoldStateEnvironment, eventsPerWrite: UInt64 = 1 << 20) {
        self.cache = cache
        self.eventsPerWrite = max(1, eventsPerWrite)
    }

    /// The streams whose events of an opening type name `personId`, at or before sequence `cut`
    /// of `store`, after bringing the index up to `cut`; nil when the index cannot answer (the
    /// cache cannot be read or written, or another writer emptied it meanwhile): the caller then
    /// reads the log as without an index.
    package func streams(naming personId: String, through cut: UInt64, store: any EventStore) -> Set<StreamName>? {
        do {
            let indexed = try catchUp(to: cut, store: store)
            guard indexed >= cut else { return nil }
            var found: Set<StreamName> = []
            let prefix = Array(personId.utf8) + [0]
            for entry in try cache.personIndexEntries(withPrefix: prefix) where entry.value.count == 8 {
                guard Self.integer(entry.value[...]) <= cut else { continue }
                // Written by this type from a valid stream name, so it parses.
                if let stream = StreamName(String(decoding: entry.key[prefix.count...], as: UTF8.self)) {
                    found.insert(stream)
                }
            }
            return found
        } catch {
            return nil
        }
    }

    /// The log position the index holds every event up to, as last written (nil: none yet, or
    /// unreadable); not checked against a log.
    package var indexedThrough: UInt64? {
        guard let held = try? cache.personIndexValue(forKey: Self.metaKey("through")), held.count == 40 else {
            return nil
        }
        return Self.integer(held[0..<8])
    }

    /// Checks the index against `store` (emptying it if it was written for another log), then
    /// adds the events after its position, up to `cut`. Returns the position it then holds:
    /// below `cut` only when another writer emptied or moved it meanwhile.
    @discardableResult
    package func catchUp(to cut: UInt64, store: any EventStore) throws -> UInt64 {
        let formatKey = Self.metaKey("format")
        let storeKey = Self.metaKey("store")
        let throughKey = Self.metaKey("through")
        let format = Array(Self.format.utf8)
        let storeID = Array(store.storeID.utf8)
        var through = try cache.personIndexValue(forKey: throughKey)
        var position: UInt64 = 0
        var matches =
            try cache.personIndexValue(forKey: formatKey) == format
            && cache.personIndexValue(forKey: storeKey) == storeID
        if matches, let held = through {
            let sequence = try CachedLogPosition.sequence(in: held, of: store)
            matches = sequence != nil
            position = sequence ?? 0
        }
        if !matches {
            try cache.resetPersonIndex([(formatKey, format), (storeKey, storeID)])
            through = nil
            position = 0
        }
        while position < cut {
            let end = min(cut, position + eventsPerWrite)
            let entries = try Self.entries(after: position, through: end, store: store)
            let value = try CachedLogPosition.bytes(at: end, of: store)
            guard try cache.extendPersonIndex(entries, position: throughKey, expected: through, value: value) else {
                return position
            }
            through = value
            position = end
        }
        return position
    }

    /// The index entries of the events after sequence `start`, up to `end`: the first sequence
    /// at which each stream names each person.
    private static func entries(after start: UInt64, through end: UInt64, store: any EventStore) throws -> [(
        key: [UInt8], value: [UInt8]
    )] {
        var selection = EventSelection.types(AuditWiring.personOpeningTypes).known(at: .sequence(end))
        selection.fromSequence = start + 1
        var first: [[UInt8]: UInt64] = [:]
        func add(_ recorded: RecordedEvent) {
            // Only an id a timeline can ask for is kept (it has no zero byte to split the key).
            guard let personId = AuditWiring.personId(of: recorded), StreamName(kind: "person", id: personId) != nil
            else { return }
            let key = Array(personId.utf8) + [0] + Array(recorded.stream.rawValue.utf8)
            if first[key] == nil { first[key] = recorded.sequence }
        }
        if let lending = store as? any BorrowedEventReading {
            try lending.readBorrowed(selection, { add(try $0.recorded()) }, end: { _ in })
        } else {
            try store.read(selection) { add($0) }
        }
        return first.map { ($0.key, bigEndian($0.value)) }
    }

    private static func metaKey(_ name: String) -> [UInt8] { [0] + Array(name.utf8) }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    private static func integer(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
