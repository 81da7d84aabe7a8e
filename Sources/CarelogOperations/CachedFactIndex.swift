import CareRecord
import EventLog
import LMDBEventLog
import Synchronization

/// The import's ``CareRecord/FactIndex`` for a store, kept in its projection cache
/// (`<store>/cache`, database `fact-index`; `Docs/storage.md`, "The fact index").
///
/// Keys start with the stream's name and a zero byte (no stream name holds one), so a stream's
/// entries lie together:
///
/// | key | value |
/// |---|---|
/// | name ‖ 0 ‖ `f` ‖ 32-byte fact key | u32 version ‖ u64 sequence where the fact is first recorded |
/// | name ‖ 0 ‖ `s` ‖ slot (UTF-8) | u32 version ‖ 32-byte fact key of the slot's first fact |
/// | name ‖ 0 ‖ `v` | u32: the last version whose facts are all held |
/// | 0 ‖ `format` | ``CareRecord/FactIdentity/indexVersion`` |
/// | 0 ‖ `store` | the store's id |
/// | 0 ‖ `through` | u64 sequence ‖ 32-byte chain hash: the log the entries were read from |
///
/// Integers are big-endian. Opening it checks that it was written under this catalogue, for this
/// store, and from this log (``CachedLogPosition``: the log still holds the recorded chain hash
/// at the recorded sequence; every entry is of an event at or before it);
/// otherwise it is emptied first. So a store restored from an older backup, or a cache copied
/// from another store, is never trusted.
package final class CachedFactIndex: FactIndex {
    private let cache: FoldStateEnvironment
    private let store: any EventStore
    /// The last sequence recorded in `0 ‖ through` (0: none).
    private let through = Mutex<UInt64>(0)
    /// Lookups since the cache's mapped pages were last released.
    private let lookups = Mutex(0)
    /// How many lookups touch the cache's pages before they are released from resident memory
    /// (``LMDBEventLog/FoldStateEnvironment/releaseMappedPages()``); every write releases them too.
    private static let lookupsBetweenReleases = 1 << 14

    /// Opens the index in `cache` for `store`, emptying it if it was written for another log.
    package init(cache: FoldStateEnvironment, store: any EventStore) throws(CatalogueError) {
        self.cache = cache
        self.store = store
        do {
            let head = try store.checkpoint()
            let format = Array(FactIdentity.indexVersion.utf8)
            let storeID = Array(head.storeID.utf8)
            let formatHeld = try cache.factIndexValue(forKey: Self.metaKey("format"))
            let storeHeld = try cache.factIndexValue(forKey: Self.metaKey("store"))
            var matches = formatHeld == format && storeHeld == storeID
            if matches, let value = try cache.factIndexValue(forKey: Self.metaKey("through")) {
                let sequence = try CachedLogPosition.sequence(in: value, of: store)
                matches = sequence != nil
                if let sequence { through.withLock { $0 = sequence } }
            }
            if !matches {
                try cache.clearFactIndex()
                try cache.writeFactIndex([
                    (Self.metaKey("format"), format, false), (Self.metaKey("store"), storeID, false),
                ])
            }
        } catch {
            throw Self.unavailable(error)
        }
    }

    package func indexedVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 {
        guard let value = try get(Self.key(stream, tag: Self.coverageTag, [])), value.count == 4 else { return 0 }
        return Self.integer(value[0..<4], as: UInt32.self)
    }

    package func position(of key: FactKey, in stream: StreamName) throws(CatalogueError) -> (
        version: UInt32, sequence: UInt64
    )? {
        guard let value = try get(Self.key(stream, tag: Self.factTag, key.bytes)), value.count == 12 else { return nil }
        return (Self.integer(value[0..<4], as: UInt32.self), Self.integer(value[4..<12], as: UInt64.self))
    }

    package func onceFact(in slot: String, of stream: StreamName) throws(CatalogueError) -> (
        version: UInt32, key: FactKey
    )? {
        guard let value = try get(Self.key(stream, tag: Self.slotTag, Array(slot.utf8))), value.count == 36,
            let key = value[4..<36].withUnsafeBytes({ FactKey(bytes: $0) })
        else { return nil }
        return (Self.integer(value[0..<4], as: UInt32.self), key)
    }

    package func record(_ streams: [IndexedFacts]) throws(CatalogueError) {
        var entries: [(key: [UInt8], value: [UInt8], keepsFirst: Bool)] = []
        var last: UInt64 = 0
        for indexed in streams {
            var streamEntries: [(key: [UInt8], value: [UInt8], keepsFirst: Bool)] = []
            for fact in indexed.facts {
                streamEntries.append(
                    (
                        Self.key(indexed.stream, tag: Self.factTag, fact.key.bytes),
                        Self.bigEndian(fact.version) + Self.bigEndian(fact.sequence), true
                    ))
                if let slot = fact.slot {
                    streamEntries.append(
                        (
                            Self.key(indexed.stream, tag: Self.slotTag, Array(slot.utf8)),
                            Self.bigEndian(fact.version) + fact.key.bytes, true
                        ))
                }
                last = max(last, fact.sequence)
            }
            // A key LMDB cannot hold (a slot naming a very long staff id) leaves the stream out:
            // its coverage must not claim a slot the index lacks.
            guard streamEntries.allSatisfy({ $0.key.count <= Self.longestKey }) else { continue }
            entries += streamEntries
            entries.append(
                (Self.key(indexed.stream, tag: Self.coverageTag, []), Self.bigEndian(indexed.through), false))
        }
        guard !entries.isEmpty else { return }
        do {
            // Another process may have recorded a later position meanwhile: it is kept.
            var recorded = through.withLock { $0 }
            if let value = try cache.factIndexValue(forKey: Self.metaKey("through")), value.count == 40 {
                recorded = max(recorded, Self.integer(value[0..<8], as: UInt64.self))
            }
            if last > recorded {
                // The log these entries come from, fixed by its chain hash at the latest of them.
                entries.append((Self.metaKey("through"), try CachedLogPosition.bytes(at: last, of: store), false))
            }
            try cache.writeFactIndex(entries)
            through.withLock { $0 = max(recorded, last) }
        } catch {
            throw Self.unavailable(error)
        }
    }

    // MARK: - Layout

    private static let factTag = UInt8(ascii: "f")
    private static let slotTag = UInt8(ascii: "s")
    private static let coverageTag = UInt8(ascii: "v")
    /// LMDB's default longest key.
    private static let longestKey = 511

    private static func key(_ stream: StreamName, tag: UInt8, _ rest: [UInt8]) -> [UInt8] {
        var key = Array(stream.rawValue.utf8)
        key.reserveCapacity(key.count + 2 + rest.count)
        key.append(0)
        key.append(tag)
        key += rest
        return key
    }

    private static func metaKey(_ name: String) -> [UInt8] { [0] + Array(name.utf8) }

    private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    private static func integer<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, as: T.Type) -> T {
        bytes.reduce(T.zero) { $0 << 8 | T($1) }
    }

    private func get(_ key: [UInt8]) throws(CatalogueError) -> [UInt8]? {
        guard key.count <= Self.longestKey else { return nil }
        // The pages a large index's lookups touch would otherwise stay in resident memory.
        let release = lookups.withLock { count in
            count += 1
            guard count >= Self.lookupsBetweenReleases else { return false }
            count = 0
            return true
        }
        if release { cache.releaseMappedPages() }
        do { return try cache.factIndexValue(forKey: key) } catch { throw Self.unavailable(error) }
    }

    private static func unavailable(_ error: any Error) -> CatalogueError {
        let detail = (error as? EventStoreError)?.description ?? "\(error)"
        return CatalogueError(
            kind: .storeUnavailable,
            message:
                "the fact index in the store's projection cache could not be used (\(detail)); delete it with `carelog cache clear` and run the import again"
        )
    }
}
