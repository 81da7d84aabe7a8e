import CareRecord
import EventLog

/// The store as it was when an import began (its first `head` events), for the correction check
/// (``RowCorrection``): each row's stream version read straight from the store.
///
/// ``CareRecord/EventStoreReferenceLookup`` pinned at a sequence keeps its last few answers
/// behind a lock, for the planner, which asks about one stream several times; the correction
/// check asks each stream's version once (``RowCorrection/LastStream`` keeps the row's), so here
/// that bookkeeping cost more than it saved (about 3 % of an import's samples). Everything else
/// is asked of that lookup.
struct StoreAtStart: ReferenceLookup {
    private let store: any EventStore
    private let head: UInt64
    private let pinned: EventStoreReferenceLookup

    /// The first `head` events of `store`.
    init(store: any EventStore, head: UInt64) {
        self.store = store
        self.head = head
        pinned = EventStoreReferenceLookup(store: store, knownAt: .sequence(head))
    }

    func currentVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 {
        do {
            return try store.currentVersion(of: stream, knownAt: .sequence(head))
        } catch {
            // The same error as the pinned lookup's (it reads the store the same way).
            return try pinned.currentVersion(of: stream)
        }
    }

    func facts(of stream: StreamName) throws(CatalogueError) -> StreamFacts { try pinned.facts(of: stream) }

    func entry(atSequence sequence: UInt64) throws(CatalogueError) -> ReferencedEntry? {
        try pinned.entry(atSequence: sequence)
    }

    func recordedFacts(in stream: StreamName) throws(CatalogueError) -> [RecordedFact] {
        try pinned.recordedFacts(in: stream)
    }

    func headSequence() throws(CatalogueError) -> UInt64 { head }

    func sequence(ofVersion version: UInt32, in stream: StreamName) throws(CatalogueError) -> UInt64? {
        try pinned.sequence(ofVersion: version, in: stream)
    }
}
