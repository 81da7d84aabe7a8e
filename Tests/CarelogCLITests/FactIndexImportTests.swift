import CareRecord
import CarelogOperations
import DemoPartnership
import EventLog
import Foundation
import LMDBEventLog
import Testing

/// The import's fact index (`Docs/storage.md`, "The fact index"): with room for only a few facts
/// in memory, long streams move to the index in the store's projection cache and their lines
/// are looked up there. Every outcome must be the one reading the streams back from the log gives.
@Suite("The import's fact index gives the outcomes of reading streams back")
struct FactIndexImportTests {
    /// Lines per chunk and facts held in memory: small enough that a demo's medication records
    /// and programme leave memory many times.
    static let chunk = 50
    static let factsLimit = 64
    /// When the imports run: after every demo event.
    static let now = Timestamp(millisecondsSinceEpoch: 1_900_000_000_000)

    /// A demo log's NDJSON export, as `carelog log --format ndjson` writes it (with each event's
    /// `recordedAt` for a migration).
    static func demoExport(includeRecordedAt: Bool = false) throws -> [String] {
        let configuration = DemoConfiguration(seed: 3, people: 6, months: 4)
        let store = InMemoryEventStore(storeID: "demo", clock: { Timestamp(millisecondsSinceEpoch: 0) })
        _ = try DemoBuilder(configuration: configuration).build(into: store)
        return try export(store, includeRecordedAt: includeRecordedAt)
    }

    static func export(_ store: any EventStore, includeRecordedAt: Bool = false) throws -> [String] {
        var lines: [String] = []
        try store.read(EventSelection()) {
            lines.append(EventLine.ndjson(for: $0, includeRecordedAt: includeRecordedAt))
        }
        return lines
    }

    static func bytes(_ lines: [String]) -> [UInt8] { Array(lines.map { $0 + "\n" }.joined().utf8) }

    /// A new LMDB store (and its projection cache) in a fresh directory.
    static func newStore(_ cli: CLIHarness, _ name: String) throws -> (path: String, store: LMDBEventStore) {
        let path = cli.path(name)
        let run = cli.run(["init", "--store", path])
        try #require(run.exitCode == 0, "\(run.stderr)")
        return (path, try LMDBEventStore(path: path))
    }

    /// Imports `lines` in small chunks with little memory, through the store's fact index or not.
    static func importing(
        _ lines: [String], into store: any EventStore, index: (any FactIndex)?
    ) throws(CarelogError) -> EventImporter.Summary {
        var importer = EventImporter(chunkSize: chunk)
        importer.factIndex = index
        importer.factsLimit = factsLimit
        return try importer.run(bytes(lines), into: store, now: now)
    }

    static func programmeStream(in lines: [String]) throws -> StreamName {
        let line = try #require(lines.first { $0.contains(#""type":"ProgrammeDefined""#) })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let name = try #require(object["stream"] as? String)
        return try #require(StreamName(name))
    }

    @Test("an import through the fact index appends exactly the log read-back appends, and again nothing")
    func sameLogAsReadingBackAndNothingTwice() throws {
        let cli = CLIHarness()
        let lines = try Self.demoExport()
        let (path, store) = try Self.newStore(cli, "indexed")
        let cache = try FoldStateEnvironment(storePath: path)
        let indexed = try Self.importing(lines, into: store, index: try CachedFactIndex(cache: cache, store: store))
        let plain = InMemoryEventStore(storeID: "plain", clock: { Self.now })
        let readBack = try Self.importing(lines, into: plain, index: nil)

        #expect(indexed.appended == lines.count)
        #expect(readBack.appended == lines.count)
        #expect(try Self.export(store) == lines)
        #expect(try Self.export(plain) == lines)
        // The index was used: the programme (a long stream with a once-only slot) left memory.
        let index = try CachedFactIndex(cache: cache, store: store)
        #expect(try index.indexedVersion(of: try Self.programmeStream(in: lines)) > 0)
        // More than its three entries of format, store and position.
        #expect(try cache.factIndexCount() > 3)

        let again = try Self.importing(lines, into: store, index: index)
        #expect(again.appended == 0)
        #expect(again.alreadyRecorded == lines.count)
        #expect(try store.checkpoint().sequence == UInt64(lines.count))
    }

    @Test("a line restating or contradicting a fact in the index gets the verdict and message read-back gives")
    func restatedAndContradictingLinesAsReadBack() throws {
        let cli = CLIHarness()
        let lines = try Self.demoExport()
        let programme = try Self.programmeStream(in: lines)
        let defined = try #require(lines.first { $0.contains(#""type":"ProgrammeDefined""#) })
        let medication = try #require(lines.first { $0.contains(#""type":"MedicationRecorded""#) })
        let contradicting = defined.replacingOccurrences(of: #""title":""#, with: #""title":"Renamed "#)
        #expect(contradicting != defined)

        /// The outcome of importing `input`, through the index or by reading back.
        func outcome(_ input: [String], indexed: Bool, name: String) throws -> String {
            let (path, store) = try Self.newStore(cli, name)
            let index =
                indexed ? try CachedFactIndex(cache: try FoldStateEnvironment(storePath: path), store: store) : nil
            do {
                let summary = try Self.importing(input, into: store, index: index)
                if indexed { #expect(try index?.indexedVersion(of: programme) ?? 0 > 0) }
                return summary.description
            } catch {
                return "\(error)"
            }
        }
        let restated = lines + [medication, defined]
        let restatedIndexed = try outcome(restated, indexed: true, name: "restated-indexed")
        #expect(restatedIndexed == (try outcome(restated, indexed: false, name: "restated-plain")))
        #expect(restatedIndexed.hasSuffix(", 2 already recorded"))

        let contradicted = lines + [contradicting]
        let contradictedIndexed = try outcome(contradicted, indexed: true, name: "contradicted-indexed")
        #expect(contradictedIndexed == (try outcome(contradicted, indexed: false, name: "contradicted-plain")))
        #expect(contradictedIndexed.contains("line \(lines.count + 1)"))
        #expect(contradictedIndexed.contains("data.title"))
        #expect(contradictedIndexed.contains("already recorded at version 1 of this stream"))
    }

    @Test("a fact index written from another log — a store restored from an older backup, another store — is emptied")
    func indexFromAnotherLogIsEmptied() throws {
        let cli = CLIHarness()
        let lines = try Self.demoExport()
        let half = lines.count / 2
        let (path, store) = try Self.newStore(cli, "restored")
        let cache = try FoldStateEnvironment(storePath: path)
        _ = try Self.importing(
            Array(lines[..<half]), into: store, index: try CachedFactIndex(cache: cache, store: store))
        // A backup of the log at the half, then the rest imported: the index now covers events
        // the backup does not hold.
        let backup = cli.path("backup")
        try FileManager.default.createDirectory(atPath: backup, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: path + "/data.mdb", toPath: backup + "/data.mdb")
        let rest = Array(lines[half...])
        _ = try Self.importing(rest, into: store, index: try CachedFactIndex(cache: cache, store: store))
        let filled = try cache.factIndexCount()
        #expect(filled > 3)

        // Restored: the log is the backup's again, the cache is not.
        let restored = cli.path("restored-again")
        try FileManager.default.createDirectory(atPath: restored, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: backup + "/data.mdb", toPath: restored + "/data.mdb")
        try FileManager.default.copyItem(atPath: path + "/cache", toPath: restored + "/cache")
        let restoredStore = try LMDBEventStore(path: restored)
        let restoredCache = try FoldStateEnvironment(storePath: restored)
        #expect(try restoredCache.factIndexCount() == filled)
        let index = try CachedFactIndex(cache: restoredCache, store: restoredStore)
        // Only its format and store are left.
        #expect(try restoredCache.factIndexCount() == 2)
        let summary = try Self.importing(rest, into: restoredStore, index: index)
        #expect(summary.appended == lines.count - half)
        #expect(try Self.export(restoredStore) == lines)

        // Another store's cache is not used either.
        let (otherPath, other) = try Self.newStore(cli, "other")
        try? FileManager.default.removeItem(atPath: otherPath + "/cache")
        try FileManager.default.copyItem(atPath: path + "/cache", toPath: otherPath + "/cache")
        let otherCache = try FoldStateEnvironment(storePath: otherPath)
        _ = try CachedFactIndex(cache: otherCache, store: other)
        #expect(try otherCache.factIndexCount() == 2)
    }

    @Test("a migration, which counts each fact's copies in the store, neither reads nor writes the fact index")
    func migrationLeavesTheIndexAlone() throws {
        let cli = CLIHarness()
        let lines = try Self.demoExport(includeRecordedAt: true)
        let (path, store) = try Self.newStore(cli, "migrated")
        let cache = try FoldStateEnvironment(storePath: path)
        var importer = EventImporter(chunkSize: Self.chunk, recordedAtFromInput: true, migratedBy: "staff/S0042")
        importer.factIndex = try CachedFactIndex(cache: cache, store: store)
        importer.factsLimit = Self.factsLimit
        let summary = try importer.run(Self.bytes(lines), into: store, now: Self.now)
        #expect(summary.appended == lines.count)
        // Only the index's format and store, written when it was opened.
        #expect(try cache.factIndexCount() == 2)
    }
}
