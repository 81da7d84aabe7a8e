import EventLog
import Synchronization

/// An in-memory store that, asked for its first append, first appends another batch itself:
/// another request's (or process's) commit landing between an append's planning and its own commit.
package final class RacingStore: InMemoryStoreWrapper {
    package let base: InMemoryEventStore
    private let intruder: Mutex<AppendBatch?>

    package init(base: InMemoryEventStore, intruder: AppendBatch) {
        self.base = base
        self.intruder = Mutex(intruder)
    }

    package func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult {
        if let first = intruder.withLock({ pending in
            defer { pending = nil }
            return pending
        }) {
            _ = try base.append(first)
        }
        return try base.append(batch)
    }
}
