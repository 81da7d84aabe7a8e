import EventLog

/// Where an import keeps the facts of the long streams it can no longer hold in memory (a
/// person's medication record, a carer's training), so that a line of such a stream is looked
/// up by its fact key instead of the whole stream being read back and decoded again.
///
/// It holds, for each stream it covers, every distinct fact at versions up to
/// ``indexedVersion(of:)`` — where each is first recorded, and the first fact in each once-only
/// slot — and nothing else: facts are written to it only once they are in the log, so it is
/// derived from the log and can be deleted at any time (the store's implementation lives in the
/// projection cache, `Docs/storage.md`, "The fact index"). A stream's versions after the one it
/// covers are read from the log as before.
public protocol FactIndex: AnyObject, Sendable {
    /// The last version of `stream` whose facts the index holds; 0 when it holds none.
    func indexedVersion(of stream: StreamName) throws(CatalogueError) -> UInt32
    /// Where the fact with identity `key` is first recorded in `stream`, if the index holds it.
    func position(of key: FactKey, in stream: StreamName) throws(CatalogueError) -> (version: UInt32, sequence: UInt64)?
    /// The first fact recorded in once-only `slot` of `stream`, if the index holds one.
    func onceFact(in slot: String, of stream: StreamName) throws(CatalogueError) -> (version: UInt32, key: FactKey)?
    /// Adds the facts of several streams, each now covered through its `through` version, in one
    /// write. A fact or slot already held keeps where it was first recorded.
    func record(_ streams: [IndexedFacts]) throws(CatalogueError)
}

/// The facts of one stream an import writes to its ``FactIndex``: all of them in the log,
/// covering the stream's versions through ``through``.
public struct IndexedFacts: Sendable {
    /// One fact: its identity, where it is first recorded, and the once-only slot it first filled.
    public struct Fact: Sendable {
        public var key: FactKey
        public var version: UInt32
        public var sequence: UInt64
        public var slot: String?
    }

    /// The stream.
    public var stream: StreamName
    /// Its facts not yet in the index.
    public var facts: [Fact]
    /// The last version of the stream they bring the index to.
    public var through: UInt32
}
