import EventLog
import Foundation
import LMDBStorage

/// The projection checkpoints' cache: an LMDB environment of its own in `<store>/cache`,
/// holding saved fold states by key. It is only a cache: never part of the chain, a verify or a
/// backup (`backup` copies the store's own environment only); deleting it costs one full
/// rebuild per report. Created 0700 (directory) and 0600 (files) whatever the umask.
public final class FoldStateEnvironment: @unchecked Sendable {
    private let environment: Environment
    private let states: Database
    /// The import's fact index (`Docs/storage.md`, "The fact index"): raw keys and values, laid
    /// out by its one user (`CarelogOperations.CachedFactIndex`).
    private let facts: Database
    /// The person index (`Docs/storage.md`, "The person index"): raw keys and values, laid out
    /// by its one user (`CarelogOperations.PersonStreamIndex`).
    private let people: Database

    /// The cache directory of the store at `storePath`.
    public static func directory(forStoreAt storePath: String) -> String {
        (storePath as NSString).appendingPathComponent("cache")
    }

    /// Opens the cache of the store at `storePath`, creating it if needed.
    public init(storePath: String) throws(EventStoreError) {
        let path = Self.directory(forStoreAt: storePath)
        do {
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            }
            // Whatever the umask: the states are derived from health data.
            guard chmod(path, 0o700) == 0 else {
                throw EventStoreError.storage(detail: "cannot restrict the projection cache directory \(path)")
            }
            var options = Environment.Options()
            options.maxDatabases = 4
            // Room for saved states (the access register is about 300 MB at 10.7M events)
            // without growing the map, which waits for every read of the cache in progress.
            options.mapSize = 2 << 30
            environment = try Environment(path: path, options: options)
            let databases = try environment.openDatabases(
                named: ["fold-states", "fact-index", "person-streams"], create: true)
            states = databases[0]
            facts = databases[1]
            people = databases[2]
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw .storage(detail: "cannot open the projection cache at \(path): \(error)")
        }
    }

    /// The bytes saved under `key`, or nil (also when the read fails: a cache miss).
    public func load(key: String) -> [UInt8]? {
        try? environment.read { txn in
            try txn.get(states, key: Array(key.utf8)).map { Array($0) }
        }
    }

    /// Saves `bytes` under `key`; a failure is ignored (the next report rebuilds in full).
    public func save(key: String, bytes: [UInt8]) {
        try? environment.write { txn in try txn.put(states, key: Array(key.utf8), value: bytes) }
    }

    /// The fact index's value under `key`, or nil.
    ///
    /// - Throws: ``EventStoreError/storage(detail:)`` when the cache cannot be read (unlike a
    ///   fold state, an import cannot treat the index's entries as a miss once it relies on them).
    package func factIndexValue(forKey key: [UInt8]) throws(EventStoreError) -> [UInt8]? {
        do {
            return try environment.read { txn in try txn.get(facts, key: key).map { Array($0) } }
        } catch {
            throw .storage(detail: "cannot read the fact index in the projection cache: \(error)")
        }
    }

    /// Writes fact-index entries, in key order, in durable transactions of at most
    /// ``factIndexEntriesPerWrite`` entries each. An entry with `keepsFirst` is not written over a
    /// value already there.
    ///
    /// A transaction's dirty pages are held in memory until it commits (and LMDB keeps that many
    /// for reuse), and entries spread over a large index touch a page each: bounded
    /// transactions bound the memory. In key order, a stream's facts and slots (`…0f`, `…0s`)
    /// come before the entry saying which versions it covers (`…0v`), and the index's own
    /// entries (a first zero byte) before all, so a write cut short by a crash never claims a
    /// fact it does not hold.
    package func writeFactIndex(_ entries: [(key: [UInt8], value: [UInt8], keepsFirst: Bool)])
        throws(EventStoreError)
    {
        let sorted = entries.sorted { Self.keyPrecedes($0.key, $1.key) }
        do {
            for start in stride(from: 0, to: sorted.count, by: Self.factIndexEntriesPerWrite) {
                let group = sorted[start..<min(start + Self.factIndexEntriesPerWrite, sorted.count)]
                try environment.write { txn in
                    for entry in group {
                        do {
                            try txn.put(
                                facts, key: entry.key, value: entry.value, options: entry.keepsFirst ? .noOverwrite : []
                            )
                        } catch let error as LMDBError where error.kind == .keyExists {
                            continue
                        }
                    }
                }
                // The pages the write read stay in the page cache, not in resident memory.
                environment.releaseMappedPages()
            }
        } catch {
            throw .storage(detail: "cannot write the fact index in the projection cache: \(error)")
        }
    }

    /// The most fact-index entries written in one transaction.
    package static let factIndexEntriesPerWrite = 4096

    /// Whether key `a` comes before key `b` in LMDB's default order: bytes compared unsigned by
    /// `memcmp`, a key before any longer key it starts. (`lexicographicallyPrecedes` compared
    /// them element by element through generic code: most of a large index write's time.)
    package static func keyPrecedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                let common = min(x.count, y.count)
                if common > 0, let p = x.baseAddress, let q = y.baseAddress {
                    let order = memcmp(p, q, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }

    /// Deletes every entry of the fact index (it no longer matches the log).
    package func clearFactIndex() throws(EventStoreError) {
        do { try environment.write { txn in try txn.empty(facts) } } catch {
            throw .storage(detail: "cannot clear the fact index in the projection cache: \(error)")
        }
    }

    /// Drops this process's mapping of the cache's pages read so far (they stay in the kernel's
    /// page cache): an import looking up the fact index of a large store calls it as it goes.
    package func releaseMappedPages() { environment.releaseMappedPages() }

    /// The number of fact-index entries (for tests).
    package func factIndexCount() throws(EventStoreError) -> Int {
        do { return try environment.read { txn in try txn.count(facts) } } catch {
            throw .storage(detail: "cannot read the fact index in the projection cache: \(error)")
        }
    }

    // MARK: - The person index

    /// The person index's value under `key`, or nil.
    package func personIndexValue(forKey key: [UInt8]) throws(EventStoreError) -> [UInt8]? {
        do {
            return try environment.read { txn in try txn.get(people, key: key).map { Array($0) } }
        } catch {
            throw .storage(detail: "cannot read the person index in the projection cache: \(error)")
        }
    }

    /// The person index's entries whose keys start with `prefix`, in key order.
    package func personIndexEntries(withPrefix prefix: [UInt8]) throws(EventStoreError) -> [(
        key: [UInt8], value: [UInt8]
    )] {
        do {
            return try environment.read { txn in
                try txn.withCursor(people) { cursor in
                    var found: [(key: [UInt8], value: [UInt8])] = []
                    var entry = try cursor.seek(atOrAfter: prefix)
                    while let e = entry, e.key.starts(with: prefix) {
                        found.append((Array(e.key), Array(e.value)))
                        entry = try cursor.next()
                    }
                    return found
                }
            }
        } catch {
            throw .storage(detail: "cannot read the person index in the projection cache: \(error)")
        }
    }

    /// In one durable transaction, and only if the value under `position` is still `expected`
    /// (nil: none): adds `entries` (a key already there keeps its value) and sets `position` to
    /// `value`. Returns false, writing nothing, when another writer changed `position` first.
    package func extendPersonIndex(
        _ entries: [(key: [UInt8], value: [UInt8])], position: [UInt8], expected: [UInt8]?, value: [UInt8]
    ) throws(EventStoreError) -> Bool {
        let sorted = entries.sorted { Self.keyPrecedes($0.key, $1.key) }
        do {
            let written = try environment.write { txn -> Bool in
                guard try txn.get(people, key: position).map({ Array($0) }) == expected else { return false }
                for entry in sorted {
                    do {
                        try txn.put(people, key: entry.key, value: entry.value, options: .noOverwrite)
                    } catch let error as LMDBError where error.kind == .keyExists {
                        continue
                    }
                }
                try txn.put(people, key: position, value: value)
                return true
            }
            environment.releaseMappedPages()
            return written
        } catch {
            throw .storage(detail: "cannot write the person index in the projection cache: \(error)")
        }
    }

    /// Empties the person index, then writes `entries` (it no longer matches the log).
    package func resetPersonIndex(_ entries: [(key: [UInt8], value: [UInt8])]) throws(EventStoreError) {
        do {
            try environment.write { txn in
                try txn.empty(people)
                for entry in entries { try txn.put(people, key: entry.key, value: entry.value) }
            }
        } catch {
            throw .storage(detail: "cannot clear the person index in the projection cache: \(error)")
        }
    }

    /// The number of person-index entries (for tests).
    package func personIndexCount() throws(EventStoreError) -> Int {
        do { return try environment.read { txn in try txn.count(people) } } catch {
            throw .storage(detail: "cannot read the person index in the projection cache: \(error)")
        }
    }

    /// Deletes the cache of the store at `storePath`; false when there was none.
    public static func clear(storePath: String) throws(EventStoreError) -> Bool {
        let path = directory(forStoreAt: storePath)
        guard FileManager.default.fileExists(atPath: path) else { return false }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw .storage(detail: "cannot delete the projection cache at \(path)")
        }
        return true
    }
}
