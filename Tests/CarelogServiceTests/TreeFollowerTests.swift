import CareRecord
import EventLog
import Foundation
import LMDBEventLog
import Synchronization
import Testing
import TransparencyLog

@testable import CarelogService

/// The Merkle tree's background extension in the service: it follows the head as events arrive,
/// its leaves are the ones signing would add, and it stops when cancelled.
@Suite struct TreeFollowerTests {
    let saltKey = try! FieldSaltKey(bytes: Array(repeating: 7, count: 32))
    let pseudonymRoot = try! PseudonymRootKey(bytes: Array(repeating: 9, count: 32))

    /// A new store in a fresh folder holding the seed events (removed by the caller).
    func store() throws -> (store: LMDBEventStore, folder: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-tree-\(UUID())").path
        let store = try LMDBEventStore.create(at: folder)
        try append(Events.seed, to: store)
        return (store, folder)
    }

    func append(_ lines: [String], to store: LMDBEventStore) throws {
        for (index, text) in lines.enumerated() {
            try store.append([try EventLine.parse(Array(text.utf8), line: index + 1).proposedEvent])
        }
    }

    @Test func followingBringsTheTreeToTheHeadWithTheLeavesSigningWouldAdd() async throws {
        let (store, folder) = try store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let keys = TreeFollower.Keys(saltKey: saltKey, pseudonymRoot: pseudonymRoot)
        let follower = TreeFollower(store: store) { keys }
        try await follower.extend()
        let head = try store.checkpoint().sequence
        #expect(head > 0)
        #expect(try store.treeSize() == head)
        try append([Events.checkIn, Events.checkOut], to: store)
        #expect(try store.treeSize() == head, "appends never touch the tree")
        try await follower.extend()
        #expect(try store.treeSize() == head + 2)
        // The leaves are those of the store's own extension: recomputed from the events, with the
        // same keys, they all match, and v2 leaves start at the first event (as signing starts them).
        #expect(try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: pseudonymRoot) == nil)
        #expect(try store.leafV2From() == 1)
        // Another salt key gives other leaves: the check above could fail.
        let other = try FieldSaltKey(bytes: Array(repeating: 8, count: 32))
        #expect(try store.firstTreeMismatch(saltKey: other, pseudonymRoot: pseudonymRoot) != nil)
    }

    @Test func withoutASaltKeyItExtendsNothingAndStartsOnceTheKeyExists() async throws {
        let (store, folder) = try store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let held = Mutex<TreeFollower.Keys?>(nil)
        let follower = TreeFollower(store: store) { held.withLock { $0 } }
        try await follower.extend()
        #expect(try store.treeSize() == 0)
        held.withLock { $0 = TreeFollower.Keys(saltKey: saltKey, pseudonymRoot: nil) }
        try await follower.extend()
        #expect(try store.treeSize() == store.checkpoint().sequence)
        #expect(try store.leafV2From() == nil, "no pseudonym root key: v1 leaves, as signing makes them")
    }

    @Test func runningItFollowsNewEventsUntilCancelled() async throws {
        let (store, folder) = try store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let keys = TreeFollower.Keys(saltKey: saltKey, pseudonymRoot: nil)
        var follower = TreeFollower(store: store) { keys }
        follower.interval = .milliseconds(10)
        let running = Task { [follower] in await follower.runUntilCancelled() }
        try append([Events.checkIn, Events.checkOut], to: store)
        let head = try store.checkpoint().sequence
        // Bounded: the follower looks every 10 ms; a loaded machine may take longer.
        for _ in 0..<1_000 where try store.treeSize() < head { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try store.treeSize() == head)
        running.cancel()
        await running.value
        try append([Events.checkIn], to: store)
        try await Task.sleep(for: .milliseconds(100))
        #expect(try store.treeSize() == head, "a cancelled follower extends nothing more")
    }
}
