import EventLog

/// A lookup that sees the earlier lines of a batch (or of a whole import) on top of a base lookup.
///
/// The lines get the sequences that follow the base's head (``startHead``) in the order they are
/// added, so a correction can name an earlier line by the sequence it will have; the batches are
/// appended with that head expected (``EventLog/AppendBatch/expectedHead``).
///
/// **Forgetting** (an import in chunks): once the caller says the first lines are in the store
/// (``forget(linesBefore:)``), the lookup drops them and every stream whose lines are all stored,
/// so what it holds is bounded by the lines not yet appended, not by the input. A forgotten
/// stream is then answered from the lookup the caller gave, at the log's head (its answers for
/// that stream cannot change while the import runs: any other writer makes the next chunk's
/// append fail), through a bounded cache; every other stream is answered as before, from the
/// base pinned at the start and the lines held. Which streams were forgotten is kept in a
/// fixed-size filter (``StreamFilter``): it may say "perhaps" for a stream that was not, which
/// costs a read of the store, never a wrong answer.
public struct BatchReferenceLookup: ReferenceLookup {
    /// What the log held when the lookup was made (pinned there).
    public let base: any ReferenceLookup
    /// The base's last sequence when the lookup was made; the first added line gets the next one.
    public let startHead: UInt64
    /// The lookup as given (at the log's head): where forgotten streams are read.
    private let head: any ReferenceLookup
    /// Lines dropped from the front of `added` because they are in the store.
    private var forgottenCount = 0
    /// Stream and type of each added line not forgotten, in order (line i of the whole batch will
    /// have sequence startHead + i + 1 and is at `added[i - forgottenCount]`).
    private var added: [(stream: StreamName, type: String)] = []
    /// What the held lines did to each stream (one dictionary, so adding a line hashes its
    /// stream name once).
    private var streams: [StreamName: AddedLines] = [:]
    /// The streams dropped by ``forget(linesBefore:)`` (perhaps more).
    private var forgottenStreams = StreamFilter()
    /// The store's answers for forgotten streams.
    private let stored = StoredAnswers()

    /// The lines held for one stream.
    private struct AddedLines {
        /// The stream's lines forgotten while later ones are held (they come first).
        var forgottenLines: UInt32 = 0
        /// The positions in the whole batch of the lines held (the versions after the forgotten
        /// ones, in order).
        var indices: [Int] = []
        /// Their facts (an event that changes none leaves them as they are).
        var facts = StreamFacts()
        /// The stream's version before these lines when it was read from the head (a stream
        /// written again after it was forgotten); `nil`: the base's version.
        var storedVersion: UInt32?

        mutating func add(_ index: Int, _ event: CareEvent) {
            indices.append(index)
            facts.absorb(event)
        }
    }

    /// A lookup over `base` with no batch lines yet; an unreadable base counts as empty here and
    /// fails on the first real lookup.
    ///
    /// A base that holds no events is replaced by ``EmptyReferenceLookup``: a pinned empty log
    /// answers every question the same way without a read, so importing into a new store reads
    /// nothing per line (until streams are forgotten, and then only for those).
    public init(base: any ReferenceLookup) {
        let read = try? base.headSequence()
        let head = read ?? 0
        // Pinned: the chunks this lookup plans are appended while it is in use.
        self.base = read == 0 ? EmptyReferenceLookup() : base.pinned(at: head)
        self.head = base
        self.startHead = head
    }

    /// The number of lines added so far (forgotten ones included).
    public var addedCount: Int { forgottenCount + added.count }

    /// Adds an accepted line, so later lines can refer to its stream.
    ///
    /// - Throws: ``CatalogueError/Kind/storeUnavailable`` when a forgotten stream's version
    ///   cannot be read back.
    public mutating func add(_ stream: StreamName, _ event: CareEvent) throws(CatalogueError) {
        let index = addedCount
        // A stream held already is found once and changed in place.
        if let held = streams.index(forKey: stream) {
            added.append((stream, event.type))
            streams.values[held].add(index, event)
            return
        }
        var lines = AddedLines()
        if forgottenStreams.mayContain(stream) { lines.storedVersion = try stored.version(of: stream, from: head) }
        added.append((stream, event.type))
        lines.add(index, event)
        streams[stream] = lines
    }

    /// Drops the first `count` lines of the batch (the caller has them in the store) and every
    /// stream none of whose later lines is held; later questions about them read the store.
    public mutating func forget(linesBefore count: Int) {
        let drop = min(count, addedCount) - forgottenCount
        guard drop > 0 else { return }
        added.removeFirst(drop)
        forgottenCount += drop
        // Changed in place (no new dictionary, and no stream held on hashed again): the lines
        // now in the store are dropped from each stream, then the streams left with none.
        var dropped: [StreamName] = []
        var position = streams.startIndex
        while position != streams.endIndex {
            if let last = streams.values[position].indices.last, last >= forgottenCount {
                let gone = streams.values[position].indices.prefix { $0 < forgottenCount }.count
                if gone > 0 {
                    streams.values[position].indices.removeFirst(gone)
                    streams.values[position].forgottenLines += UInt32(gone)
                }
            } else {
                dropped.append(streams.keys[position])
            }
            position = streams.index(after: position)
        }
        for stream in dropped {
            streams.removeValue(forKey: stream)
            forgottenStreams.insert(stream)
            stored.remove(stream)
        }
    }

    /// The number of lines added for a stream since the lookup last read it from the store.
    public func linesAdded(to stream: StreamName) -> UInt32 {
        guard let lines = streams[stream] else { return 0 }
        return lines.forgottenLines + UInt32(lines.indices.count)
    }

    /// The stream's version in the store, not counting lines held here: at the start, or for a
    /// forgotten stream at the head.
    public func storedVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 {
        if let lines = streams[stream] {
            if let version = lines.storedVersion { return version }
            return try base.currentVersion(of: stream)
        }
        if forgottenStreams.mayContain(stream) { return try stored.version(of: stream, from: head) }
        return try base.currentVersion(of: stream)
    }

    /// ``storedVersion(of:)`` plus ``linesAdded(to:)``, finding the stream's lines once.
    public func currentVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 {
        if let lines = streams[stream] {
            let added = lines.forgottenLines + UInt32(lines.indices.count)
            if let version = lines.storedVersion { return version + added }
            return try base.currentVersion(of: stream) + added
        }
        if forgottenStreams.mayContain(stream) { return try stored.version(of: stream, from: head) }
        return try base.currentVersion(of: stream)
    }

    public func facts(of stream: StreamName) throws(CatalogueError) -> StreamFacts {
        // The head may also hold some of the lines held here: laying the same facts over again
        // changes nothing (latest wins, sets join, flags stay set). A stream held here was read
        // from the head when it was added after being forgotten (its stored version is set);
        // any other held stream was never forgotten, and the base answers for it.
        guard let lines = streams[stream] else {
            if forgottenStreams.mayContain(stream) { return try stored.facts(of: stream, from: head) }
            return try base.facts(of: stream)
        }
        let before: StreamFacts
        if lines.storedVersion != nil {
            before = try stored.facts(of: stream, from: head)
        } else {
            before = try base.facts(of: stream)
        }
        return before.overlaid(with: lines.facts)
    }

    public func entry(atSequence sequence: UInt64) throws(CatalogueError) -> ReferencedEntry? {
        let lastForgotten = startHead + UInt64(forgottenCount)
        if sequence > lastForgotten, sequence - startHead <= UInt64(addedCount) {
            let line = added[Int(sequence - lastForgotten - 1)]
            return ReferencedEntry(sequence: sequence, stream: line.stream, type: line.type)
        }
        if sequence > startHead, sequence <= lastForgotten { return try head.entry(atSequence: sequence) }
        return try base.entry(atSequence: sequence)
    }

    public func headSequence() throws(CatalogueError) -> UInt64 { startHead + UInt64(addedCount) }

    public func sequence(ofVersion version: UInt32, in stream: StreamName) throws(CatalogueError) -> UInt64? {
        let storedVersion = try storedVersion(of: stream)
        guard version > storedVersion else {
            let fromHead = streams[stream].map { $0.storedVersion != nil } ?? forgottenStreams.mayContain(stream)
            return try (fromHead ? head : base).sequence(ofVersion: version, in: stream)
        }
        guard let lines = streams[stream] else { return nil }
        let offset = Int(version - storedVersion) - 1
        if offset < Int(lines.forgottenLines) { return try head.sequence(ofVersion: version, in: stream) }
        let held = offset - Int(lines.forgottenLines)
        guard held < lines.indices.count else { return nil }
        return startHead + UInt64(lines.indices[held]) + 1
    }

    /// The store's facts only (at the start, or for a forgotten stream at the head): the batch's
    /// own lines are tracked by ``ImportPlanner``.
    public func recordedFacts(in stream: StreamName) throws(CatalogueError) -> [RecordedFact] {
        let fromHead = streams[stream].map { $0.storedVersion != nil } ?? forgottenStreams.mayContain(stream)
        return try (fromHead ? head : base).recordedFacts(in: stream)
    }
}

/// The store's answers for streams a ``BatchReferenceLookup`` forgot, up to ``limit`` streams
/// (then all are dropped and read again as needed). A reference: the lookup's copies share it,
/// and its questions are not mutating.
private final class StoredAnswers {
    /// The most streams remembered.
    static let limit = 8192
    private var versions: [StreamName: UInt32] = [:]
    private var facts: [StreamName: StreamFacts] = [:]

    func version(of stream: StreamName, from head: any ReferenceLookup) throws(CatalogueError) -> UInt32 {
        if let version = versions[stream] { return version }
        let version = try head.currentVersion(of: stream)
        if versions.count >= Self.limit { versions.removeAll(keepingCapacity: true) }
        versions[stream] = version
        return version
    }

    func facts(of stream: StreamName, from head: any ReferenceLookup) throws(CatalogueError) -> StreamFacts {
        if let known = facts[stream] { return known }
        let read = try head.facts(of: stream)
        if facts.count >= Self.limit { facts.removeAll(keepingCapacity: true) }
        facts[stream] = read
        return read
    }

    /// Forgets what was read about `stream` (it was written meanwhile).
    func remove(_ stream: StreamName) {
        // Nothing read yet (an import into a new store, before any stream is read back): no
        // name is hashed for each stream forgotten.
        guard !versions.isEmpty || !facts.isEmpty else { return }
        versions[stream] = nil
        facts[stream] = nil
    }
}
