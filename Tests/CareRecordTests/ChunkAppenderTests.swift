import CareRecord
import EventLog
import TestSupport
import Testing

@Suite("ChunkAppender: chunks in flight are appended in order, and none after one that fails")
struct ChunkAppenderTests {
    /// Six members of staff joining, planned against `store` (empty) in chunks of two lines.
    func chunks(against store: any EventStore) throws -> [ImportChunk] {
        var planner = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: 2)
        let lines = (1...6).map { number in
            EventLine(
                line: number, stream: StreamName("staff/S\(number)")!, event: sample("StaffJoined").event,
                occurredAt: instant("2020-02-03T08:00:00Z"), actor: "system/hr")
        }
        return try planner.plan(lines)
    }

    @Test("with two in flight, both chunks are appended, in the order they were started")
    func twoInFlightAreAppendedInOrder() throws {
        let store = makeStore()
        let planned = try chunks(against: store)
        let appender = ChunkAppender(store: store, depth: 2)
        appender.start(planned[0])
        appender.start(planned[1])
        #expect(appender.isFull)
        let first = try #require(appender.wait())
        #expect(first.0.index == 0)
        #expect(try first.1.get().sequenceRange == 1...2)
        #expect(!appender.isFull)
        appender.start(planned[2])
        let second = try #require(appender.wait())
        let third = try #require(appender.wait())
        #expect(try second.1.get().sequenceRange == 3...4)
        #expect(try third.1.get().sequenceRange == 5...6)
        #expect(!appender.hasInFlight)
        #expect(try store.checkpoint().sequence == 6)
    }

    @Test("a chunk started after one whose append fails is not appended")
    func aFailedAppendSkipsTheChunkQueuedAfterIt() throws {
        let store = FailingAppendStore(base: makeStore(), failingAppend: 2)
        let planned = try chunks(against: store)
        let appender = ChunkAppender(store: store, depth: 2)
        appender.start(planned[0])
        appender.start(planned[1])
        _ = try #require(appender.wait())
        appender.start(planned[2])
        let failed = try #require(appender.wait())
        #expect(failed.0.index == 1)
        #expect(throws: EventStoreError.self) { try failed.1.get() }
        // The third chunk is handed back with no outcome: it was never asked of the store.
        #expect(appender.wait() == nil)
        #expect(store.appendsAsked == 2)
        #expect(try store.checkpoint().sequence == 2)
    }

    @Test("waiting for all finishes every chunk in flight")
    func waitingForAllFinishesEveryChunk() throws {
        let store = makeStore()
        let planned = try chunks(against: store)
        let appender = ChunkAppender(store: store, depth: 2)
        appender.start(planned[0])
        appender.start(planned[1])
        appender.waitForAll()
        #expect(!appender.hasInFlight)
        #expect(try store.checkpoint().sequence == 4)
    }
}
