import EventLog
import Synchronization

/// An in-memory store whose appends fail from the `failingAppend`-th on (1-based): a disk
/// that fills up in the middle of an import. Every append asked for is counted, failed or not.
package final class FailingAppendStore: InMemoryStoreWrapper {
    package let base: InMemoryEventStore
    private let failingAppend: Int
    private let asked = Mutex(0)

    package init(base: InMemoryEventStore, failingAppend: Int) {
        self.base = base
        self.failingAppend = failingAppend
    }

    /// The appends asked for so far.
    package var appendsAsked: Int { asked.withLock { $0 } }

    package func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult {
        let number = asked.withLock { count in
            count += 1
            return count
        }
        if number >= failingAppend { throw .noSpace(detail: "the test store is full") }
        return try base.append(batch)
    }
}
