import CareRecord
import EventLog
import Foundation
import LMDBEventLog
import NIOCore
import NIOPosix
import Testing

@testable import CarelogService

/// An append awaited through ``TaskPlacement`` is answered with what the store's durable commit
/// returned, whether the task resumes from an event loop or not.
@Suite struct TaskPlacementTests {
    static func scheduled(_ visit: Int) throws -> AppendBatch {
        let text =
            #"{"stream":"visit/T\#(visit)","type":"VisitScheduled","occurredAt":"2020-01-06T06:00:00Z","actor":"system/roster","data":{"personId":"P001","plannedStart":"2020-01-06T09:00:00Z","plannedMinutes":30,"carersNeeded":1,"timeCritical":false}}"#
        return AppendBatch(events: [try EventLine.parse(Array(text.utf8), line: 1).proposedEvent])
    }

    @Test func appendsResumedFromAnEventLoopAreAnsweredWithTheirOwnDurablePositions() async throws {
        let path = NSTemporaryDirectory() + "carelog-placement-\(UUID().uuidString)/store"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let store = try LMDBEventStore.create(at: path)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let results = try await withThrowingTaskGroup(of: (Int, AppendResult).self) { tasks in
            for visit in 1...40 {
                tasks.addTask {
                    // Half resume from the loop, half as the store resumes them.
                    let result = try await TaskPlacement.appendDurably(
                        Self.scheduled(visit), to: store, resumingOn: visit.isMultiple(of: 2) ? loop : nil)
                    return (visit, result)
                }
            }
            var out: [Int: AppendResult] = [:]
            for try await (visit, result) in tasks { out[visit] = result }
            return out
        }
        try await group.shutdownGracefully()
        #expect(results.count == 40)
        // Each answer names its own event, and every answered event is in the store.
        for (visit, result) in results {
            let position = try #require(result.positions.first)
            #expect(position.stream.description == "visit/T\(visit)")
            #expect(try store.events(EventSelection.stream(position.stream)).map(\.sequence) == [position.sequence])
        }
        #expect(Set(results.values.compactMap { $0.positions.first?.sequence }) == Set(1...40))
    }

    @Test func aStoreThatAnswersOnTheCallingThreadIsResumedFromTheLoopToo() async throws {
        let store = InMemoryEventStore(clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let result = try await TaskPlacement.appendDurably(Self.scheduled(1), to: store, resumingOn: group.next())
        try await group.shutdownGracefully()
        #expect(result.positions.map(\.sequence) == [1])
        #expect(try store.checkpoint().sequence == 1)
    }
}
