import CareRecord
import CarelogOperations
import DemoPartnership
import EventLog
import Foundation
import LMDBEventLog
import Testing

/// The person index (`Docs/storage.md`, "The person index"): a person's timeline finds their
/// streams there instead of reading every opening event of the log. Every answer must be the one
/// reading the log gives, at any cut, and an index written from another log is never used.
@Suite("The person index gives the streams reading the log gives")
struct PersonStreamIndexTests {
    static let now = Timestamp(millisecondsSinceEpoch: 1_900_000_000_000)
    /// The demo's people, and one the log never names.
    static let people = (1...6).map { "P0000\($0)" } + ["P00099"]

    /// A demo log imported into an in-memory store with id `storeID`, its first `count` lines
    /// (all: nil), every event recorded at `now`, so two such stores of the same lines hold the
    /// same chain.
    static func store(storeID: String = "demo", count: Int? = nil, now: Timestamp = now) throws -> any EventStore {
        var lines = try FactIndexImportTests.demoExport()
        if let count { lines = Array(lines.prefix(count)) }
        let store = InMemoryEventStore(storeID: storeID, clock: { now })
        _ = try EventImporter().run(FactIndexImportTests.bytes(lines), into: store, now: now)
        return store
    }

    /// An empty projection cache in a fresh directory.
    static func cache(_ cli: CLIHarness, _ name: String) throws -> FoldStateEnvironment {
        let path = cli.path(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return try FoldStateEnvironment(storePath: path)
    }

    /// The streams about `personId` at `cut`, with `index` or reading the log.
    static func streams(
        _ personId: String, at cut: UInt64, in store: any EventStore, index: PersonStreamIndex?
    ) throws -> [StreamName] {
        let own = try #require(StreamName(kind: "person", id: personId))
        return try AuditWiring.streams(of: personId, own: own, cut: .sequence(cut), store: store, index: index)
    }

    static func expectSameAsTheLog(_ store: any EventStore, _ index: PersonStreamIndex, cuts: [UInt64]) throws {
        for cut in cuts {
            for personId in people {
                let indexed = try streams(personId, at: cut, in: store, index: index)
                let read = try streams(personId, at: cut, in: store, index: nil)
                #expect(indexed == read, "\(personId) at \(cut)")
            }
        }
    }

    static func heldPosition(_ cache: FoldStateEnvironment) -> UInt64? {
        PersonStreamIndex(cache: cache).indexedThrough
    }

    @Test("at the head, at earlier cuts and after catching up, the index finds what reading the log finds")
    func sameStreamsAsReadingTheLog() throws {
        let cli = CLIHarness()
        let store = try Self.store()
        let head = try store.checkpoint().sequence
        let cache = try Self.cache(cli, "cache")
        let index = PersonStreamIndex(cache: cache)

        // Built to the middle of the log, then asked at the head: it catches up.
        try index.catchUp(to: head / 2, store: store)
        #expect(Self.heldPosition(cache) == head / 2)
        let firstHalf = try cache.personIndexCount()
        try Self.expectSameAsTheLog(store, index, cuts: [head])
        #expect(Self.heldPosition(cache) == head)
        #expect(try cache.personIndexCount() > firstHalf, "the second half's streams were added")
        // Earlier cuts are answered from the entries' sequences, without reading the log.
        try Self.expectSameAsTheLog(store, index, cuts: [1, head / 3, head / 2, head / 2 + 1, head - 1])
        // The index answers itself (nil would mean the log was read instead), with the person's visits.
        let visits = try #require(index.streams(naming: "P00001", through: head, store: store)).filter {
            $0.kind == "visit"
        }
        #expect(visits.count > 10)
    }

    @Test("written in transactions of a bounded number of log positions, the index holds the same entries")
    func windowsGiveTheSameEntries() throws {
        let cli = CLIHarness()
        let store = try Self.store()
        let head = try store.checkpoint().sequence
        let whole = try Self.cache(cli, "whole")
        try PersonStreamIndex(cache: whole).catchUp(to: head, store: store)
        let stepped = try Self.cache(cli, "stepped")
        let index = PersonStreamIndex(cache: stepped, eventsPerWrite: 97)
        try index.catchUp(to: head / 3, store: store)
        #expect(Self.heldPosition(stepped) == head / 3)
        try index.catchUp(to: head, store: store)
        #expect(Self.heldPosition(stepped) == head)
        #expect(try whole.personIndexCount() == stepped.personIndexCount())
        for personId in Self.people {
            let prefix = Array(personId.utf8) + [0]
            let a = try whole.personIndexEntries(withPrefix: prefix)
            let b = try stepped.personIndexEntries(withPrefix: prefix)
            #expect(a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value), "\(personId)")
        }
    }

    @Test("an index written from a longer log (an older backup restored) is emptied and rebuilt")
    func olderBackupEmptiesTheIndex() throws {
        let cli = CLIHarness()
        let whole = try Self.store()
        let lines = try FactIndexImportTests.demoExport().count
        let backup = try Self.store(count: lines / 2)
        let cache = try Self.cache(cli, "cache")
        let index = PersonStreamIndex(cache: cache)
        let head = try whole.checkpoint().sequence
        try index.catchUp(to: head, store: whole)
        let backupHead = try backup.checkpoint().sequence
        // The test can fail: the whole log names streams the backup does not hold.
        #expect(
            try Self.streams("P00001", at: head, in: whole, index: nil)
                != Self.streams("P00001", at: backupHead, in: backup, index: nil))
        try Self.expectSameAsTheLog(backup, index, cuts: [backupHead, backupHead / 2])
        #expect(Self.heldPosition(cache) == backupHead)
    }

    @Test("an index written from another log of the same length, or for another store, is emptied")
    func anotherLogOrStoreEmptiesTheIndex() throws {
        let cli = CLIHarness()
        let lines = try FactIndexImportTests.demoExport().count
        let original = try Self.store(count: lines / 2)
        let cache = try Self.cache(cli, "cache")
        let index = PersonStreamIndex(cache: cache)
        let head = try original.checkpoint().sequence
        try index.catchUp(to: head, store: original)
        // The same lines recorded at another time: the same length, another chain.
        let other = try Self.store(count: lines / 2, now: Timestamp(millisecondsSinceEpoch: 1_900_000_100_000))
        #expect(try other.checkpoint().sequence == head)
        #expect(try other.checkpoint().headHash != original.checkpoint().headHash)
        // A stale entry the reset must remove: one the other log never holds.
        #expect(
            try cache.extendPersonIndex(
                [(Array("P00001".utf8) + [0] + Array("visit/STALE".utf8), [0, 0, 0, 0, 0, 0, 0, 1])],
                position: [0] + Array("through".utf8),
                expected: cache.personIndexValue(forKey: [0] + Array("through".utf8)),
                value: cache.personIndexValue(forKey: [0] + Array("through".utf8)) ?? []))
        try Self.expectSameAsTheLog(other, index, cuts: [head])
        #expect(try !Self.streams("P00001", at: head, in: other, index: index).contains { $0.id == "STALE" })
        // Another store's id: emptied too, then its own entries.
        let renamed = try Self.store(storeID: "renamed", count: lines / 2)
        try Self.expectSameAsTheLog(renamed, index, cuts: [head])
        #expect(try cache.personIndexValue(forKey: [0] + Array("store".utf8)) == Array("renamed".utf8))
    }

    @Test("on a store on disk, read in place, the index finds what reading the log finds")
    func storeOnDisk() throws {
        let cli = CLIHarness()
        let path = try ExtractTrustTests.demo(cli, people: 8)
        let store = try LMDBEventStore(path: path)
        let cache = try FoldStateEnvironment(storePath: path)
        let head = try store.checkpoint().sequence
        let index = PersonStreamIndex(cache: cache)
        for cut in [head / 4, head] {
            for number in 1...9 {
                let personId = "P0000\(number)"
                #expect(
                    try Self.streams(personId, at: cut, in: store, index: index)
                        == Self.streams(personId, at: cut, in: store, index: nil), "\(personId) at \(cut)")
            }
        }
    }
}
