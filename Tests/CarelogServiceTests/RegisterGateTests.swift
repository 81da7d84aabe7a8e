import CareRecord
import CarelogOperations
import EventLog
import Foundation
import Projections
import Synchronization
import Testing

@testable import CarelogService

/// The access register shared by concurrent decisions (``SharedRegister`` behind ``RegisterGate``).
@Suite struct RegisterGateTests {
    static func grant(_ number: Int, subject: String) -> String {
        #"{"stream":"access/G\#(number)","type":"AccessGranted","occurredAt":"2020-01-01T09:00:00Z","actor":"staff/root","data":{"subject":"\#(subject)","role":"auditor","scope":{"kind":"partnership"},"effectiveFrom":"2020-01-01"}}"#
    }

    static func append(_ text: String, to store: InMemoryEventStore) throws {
        let line = try EventLine.parse(Array(text.utf8), line: 1)
        try store.append([line.proposedEvent])
    }

    @Test func decisionsRunningSideBySideEachSeeTheGrantCommittedBeforeThem() async throws {
        let base = try await ServiceHarness.make(seed: Events.seed)
        let gate = try RegisterGate(store: base.store, clock: base.server.clock)
        let store = base.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 1...32 {
                group.addTask {
                    let identity = ServiceIdentity(kind: .token, subject: "staff/late\(number)")
                    #expect(throws: ServiceProblem.self) { try gate.authoriseNow(.verify, by: identity) }
                    // Other tasks' grants move the head meanwhile: this decision must fold its own.
                    try Self.append(Self.grant(100 + number, subject: identity.subject), to: store)
                    #expect(try gate.authoriseNow(.verify, by: identity).role == "auditor")
                }
            }
            try await group.waitForAll()
        }
        let register = try await gate.currentRegister(store: store)
        #expect(register.position == (try store.checkpoint().sequence))
    }

    @Test func aServiceStartSavesTheRegisterOnlyWhenAskedAndTheNextStartResumesFromIt() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-gate-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = SharedReportCache(storePath: folder)
        let base = try await ServiceHarness.make(seed: Events.seed)
        let store = base.store
        let start = { (saving: Bool) in
            try cache.withCache {
                try RegisterGate(store: store, clock: base.server.clock, checkpoints: $0, saving: saving)
            }
        }

        // Started without saving: the cache holds nothing yet, so the next start folds it all again.
        let first = try start(false)
        #expect(first.resumedFrom == 0)
        #expect(first.isAheadOfSavedState)
        #expect(try start(false).resumedFrom == 0)

        // Saved once serving — while a user's report holds the cache (the save must not wait for
        // it): the next start resumes at the head and has nothing to save.
        // The holder looks for the saved state while it holds the cache, so nothing here depends
        // on when this test's task runs again.
        let lent = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        let savedWhileHeld = Mutex(false)
        let holder = Thread {
            _ = try? cache.withCache { held in
                lent.signal()
                // Long: the save runs at nice 10, behind every test thread of a busy run.
                let deadline = Date().addingTimeInterval(120)
                while Date() < deadline {
                    if held?.load(key: AccessRegister.checkpointKey) != nil {
                        savedWhileHeld.withLock { $0 = true }
                        break
                    }
                    Thread.sleep(forTimeInterval: 0.01)
                }
            }
            released.signal()
        }
        holder.start()
        lent.wait()
        try await first.saveRegister(in: cache)
        released.wait()
        #expect(savedWhileHeld.withLock { $0 }, "the save waited for the report holding the cache")
        let head = try store.checkpoint().sequence
        let second = try start(false)
        #expect(second.resumedFrom == head)
        #expect(!second.isAheadOfSavedState)

        // A grant recorded after the save: the next start folds it on top of the saved state, and
        // a gap that small is not worth saving again.
        try Self.append(Self.grant(200, subject: "staff/after-save"), to: store)
        let third = try start(false)
        #expect(third.resumedFrom == head)
        #expect(!third.isAheadOfSavedState)
        let identity = ServiceIdentity(kind: .token, subject: "staff/after-save")
        #expect(try third.authoriseNow(.verify, by: identity).role == "auditor")
        #expect(try start(true).resumedFrom == head, "a start that saves resumes from the same state")
        #expect(try start(false).resumedFrom == head + 1, "and the one after it from the head it saved")

        // Past a sixteenth of the log and 4,096 positions, it is worth saving again.
        let from = try store.checkpoint().sequence
        let far = max(4096, (from + 4096) / RegisterGate.resaveShare + 1)
        for number in 0..<Int(far) {
            try Self.append(Self.grant(1000 + number, subject: "staff/g\(number)"), to: store)
        }
        let fourth = try start(false)
        #expect(fourth.resumedFrom == from)
        #expect(fourth.isAheadOfSavedState)
    }
}
