import EventLog
import Synchronization

/// An in-memory store that, asked for its first append, first appends another batch itself:
/// another request's commit landing between a request's planning and its own commit.
final class RacingStore: EventStore {
    let base: InMemoryEventStore
    private let intruder: Mutex<AppendBatch?>

    init(base: InMemoryEventStore, intruder: AppendBatch) {
        self.base = base
        self.intruder = Mutex(intruder)
    }

    var storeID: String { base.storeID }

    func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult {
        if let first = intruder.withLock({ pending in
            defer { pending = nil }
            return pending
        }) {
            _ = try base.append(first)
        }
        return try base.append(batch)
    }

    func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        try base.read(selection, visit)
    }

    func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        try base.currentVersion(of: stream, knownAt: knownAt)
    }

    func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint {
        try base.checkpoint(knownAt: knownAt)
    }

    func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        try base.verify(against: checkpoint)
    }
}
