import EventLog
import Foundation
import LMDBEventLog
import LMDBStorage
import Testing

/// The stream and type indexes catch up in batches (`indexBatch`); events after the watermark
/// are found in the log's tail. These tests check that where the boundary falls
/// changes nothing a reader or verify can see.
@Suite("Index tail")
struct IndexTailTests {
    /// The same appends (fixed clock) into stores whose indexes catch up at different points.
    private func stores(_ batches: [Int], appends: [[ProposedEvent]]) throws -> [(store: LMDBEventStore, path: String)]
    {
        try batches.map { batch in
            let path = temporaryDirectory()
            let clock = ManualClock()
            let store = try LMDBEventStore.create(at: path, clock: clock.read, indexBatch: batch)
            for events in appends {
                try store.append(events)
                clock.advance(milliseconds: 1000)
            }
            return (store, path)
        }
    }

    private func randomAppends(seed: UInt64, count: Int) -> [[ProposedEvent]] {
        var rng = SeededGenerator(state: seed)
        let streams = (0..<6).map { "person/P\($0)" }
        let types = ["ServiceStarted", "ReviewHeld", "VisitScheduled"]
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                event(
                    streams.randomElement(using: &rng)!, types.randomElement(using: &rng)!,
                    at: Int64.random(in: 0...1_000_000, using: &rng))
            }
        }
    }

    @Test("every selection reads the same whether its events are indexed, in the tail, or split between them")
    func readsAgreeAcrossTheWatermark() throws {
        let appends = randomAppends(seed: 77, count: 40)
        let total = UInt64(appends.joined().count)
        var paths: [String] = []
        defer { for path in paths { cleanUp(path) } }
        // First through the stores that wrote the events (whose writer caches the tail)...
        do {
            let all = try stores([1, 7, 1024], appends: appends)
            paths = all.map(\.path)
            try expectSameReads(all.map(\.store), total: total)
        }
        // ...then through fresh handles that must find the tail by scanning the log.
        try expectSameReads(paths.map { try LMDBEventStore(path: $0) }, total: total)
    }

    private func expectSameReads(_ all: [LMDBEventStore], total: UInt64) throws {
        var selections: [EventSelection] = [EventSelection()]
        for direction in [EventSelection.Direction.forward, .backward] {
            for name in ["person/P0", "person/P3", "person/none"] {
                for from in [nil, 2, 5] as [UInt32?] {
                    var s = EventSelection.stream(stream(name), fromVersion: from)
                    s.direction = direction
                    selections.append(s)
                }
            }
            for types in [["ReviewHeld"], ["ServiceStarted", "VisitScheduled"], ["Unknown"]] {
                for from in [nil, total / 3, total - 2] as [UInt64?] {
                    var s = EventSelection.types(Set(types))
                    s.direction = direction
                    s.fromSequence = from
                    selections.append(s)
                }
            }
        }
        // Cuts in transaction time, limits and valid-time windows on top of each.
        var variants: [EventSelection] = []
        for s in selections {
            variants.append(s)
            variants.append(s.known(at: .sequence(total / 2)))
            var limited = s
            limited.limit = 3
            variants.append(limited)
            var window = s
            window.occurredFrom = Timestamp(millisecondsSinceEpoch: 250_000)
            window.occurredBefore = Timestamp(millisecondsSinceEpoch: 750_000)
            variants.append(window)
        }
        for selection in variants {
            let reference = try all[0].events(selection)
            for other in all.dropFirst() {
                #expect(try other.events(selection) == reference, "\(selection)")
            }
        }
        for name in ["person/P0", "person/P5", "person/none"] {
            for point in [KnownAt.head, .sequence(total / 2), .sequence(3)] {
                let reference = try all[0].currentVersion(of: stream(name), knownAt: point)
                for other in all.dropFirst() {
                    #expect(try other.currentVersion(of: stream(name), knownAt: point) == reference)
                }
            }
        }
        for store in all { #expect(try store.verify(against: nil).isValid) }
    }

    @Test("expected versions see the tail: a stale expectation conflicts even before the indexes catch up")
    func conflictsSeeTheTail() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path, indexBatch: 1024)
        try store.append([event("person/P1"), event("person/P1")])
        #expect(try store.currentVersion(of: stream("person/P1"), knownAt: .head) == 2)
        #expect(throws: EventStoreError.self) {
            _ = try store.append(
                AppendBatch(events: [event("person/P1")], expectedVersions: [stream("person/P1"): .exactly(1)]))
        }
        let result = try store.append(
            AppendBatch(events: [event("person/P1")], expectedVersions: [stream("person/P1"): .exactly(2)]))
        #expect(result.positions.map(\.streamVersion) == [3])
    }

    @Test(
        "streams looked up in the index by a commit, found or not, are indexed by its catch-up under their own ids"
    )
    func catchUpReusesLookups() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path, indexBatch: 1)
        try store.append([event("person/P0"), event("person/P1")])
        // One commit: P1 and P0 are in the index (looked up with their ids), P2 and P3 are new;
        // P2 appears twice, so its second event is found in the commit's own tail.
        try store.append([
            event("person/P2"), event("person/P1"), event("person/P2"), event("person/P3"), event("person/P0"),
        ])
        try store.append([event("person/P3"), event("person/P2")])
        let expected: [(String, [UInt64])] = [
            ("person/P0", [1, 7]), ("person/P1", [2, 4]), ("person/P2", [3, 5, 9]), ("person/P3", [6, 8]),
        ]
        for (name, sequences) in expected {
            #expect(try store.events(.stream(stream(name))).map(\.sequence) == sequences, "\(name)")
            #expect(try store.currentVersion(of: stream(name), knownAt: .head) == UInt32(sequences.count))
        }
        #expect(try watermark(path) == 9)
        #expect(try store.verify(against: nil).isValid)
    }

    @Test(
        "the writer's tail carries each stream's version and index id across commits: every catch-up point gives the same ids, versions and reads"
    )
    func tailCarriesIdsAcrossCommits() throws {
        // Streams new in one commit and appended again in later ones before any catch-up, streams
        // indexed earlier that come back, and a reopened store (its tail read back from the log).
        let names = ["person/P0", "person/P1", "visit/V1", "person/P2", "visit/V2", "person/P0"]
        let appends: [[ProposedEvent]] = (0..<12).map { round in
            (0..<(round % 3 + 1)).map { i in event(names[(round * 2 + i) % names.count]) }
        }
        var dumps: [[String]] = []
        for batch in [1, 2, 5, 7, 1024] {
            let path = temporaryDirectory()
            defer { cleanUp(path) }
            do {
                let store = try LMDBEventStore.create(at: path, indexBatch: batch)
                for events in appends.prefix(6) { try store.append(events) }
            }
            var options = LMDBEventStore.Options()
            options.indexBatch = batch
            do {
                let store = try LMDBEventStore(path: path, options: options)
                for events in appends.dropFirst(6) { try store.append(events) }
            }
            // The last commit catches up whatever is left: then every store's indexes are whole.
            options.indexBatch = 1
            let last = try LMDBEventStore(path: path, options: options)
            try last.append([event("person/P9")])
            #expect(try last.verify(against: nil).isValid)
            var dump: [String] = []
            for name in Set(names).sorted() + ["person/P9"] {
                let positions = try last.events(.stream(stream(name))).map { "\($0.streamVersion)@\($0.sequence)" }
                dump.append("\(name): \(positions.joined(separator: " "))")
            }
            try withRawEnvironment(path) { env, dbs in
                try env.read { txn in
                    try txn.withCursor(dbs["streams"]!) { cursor in
                        var entry = try cursor.first()
                        while let e = entry {
                            dump.append("\(String(decoding: e.key, as: UTF8.self)) = \(Array(e.value))")
                            entry = try cursor.next()
                        }
                    }
                }
            }
            dumps.append(dump)
        }
        for dump in dumps.dropFirst() { #expect(dump == dumps[0]) }
        // Ids in the order of each stream's first event.
        #expect(dumps[0].contains("visit/V1 = [0, 0, 0, 2]"))
    }

    @Test("the watermark moves only when a batch of events has gathered, and a reopened store carries on")
    func watermarkMovesInBatches() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path, indexBatch: 10)
            for i in 0..<9 { try store.append([event("person/P\(i % 3)")]) }
        }
        #expect(try watermark(path) == 0)
        do {
            let store = try LMDBEventStore(
                path: path,
                options: {
                    var o = LMDBEventStore.Options()
                    o.indexBatch = 10
                    return o
                }())
            try store.append([event("person/P0")])
            #expect(try store.currentVersion(of: stream("person/P0"), knownAt: .head) == 4)
        }
        #expect(try watermark(path) == 10)
        let store = try LMDBEventStore(path: path)
        #expect(try store.events(.stream(stream("person/P0"))).map(\.sequence) == [1, 4, 7, 10])
        #expect(try store.verify(against: nil).isValid)
    }

    @Test("catching up brings the indexes to the head at once, and changes nothing a reader sees")
    func catchUpIndexesNow() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path, indexBatch: 1024)
            try store.catchUpIndexes()  // an empty log: nothing to do
            for i in 0..<9 { try store.append([event("person/P\(i % 3)")]) }
            #expect(try store.indexWatermark() == 0)
            let before = try store.events(.stream(stream("person/P1")))
            try store.catchUpIndexes()
            #expect(try watermark(path) == 9)
            #expect(try store.indexWatermark() == 9)
            #expect(try store.events(.stream(stream("person/P1"))) == before)
            #expect(try store.currentVersion(of: stream("person/P1"), knownAt: .head) == 3)
            try store.catchUpIndexes()
            #expect(try watermark(path) == 9)
            try store.append([event("person/P1")])
            #expect(try watermark(path) == 9)
        }
        let reopened = try LMDBEventStore(path: path)
        #expect(try reopened.events(.stream(stream("person/P1"))).map(\.sequence) == [2, 5, 8, 10])
        #expect(try reopened.currentVersion(of: stream("person/P1"), knownAt: .sequence(8)) == 3)
        #expect(try reopened.verify(against: nil).isValid)
    }

    @Test("a read-only store refuses to catch its indexes up")
    func readOnlyStoreRefusesCatchUp() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path, indexBatch: 1024)
            try store.append([event("person/P1")])
        }
        var readOnly = LMDBEventStore.Options()
        readOnly.readOnly = true
        #expect(throws: EventStoreError.readOnly) { try LMDBEventStore(path: path, options: readOnly).catchUpIndexes() }
    }

    @Test(
        "a store without a watermark (written before the tail existed) is read as fully indexed and gains one on its next append"
    )
    func storeWithoutWatermark() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path, indexBatch: 1)
            for i in 0..<6 { try store.append([event("person/P\(i % 2)")]) }
        }
        try withRawEnvironment(path) { env, dbs in
            try env.write { txn in try txn._deleteForTesting(dbs["meta"]!, key: Array("indexedThrough".utf8)) }
        }
        let store = try LMDBEventStore(path: path)
        #expect(try store.events(.stream(stream("person/P1"))).map(\.sequence) == [2, 4, 6])
        #expect(try store.verify(against: nil).isValid)
        try store.append([event("person/P1")])
        #expect(try watermark(path) == 6)
        #expect(try store.events(.stream(stream("person/P1"))).map(\.sequence) == [2, 4, 6, 7])
        #expect(try store.verify(against: nil).isValid)
    }

    @Test("verify names an index entry for an event beyond the watermark, and a watermark beyond the log")
    func verifyChecksTheWatermark() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path, indexBatch: 4)
            for i in 0..<6 { try store.append([event("person/P\(i % 2)")]) }
        }
        // Sequence 5 is in the tail (the indexes cover 1–4); give it a type-index entry.
        try withRawEnvironment(path) { env, dbs in
            try env.write { txn in
                try txn.put(
                    dbs["type-index"]!, key: [0, 0, 0, 1], value: StoreLayoutKeyForTests.sequence(5),
                    options: .appendDuplicate)
            }
        }
        let extra = try LMDBEventStore(path: path).verify(against: nil)
        #expect(extra.problems.map(\.kind) == [.typeIndex])
        #expect(extra.firstBadSequence == 5)
        try withRawEnvironment(path) { env, dbs in
            try env.write { txn in
                try txn._deleteForTesting(
                    dbs["type-index"]!, key: [0, 0, 0, 1], value: StoreLayoutKeyForTests.sequence(5))
                try txn.put(dbs["meta"]!, key: Array("indexedThrough".utf8), value: StoreLayoutKeyForTests.sequence(60))
            }
        }
        let beyond = try LMDBEventStore(path: path).verify(against: nil)
        #expect(beyond.problems.contains { $0.kind == .streamIndex && $0.message.contains("sequence 60") })
    }

    private func watermark(_ path: String) throws -> UInt64? {
        var value: UInt64?
        try withRawEnvironment(path) { env, dbs in
            try env.read { txn in
                if let v = try txn.get(dbs["meta"]!, key: Array("indexedThrough".utf8)) {
                    value = v.reduce(0) { $0 << 8 | UInt64($1) }
                }
            }
        }
        return value
    }
}
