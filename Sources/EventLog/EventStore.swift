/// An append-only, tamper-evident, bitemporal event log.
///
/// There is no update and no delete: a correction is a new event that points at the
/// sequence number of the one it corrects. Implementations: ``InMemoryEventStore`` (tests)
/// and `LMDBEventStore` (module LMDBEventLog). One contract test suite runs against both.
public protocol EventStore: AnyObject, Sendable {
    /// The id fixed when the store was created.
    var storeID: String { get }

    /// Appends a batch atomically, after checking expected versions and the idempotency
    /// key. Returns once the batch is durable.
    func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult

    /// Appends a batch as ``append(_:)`` does, but without holding the calling thread while the
    /// batch is made durable: `completion` is called once with the result, only after the batch
    /// is durable (or has failed), perhaps on another thread and perhaps before this returns.
    /// The default calls ``append(_:)`` and then `completion`, on the calling thread.
    /// `completion` must be quick and must not wait for another append (it may run on the
    /// thread that commits): resuming a task is what it is for.
    func append(
        _ batch: AppendBatch,
        whenDurable completion: @escaping @Sendable (Result<AppendResult, EventStoreError>) -> Void)

    /// Visits the selected events in order inside one consistent snapshot.
    func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws

    /// The last version of a stream as known at a point, or 0 when it has no events.
    func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32

    /// The checkpoint (sequence and head hash) as known at a point.
    func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint

    /// Recomputes the whole chain and every index, and compares with `checkpoint` if given.
    func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport
}

extension EventStore {
    /// Appends events with no expectations.
    @discardableResult
    public func append(_ events: [ProposedEvent]) throws(EventStoreError) -> AppendResult {
        try append(AppendBatch(events: events))
    }

    /// Appends on the calling thread, then calls `completion`.
    public func append(
        _ batch: AppendBatch,
        whenDurable completion: @escaping @Sendable (Result<AppendResult, EventStoreError>) -> Void
    ) {
        completion(Result { () throws(EventStoreError) in try append(batch) })
    }

    /// ``append(_:whenDurable:)`` awaited: the task is suspended, and no thread held, until the
    /// batch is durable (or has failed).
    public func appendDurably(_ batch: AppendBatch) async throws(EventStoreError) -> AppendResult {
        // `append(_:whenDurable:)` calls its completion exactly once, as an unsafe continuation needs.
        let result = await withUnsafeContinuation { continuation in
            append(batch, whenDurable: { continuation.resume(returning: $0) })
        }
        return try result.get()
    }

    /// Collects the selected events into an array (for small reads and tests).
    public func events(_ selection: EventSelection = EventSelection()) throws -> [RecordedEvent] {
        var out: [RecordedEvent] = []
        try read(selection) { out.append($0) }
        return out
    }

    /// The current head checkpoint.
    public func checkpoint() throws(EventStoreError) -> Checkpoint { try checkpoint(knownAt: .head) }
}
