import CareCalendar
import CareRecord
import EventLog
import Foundation
import LMDBEventLog
import Testing

@testable import Projections

/// A fold-state cache in memory.
private final class MemoryCache: FoldStateCache {
    var entries: [String: [UInt8]] = [:]
    func load(key: String) -> [UInt8]? { entries[key] }
    func save(key: String, bytes: [UInt8]) { entries[key] = bytes }
}

/// A report answered by its saved output still reads the events after the output's position
/// (it watches them), and records in the decisive-day summary what it read. Over an LMDB store
/// compliance reads through its own reader: that read must happen even with no fold to feed.
@Suite struct WatchedReadTests {
    @Test(
        "a report answered by its saved output records the blocks it watched as they are, so another period's fold through the summary equals a full rebuild"
    )
    func watchedBlocksAreRecordedAsRead() throws {
        let path = NSTemporaryDirectory() + "carelog-watched-read-\(UUID().uuidString)/store"
        let store = try LMDBEventStore.create(at: path, indexBatch: 50)
        defer { try? FileManager.default.removeItem(atPath: path) }
        func append(_ event: CareEvent, to stream: String) throws {
            let name = try #require(StreamName(stream))
            var proposed = event.proposed(stream: name, occurredAt: t("2020-01-01T00:00:00Z"), actor: "test")
            // Recorded long after both periods: each is settled, so its output is saved.
            proposed.recordedAt = t("2023-11-14T12:00:00Z")
            try store.append([proposed])
        }
        try append(started("2020-01-06", team: "barrhead").careEvent, to: "person/P1")
        for day in 1...20 {
            let date = "2020-02-\(day < 10 ? "0" : "")\(day)"
            try append(scheduled("P1", at: "\(date)T09:00:00Z").careEvent, to: "visit/F\(day)")
            try append(checkIn("\(date)T09:05:00Z").careEvent, to: "visit/F\(day)")
            try append(checkOut("\(date)T09:35:00Z").careEvent, to: "visit/F\(day)")
        }
        let february = params("2020-02-29", from: "2020-02-01", to: "2020-02-29")
        let march = params("2020-03-31", from: "2020-03-01", to: "2020-03-31")
        let cache = MemoryCache()
        func run(_ parameters: ProjectionParameters) throws -> ComplianceOutput {
            let cut = try ProjectionRunner.cut(knownAt: .head, in: store)
            let results = try ProjectionRunner.run(
                Compliance.self, parameters: [parameters], cut: cut, store: store, cache: cache, blockSize: 8)
            return results[0].output
        }
        _ = try run(february)
        #expect(cache.entries.keys.contains { $0.hasSuffix("/output") })
        // March's visits, after February's saved output: they do not reach February's figures.
        for day in 1...20 {
            let date = "2020-03-\(day < 10 ? "0" : "")\(day)"
            try append(scheduled("P1", at: "\(date)T09:00:00Z").careEvent, to: "visit/M\(day)")
            try append(checkIn("\(date)T09:05:00Z").careEvent, to: "visit/M\(day)")
            try append(checkOut("\(date)T09:35:00Z").careEvent, to: "visit/M\(day)")
        }
        let answered = try run(february)
        #expect(answered == (try ProjectionRunner.run(Compliance.self, parameters: february, store: store).output))
        let marchOutput = try run(march)
        let rebuilt = try ProjectionRunner.run(Compliance.self, parameters: march, store: store).output
        #expect(marchOutput == rebuilt)
        #expect(rebuilt.service.missedVisits.denominator == 20)
    }
}
