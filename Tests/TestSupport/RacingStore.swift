import EventLog
import Synchronization

/// An in-memory store that, asked for its first append, first appends another batch itself:
/// another request's (or process's) commit landing between an append's planning and its own commit.
package final class RacingStore: EventStore {
    package let base: InMemoryEventStore
    private let intruder: Mutex<AppendBatch?>

    package init(base: InMemoryEventStore, intruder: AppendBatch) {
        self.base = base
        self.intruder = Mutex(intruder)
    }

    package var storeID: String { base.storeID }

    package func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult {
        if let first = intruder.withLock({ pending in
            defer { pending = nil }
            return pending
        }) {
            _ = try base.append(first)
        }
        return try base.append(batch)
    }

    package func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        try base.read(selection, visit)
    }

    package func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        try base.currentVersion(of: stream, knownAt: knownAt)
    }

    package func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint {
        try base.checkpoint(knownAt: knownAt)
    }

    package func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        try base.verify(against: checkpoint)
    }
}
