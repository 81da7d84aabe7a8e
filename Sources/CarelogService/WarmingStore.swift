import EventLog
import Synchronization

/// The store as the ``ReportWarmer`` reads it: every read of the wrapped store, until
/// ``stop()``, after which any read in progress ends at its next event with
/// ``EventStoreError/storage(detail:)`` — so a warming fold (a whole-log pass on a cold cache)
/// stops within an event of the service shutting down instead of finishing. It never appends.
/// Over a store that lends its stored bytes (``EventLog/BorrowedEventReading``) it lends them too
/// (``wrapping(_:)`` makes the subclass that does), so a warmed fold takes the path a user's
/// report takes.
///
/// `@unchecked Sendable`: not final (the lending subclass), and its only state is immutable
/// references to `Sendable` values.
class WarmingStore: EventStore, @unchecked Sendable {
    fileprivate let base: any EventStore
    private let stopped = Atomic<Bool>(false)

    fileprivate init(_ base: any EventStore) { self.base = base }

    /// `base` behind a stop switch, lending stored bytes when `base` does.
    static func wrapping(_ base: any EventStore) -> WarmingStore {
        base is any BorrowedEventReading ? LendingWarmingStore(base) : WarmingStore(base)
    }

    /// Ends every read in progress at its next event, and every later read at its first.
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Whether ``stop()`` has been called.
    var isStopped: Bool { stopped.load(ordering: .relaxed) }

    static let stoppedError = EventStoreError.storage(detail: "report warming stopped")

    fileprivate func checkRunning() throws(EventStoreError) {
        if isStopped { throw Self.stoppedError }
    }

    var storeID: String { base.storeID }

    func append(_ batch: AppendBatch) throws(EventStoreError) -> AppendResult { throw .readOnly }

    func read(_ selection: EventSelection, _ visit: (RecordedEvent) throws -> Void) throws {
        try checkRunning()
        try base.read(selection) { event in
            try checkRunning()
            try visit(event)
        }
    }

    func currentVersion(of stream: StreamName, knownAt: KnownAt) throws(EventStoreError) -> UInt32 {
        try checkRunning()
        return try base.currentVersion(of: stream, knownAt: knownAt)
    }

    func checkpoint(knownAt: KnownAt) throws(EventStoreError) -> Checkpoint {
        try checkRunning()
        return try base.checkpoint(knownAt: knownAt)
    }

    func verify(against checkpoint: Checkpoint?) throws(EventStoreError) -> VerificationReport {
        try checkRunning()
        return try base.verify(against: checkpoint)
    }
}

/// A ``WarmingStore`` over a store that lends its stored bytes.
final class LendingWarmingStore: WarmingStore, BorrowedEventReading, @unchecked Sendable {
    func readBorrowed(
        _ selection: EventSelection, _ visit: (BorrowedEvent) throws -> Void, end: (_ completed: Bool) throws -> Void
    ) throws {
        try checkRunning()
        guard let borrowing = base as? any BorrowedEventReading else {
            // Not reached: made only over a store that lends its events.
            try? end(false)
            throw EventStoreError.storage(detail: "the store does not lend its events")
        }
        try borrowing.readBorrowed(
            selection,
            { event in
                try checkRunning()
                try visit(event)
            }, end: end)
    }
}
