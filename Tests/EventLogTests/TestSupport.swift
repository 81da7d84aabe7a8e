import EventLog
import Foundation
import LMDBEventLog
import Synchronization
import Testing

/// A clock tests move by hand, so `recordedAt` is predictable.
final class ManualClock: Sendable {
    private let now = Mutex(Timestamp(millisecondsSinceEpoch: 1_580_000_000_000))
    var read: @Sendable () -> Timestamp { { self.now.withLock { $0 } } }
    func advance(milliseconds: Int64) { now.withLock { $0 = $0.adding(milliseconds: milliseconds) } }
    func set(_ t: Timestamp) { now.withLock { $0 = t } }
    var current: Timestamp { now.withLock { $0 } }
}

/// A fresh temporary directory, removed by the caller with `cleanUp`.
func temporaryDirectory(_ name: String = "store") -> String {
    let path = NSTemporaryDirectory() + "carelog-tests-\(UUID().uuidString)/\(name)"
    return path
}

func cleanUp(_ path: String) {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

/// How a contract test gets a store of each kind.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// The LMDB store runs three ways: with its default index batch (small tests stay in the
    /// unindexed tail), indexing every commit, and catching up every 5 events (a mix of both).
    case inMemory, lmdb, lmdbIndexEveryCommit, lmdbIndexEvery5
    var testDescription: String { rawValue }

    func make(clock: ManualClock = ManualClock()) throws -> (any EventStore, cleanup: () -> Void) {
        switch self {
        case .inMemory:
            return (InMemoryEventStore(clock: clock.read), {})
        case .lmdb, .lmdbIndexEveryCommit, .lmdbIndexEvery5:
            let path = temporaryDirectory()
            let batch = self == .lmdb ? LMDBEventStore.Options().indexBatch : self == .lmdbIndexEveryCommit ? 1 : 5
            let store = try LMDBEventStore.create(at: path, clock: clock.read, indexBatch: batch)
            return (store, { cleanUp(path) })
        }
    }
}

func stream(_ text: String) -> StreamName { StreamName(text)! }

func event(
    _ streamName: String, _ type: String = "NoteRecorded", at ms: Int64 = 1_577_836_800_000, payload: String = "{}"
) -> ProposedEvent {
    ProposedEvent(
        stream: stream(streamName), type: type, occurredAt: Timestamp(millisecondsSinceEpoch: ms), actor: "staff/S1",
        payload: Array(payload.utf8))
}

/// A small deterministic random generator (SplitMix64) for property tests with a fixed seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs `body(i)` on `count` dedicated threads at once (not limited to the number of cores).
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        Thread.detachNewThread {
            body(i)
            group.leave()
        }
    }
    group.wait()
}
