import EventLog
import Foundation
import LMDBEventLog
import Synchronization
import Testing

/// Appends whose caller awaits the durable commit without a thread (`append(_:whenDurable:)`,
/// `appendDurably`): they share the group commit with callers that wait on their threads.
@Suite("LMDB store: awaited appends")
struct LMDBEventStoreAwaitedAppendTests {
    @Test("concurrent awaited appends are each acknowledged once, in one gap-free order, and survive reopening")
    func awaitedAppendsShareCommits() async throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        let sequences = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for task in 0..<64 {
                group.addTask {
                    try await store.appendDurably(
                        AppendBatch(events: [event("person/A\(task)", payload: #"{"i":\#(task)}"#)])
                    ).positions[0].sequence
                }
            }
            var all: [UInt64] = []
            for try await sequence in group { all.append(sequence) }
            return all
        }
        #expect(sequences.sorted() == Array(1...64))
        let reopened = try LMDBEventStore(path: path)
        #expect(try reopened.checkpoint().sequence == 64)
        #expect(try reopened.verify(against: nil).isValid)
    }

    @Test("awaited appends and appends that wait on their threads meet in one order, none lost")
    func awaitedAndWaitingAppendsMix() async throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        let waited = Mutex<[UInt64]>([])
        let threads = Thread {
            onThreads(8) { thread in
                for i in 0..<20 {
                    if let result = try? store.append([event("person/W\(thread)", payload: #"{"i":\#(i)}"#)]) {
                        waited.withLock { $0.append(result.positions[0].sequence) }
                    }
                }
            }
        }
        threads.start()
        let awaited = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for task in 0..<8 {
                group.addTask {
                    var mine: [UInt64] = []
                    for i in 0..<20 {
                        let batch = AppendBatch(events: [event("person/T\(task)", payload: #"{"i":\#(i)}"#)])
                        mine.append(try await store.appendDurably(batch).positions[0].sequence)
                    }
                    return mine
                }
            }
            var all: [UInt64] = []
            for try await mine in group { all += mine }
            return all
        }
        while waited.withLock({ $0.count }) < 160 { try await Task.sleep(for: .milliseconds(10)) }
        #expect((awaited + waited.withLock { $0 }).sorted() == Array(1...320))
        for task in 0..<8 {
            #expect(try store.events(.stream(stream("person/T\(task)"))).map(\.streamVersion) == Array(1...20))
            #expect(try store.events(.stream(stream("person/W\(task)"))).map(\.streamVersion) == Array(1...20))
        }
        #expect(try store.verify(against: nil).isValid)
    }

    @Test("an awaited append's conflict fails that append alone, and a read-only store refuses it")
    func awaitedAppendFailures() async throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        _ = try await store.appendDurably(AppendBatch(events: [event("person/A")]))
        await #expect(throws: EventStoreError.self) {
            try await store.appendDurably(
                AppendBatch(events: [event("person/A")], expectedVersions: [stream("person/A"): .noStream]))
        }
        #expect(try store.events(.stream(stream("person/A"))).count == 1)
        var options = LMDBEventStore.Options()
        options.readOnly = true
        let readOnly = try LMDBEventStore(path: path, options: options)
        await #expect(throws: EventStoreError.readOnly) {
            try await readOnly.appendDurably(AppendBatch(events: [event("person/B")]))
        }
    }

    @Test("the in-memory store's awaited append is its ordinary append")
    func inMemoryAwaitedAppend() async throws {
        let store = InMemoryEventStore()
        let result = try await store.appendDurably(AppendBatch(events: [event("person/A"), event("person/A")]))
        #expect(result.positions.map(\.streamVersion) == [1, 2])
        #expect(try store.checkpoint().sequence == 2)
    }
}
