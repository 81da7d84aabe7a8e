import EventLog
import Foundation
import LMDBEventLog
import LMDBStorage
import Testing

/// `LMDBEventStore.verify(after:)`: the check `carelog checkpoint --sign` makes of the events
/// after the position verified at the last signature (`Docs/proofs.md` §9).
@Suite("Checking the log after a verified position")
struct VerifyAfterTests {
    /// 20 events alternating between two streams (P0 at odd sequences, P1 at even ones), every
    /// one indexed.
    func makeStore(_ path: String) throws {
        let store = try LMDBEventStore.create(at: path, indexBatch: 1)
        for i in 0..<20 {
            try store.append([
                event("person/P\(i % 2)", i < 10 ? "NoteRecorded" : "VisitRecorded", payload: #"{"n":\#(i)}"#)
            ])
        }
    }

    @Test("a sound log: exactly the events after the position are checked; a wrong or foreign position is refused")
    func soundLogAfterAPosition() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        try makeStore(path)
        let store = try LMDBEventStore(path: path)
        let position = try store.checkpoint(knownAt: .sequence(10))
        let report = try store.verify(after: position)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.eventsChecked == 10)
        #expect(report.head.headHash == (try store.checkpoint()).headHash)
        let atHead = try store.verify(after: try store.checkpoint())
        #expect(atHead.isValid && atHead.eventsChecked == 0)
        var moved = position
        moved.headHash = EventHash.sha256(of: [1, 2, 3])
        #expect(try store.verify(after: moved).problems.map(\.kind) == [.checkpoint])
        var beyond = position
        beyond.sequence = 21
        #expect(try store.verify(after: beyond).problems.map(\.kind) == [.checkpoint])
        var foreign = position
        foreign.storeID = "another"
        #expect(try store.verify(after: foreign).problems.map(\.kind) == [.checkpoint])
    }

    @Test("a new event's missing type-index entry is named; a missing one before the position is counted")
    func missingTypeIndexEntry() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        try makeStore(path)
        try removeTypeEntry(path, sequence: 15)
        let store = try LMDBEventStore(path: path)
        let report = try store.verify(after: try store.checkpoint(knownAt: .sequence(10)))
        #expect(report.problems.contains { $0.kind == .typeIndex && $0.sequence == 15 }, "\(report.problems)")
        #expect(report.firstBadSequence == 15)
        let later = try store.verify(after: try store.checkpoint(knownAt: .sequence(16)))
        #expect(later.problems.map(\.kind).contains(.typeIndex), "\(later.problems)")
    }

    @Test("a stream-index entry moved to another new event, or an extra entry, is found")
    func misdirectedOrExtraStreamEntry() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        try makeStore(path)
        try withRawEnvironment(path) { env, dbs in
            try env.write { txn in
                // Stream 1 (P0) version 8 is sequence 15; point it at sequence 17.
                try txn._deleteForTesting(
                    dbs["stream-index"]!, key: [0, 0, 0, 1], value: [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 15])
                try txn.put(dbs["stream-index"]!, key: [0, 0, 0, 1], value: [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 17])
            }
        }
        let damaged = try LMDBEventStore(path: path)
        let moved = try damaged.verify(after: try damaged.checkpoint(knownAt: .sequence(10)))
        #expect(moved.firstBadSequence == 15, "\(moved.problems)")
        #expect(moved.problems.allSatisfy { $0.kind == .streamIndex }, "\(moved.problems)")

        let other = temporaryDirectory()
        defer { cleanUp(other) }
        try makeStore(other)
        try withRawEnvironment(other) { env, dbs in
            try env.write { txn in
                // An extra version of stream 2 (P1), pointing at a new event of the other stream.
                try txn.put(dbs["stream-index"]!, key: [0, 0, 0, 2], value: [0, 0, 0, 99, 0, 0, 0, 0, 0, 0, 0, 13])
            }
        }
        let store = try LMDBEventStore(path: other)
        let extra = try store.verify(after: try store.checkpoint(knownAt: .sequence(10)))
        #expect(!extra.isValid)
        #expect(extra.problems.allSatisfy { $0.kind == .streamIndex }, "\(extra.problems)")
        #expect(!(try store.verify(against: nil)).isValid)
    }

    /// Deletes the type-index entry that points at `sequence`.
    func removeTypeEntry(_ path: String, sequence: UInt64) throws {
        try withRawEnvironment(path) { env, dbs in
            try env.write { txn in
                let index = dbs["type-index"]!
                var found: (key: [UInt8], value: [UInt8])?
                try txn.withCursor(index) { cursor in
                    var entry = try cursor.first()
                    while let e = entry, found == nil {
                        if e.value.count == 8, e.value.reduce(UInt64(0), { $0 << 8 | UInt64($1) }) == sequence {
                            found = (Array(e.key), Array(e.value))
                        }
                        entry = try cursor.next()
                    }
                }
                let entry = try #require(found)
                try txn._deleteForTesting(index, key: entry.key, value: entry.value)
            }
        }
    }
}
