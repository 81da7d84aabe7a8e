import EventLog

/// A catch-up subscription: every recorded event after a position, in log order, first those
/// already in the store and then, live, each one as it is committed — by this process or by any
/// other process appending to the same store (a CLI import seen by a service).
///
/// Iteration reads the store in batches of up to ``batchSize`` events from the next sequence
/// number; when it has caught up with the head it waits ``pollInterval`` (sleeping, not
/// spinning) and reads again. Each poll is one read transaction that finds nothing, so an idle
/// subscriber costs a few microseconds per interval. Sequence numbers have no gaps and a commit
/// is seen whole or not at all, so every event is delivered exactly once, in order, across the
/// catch-up/live boundary whatever is appended meanwhile. Iteration ends when the task is
/// cancelled; a store error ends it with that error.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent
    public typealias Failure = EventStoreError

    /// The store read.
    public let store: any EventStore
    /// The last sequence number already seen: the subscription starts after it (0: from the start).
    public let position: UInt64
    /// Only these event types (nil: every type).
    public let types: Set<String>?
    /// How long to sleep once caught up before looking again.
    public let pollInterval: Duration
    /// Most events read in one transaction.
    public let batchSize: Int

    /// A subscription to `store` after `position` (0: from the first event).
    public init(
        store: any EventStore, after position: UInt64 = 0, types: Set<String>? = nil,
        pollInterval: Duration = .milliseconds(2), batchSize: Int = 1024
    ) {
        self.store = store
        self.position = position
        self.types = types
        self.pollInterval = pollInterval
        self.batchSize = Swift.max(1, batchSize)
    }

    public func makeAsyncIterator() -> Iterator { Iterator(subscription: self, next: position + 1) }

    /// Reads the next batch as it becomes available.
    public struct Iterator: AsyncIteratorProtocol {
        let subscription: EventSubscription
        /// The next sequence number to read.
        var next: UInt64
        var buffer: [RecordedEvent] = []
        var index = 0

        /// The next event, waiting for one to be committed if the subscriber has caught up; nil
        /// once the task is cancelled.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(EventStoreError)
            -> RecordedEvent?
        {
            while index == buffer.count {
                if Task.isCancelled { return nil }
                if try !readBatch() {
                    do { try await Task.sleep(for: subscription.pollInterval) } catch { return nil }
                }
            }
            defer { index += 1 }
            return buffer[index]
        }

        /// The next event (see ``next(isolation:)``).
        public mutating func next() async throws(EventStoreError) -> RecordedEvent? {
            try await next(isolation: nil)
        }

        /// Reads up to a batch from `next`, filtering by type but advancing past every event read;
        /// false when the store holds nothing after `next` yet.
        private mutating func readBatch() throws(EventStoreError) -> Bool {
            var selection = EventSelection()
            selection.fromSequence = next
            selection.limit = subscription.batchSize
            var batch: [RecordedEvent] = []
            var last: UInt64?
            do {
                try subscription.store.read(selection) { recorded in
                    last = recorded.sequence
                    if subscription.types?.contains(recorded.type) ?? true { batch.append(recorded) }
                }
            } catch let error as EventStoreError {
                throw error
            } catch {
                throw .storage(detail: String(describing: error))
            }
            buffer = batch
            index = 0
            guard let last else { return false }
            next = last + 1
            return true
        }
    }
}

extension EventStore {
    /// Every event after `position`, then each new one as it is committed (``EventSubscription``).
    public func subscribe(after position: UInt64 = 0, types: Set<String>? = nil) -> EventSubscription {
        EventSubscription(store: self, after: position, types: types)
    }
}
