import EventLog
import Foundation
import LMDBEventLog
import Testing

@Suite("Catch-up subscriptions")
struct EventSubscriptionTests {
    @Test(
        "a subscriber sees every event exactly once and in order across the catch-up/live boundary under concurrent appends",
        arguments: [StoreKind.inMemory, .lmdb])
    func catchUpThenLiveExactlyOnce(kind: StoreKind) async throws {
        let (store, cleanup) = try kind.make()
        defer { cleanup() }
        // Some history before subscribing, then appends from two tasks while it reads.
        for i in 0..<50 { try store.append([event("person/P\(i % 7)")]) }
        let perWriter = 150
        let total = 50 + 2 * perWriter
        let subscriber = Task { () async throws -> [RecordedEvent] in
            var seen: [RecordedEvent] = []
            for try await recorded in store.subscribe(after: 0) {
                seen.append(recorded)
                if seen.count == total { break }
            }
            return seen
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    for i in 0..<perWriter {
                        // Batches of one and of three, so commits of several events are crossed too.
                        if i % 5 == 0 {
                            try store.append([event("staff/W\(writer)"), event("staff/W\(writer)"), event("staff/X")])
                        } else {
                            try store.append([event("team/W\(writer)")])
                        }
                        if i % 10 == 0 { await Task.yield() }
                    }
                }
            }
            try await group.waitForAll()
        }
        let seen = try await subscriber.value
        let all = try store.events()
        #expect(seen.map(\.sequence) == Array(1...UInt64(total)))
        #expect(seen == Array(all.prefix(total)))
    }

    @Test("a subscription starts after the position given and keeps only the types asked for")
    func startsAfterPositionAndFiltersTypes() async throws {
        let (store, cleanup) = try StoreKind.lmdb.make()
        defer { cleanup() }
        for i in 0..<20 { try store.append([event("person/P1", i % 2 == 0 ? "A" : "B")]) }
        var seen: [RecordedEvent] = []
        for try await recorded in store.subscribe(after: 5, types: ["B"]) {
            seen.append(recorded)
            if recorded.sequence == 20 { break }
        }
        #expect(seen.map(\.sequence) == [6, 8, 10, 12, 14, 16, 18, 20])
        #expect(seen.allSatisfy { $0.type == "B" })
    }

    @Test("a subscriber in this process sees the events another process appends to the same store")
    func seesAppendsOfAnotherProcess() async throws {
        let directory = temporaryDirectory("work")
        defer { cleanUp(directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let storePath = directory + "/store"
        let store = try LMDBEventStore.create(at: storePath)
        try store.append([event("person/P1")])
        let count = 200
        let subscriber = Task { () async throws -> [RecordedEvent] in
            var seen: [RecordedEvent] = []
            for try await recorded in store.subscribe(after: 1) {
                seen.append(recorded)
                if seen.count == count { break }
            }
            return seen
        }
        let writer = Process()
        writer.standardError = FileHandle(forWritingAtPath: "/dev/null")
        writer.executableURL = URL(fileURLWithPath: try reliabilityTool())
        writer.arguments = [
            "writer", "--store", storePath, "--writer-id", "0", "--ack-file", directory + "/ack-0", "--count",
            String(count), "--mode", "single",
        ]
        try writer.run()
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        let seen = try await subscriber.value
        #expect(seen.map(\.sequence) == Array(2...UInt64(count + 1)))
        #expect(seen.allSatisfy { $0.stream.rawValue.hasPrefix("probe/W0") })
        #expect(seen == (try store.events()).dropFirst().map { $0 })
    }

    @Test("cancelling the subscriber's task ends an idle subscription")
    func cancellationEndsIteration() async throws {
        let (store, cleanup) = try StoreKind.lmdb.make()
        defer { cleanup() }
        try store.append([event("person/P1")])
        let subscriber = Task { () async throws -> Int in
            var seen = 0
            for try await _ in store.subscribe() { seen += 1 }
            return seen
        }
        while try store.checkpoint().sequence < 1 { await Task.yield() }
        subscriber.cancel()
        #expect(try await subscriber.value <= 1)
    }
}
