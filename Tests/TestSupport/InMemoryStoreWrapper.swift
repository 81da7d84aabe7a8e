import EventLog

/// A test store that changes how appends behave and hands everything else to an
/// ``InMemoryEventStore``: a conforming double writes only its `append(_:)`.
package protocol InMemoryStoreWrapper: EventStore {
    /// The store every read, checkpoint and verification is answered by.
    var base: InMemoryEventStore { get }
}

extension InMemoryStoreWrapper {
    package var storeID: String { base.storeID }

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
