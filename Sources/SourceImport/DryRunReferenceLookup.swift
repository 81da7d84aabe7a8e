import CareRecord
import EventLog

/// The log a chunked dry run would leave: the store as it was when the dry run began (its first
/// `startHead` events) with the chunks the dry run has planned so far laid after it. Those chunks
/// are appended to a scratch store (empty at the start, thrown away after), so the planner can
/// forget them as a real import forgets what it appended: its memory is bounded by the chunk, and
/// it reads a forgotten stream back from here, getting what the real import would read.
///
/// Event `n` of the scratch store stands for sequence `startHead + n`, and a stream's scratch
/// version `v` for version `v` plus the stream's version in the store.
struct DryRunReferenceLookup: ReferenceLookup {
    /// The store at `startHead` (``EventLog/EmptyReferenceLookup`` when it was empty).
    private let base: any ReferenceLookup
    /// The store's head when the dry run began.
    private let startHead: UInt64
    /// The scratch store (at its head, or pinned); `nil` when pinned before anything was appended.
    private let scratch: EventStoreReferenceLookup?

    /// The store `store` at `startHead` followed by what `scratch` (empty when the dry run
    /// begins) holds.
    init(store: any EventStore, startHead: UInt64, scratch: any EventStore) {
        base =
            startHead == 0
            ? EmptyReferenceLookup() : EventStoreReferenceLookup(store: store, knownAt: .sequence(startHead))
        self.startHead = startHead
        self.scratch = EventStoreReferenceLookup(store: scratch)
    }

    private init(base: any ReferenceLookup, startHead: UInt64, scratch: EventStoreReferenceLookup?) {
        self.base = base
        self.startHead = startHead
        self.scratch = scratch
    }

    func currentVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 {
        try base.currentVersion(of: stream) + (scratch?.currentVersion(of: stream) ?? 0)
    }

    func facts(of stream: StreamName) throws(CatalogueError) -> StreamFacts {
        let before = try base.facts(of: stream)
        guard let scratch, try scratch.currentVersion(of: stream) > 0 else { return before }
        return before.overlaid(with: try scratch.facts(of: stream))
    }

    func entry(atSequence sequence: UInt64) throws(CatalogueError) -> ReferencedEntry? {
        guard sequence > startHead else { return try base.entry(atSequence: sequence) }
        guard var entry = try scratch?.entry(atSequence: sequence - startHead) else { return nil }
        entry.sequence = sequence
        return entry
    }

    func recordedFacts(in stream: StreamName) throws(CatalogueError) -> [RecordedFact] {
        let stored = try base.currentVersion(of: stream)
        var facts = stored > 0 ? try base.recordedFacts(in: stream) : []
        guard let scratch, try scratch.currentVersion(of: stream) > 0 else { return facts }
        for var fact in try scratch.recordedFacts(in: stream) {
            fact.version += stored
            fact.sequence = fact.sequence.map { $0 + startHead }
            facts.append(fact)
        }
        return facts
    }

    func headSequence() throws(CatalogueError) -> UInt64 {
        try startHead + (scratch?.headSequence() ?? 0)
    }

    func sequence(ofVersion version: UInt32, in stream: StreamName) throws(CatalogueError) -> UInt64? {
        let stored = try base.currentVersion(of: stream)
        guard version > stored else { return try base.sequence(ofVersion: version, in: stream) }
        return try scratch?.sequence(ofVersion: version - stored, in: stream).map { $0 + startHead }
    }

    func pinned(at sequence: UInt64) -> any ReferenceLookup {
        guard sequence > startHead else {
            return DryRunReferenceLookup(base: base.pinned(at: sequence), startHead: startHead, scratch: nil)
        }
        return DryRunReferenceLookup(
            base: base, startHead: startHead,
            scratch: scratch.map {
                EventStoreReferenceLookup(store: $0.store, knownAt: .sequence(sequence - startHead))
            }
        )
    }
}
