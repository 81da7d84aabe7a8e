import EventLog
import Synchronization

/// An in-memory store whose appends fail from the `failingAppend`-th on (1-based): a disk
/// that fills up in the middle of an import. Every append asked for is counted, failed or not.
package final class FailingAppendStore: EventStore {
    package let base: InMemoryEventStore
    private let failingAppend: Int
    private let asked = Mutex(0)

    package init(base: InMemoryEventStore, failingAppend: Int) {
        self.base = base
        self.failingAppend = failingAppend
    }

    /// The appends asked for so far.
    package var appendsAsked: Int { asked.withLock { $0 } }

    package var storeID: String { base.storeID }

    package func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult {
        let number = asked.withLock { count in
            count += 1
            return count
        }
        if number >= failingAppend { throw .noSpace(detail: "the test store is full") }
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
