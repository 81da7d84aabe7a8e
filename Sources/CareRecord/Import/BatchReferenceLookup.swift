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
    /// Stream id and type of each added line not forgotten, in order (line i of the whole batch
    /// will have sequence startHead + i + 1 and is at `added[i - forgottenCount]`).
    private var added: [(id: Int32, type: String)] = []
    /// The streams held (with lines, pinned by the caller, or in focus), interned: what is kept
    /// for each is in ``slots`` at its id.
    private var table = StreamTable()
    /// What is kept for each stream id of ``table``.
    private var slots: [Slot] = []
    /// The stream in focus (``focus(on:)``) and its id: questions about it compare names, not hash them.
    private var focused: (name: StreamName, id: Int)?
    /// The streams dropped by ``forget(linesBefore:)`` (perhaps more).
    private var forgottenStreams = StreamFilter()
    /// The store's answers for forgotten streams.
    private let stored = StoredAnswers()

    /// What is kept for one interned stream.
    private struct Slot {
        /// Its lines held, if any.
        var lines: AddedLines?
        /// Whether the caller holds state by its id (``pin(_:)``).
        var pinned = false
        /// Whether it may have been forgotten (``StreamFilter/mayContain(_:)`` when it was
        /// interned, set when it is forgotten while interned): answers then come from the head.
        var forgotten = false
    }

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

        /// The lines added since the stream was last read from the store.
        var count: UInt32 { forgottenLines + UInt32(indices.count) }

        mutating func add(_ index: Int, _ event: CareEvent) {
            // Room for a visit's lines (its scheduling, check-in and check-out) at the first:
            // growing from empty reallocates at the second and the third.
            if indices.isEmpty { indices.reserveCapacity(4) }
            indices.append(index)
            facts.absorb(event)
        }

        /// Drops the lines before position `through` (they are in the store); whether none is left.
        mutating func drop(before through: Int) -> Bool {
            let gone = indices.prefix { $0 < through }.count
            if gone == indices.count { return true }
            if gone > 0 {
                indices.removeFirst(gone)
                forgottenLines += UInt32(gone)
            }
            return false
        }
    }

    /// Where the answers about a stream come from.
    private enum Source {
        /// Lines of it are held (at this id).
        case held(Int)
        /// It was forgotten and its version read back from the head already: this one.
        case read(UInt32)
        /// It was (perhaps) forgotten: the store at its head.
        case head
        /// The base, pinned at the start.
        case base
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

    /// The number of streams interned (held, pinned or in focus), for tests of what is held.
    var internedCount: Int { table.count }

    /// Puts `stream` in focus and returns its id: the questions that follow about it (a line's own
    /// stream, asked several times while the line is checked and added) find it by comparing
    /// names, so the name is hashed once per line. The id is the stream's until the next focus,
    /// and after that while lines of it are held or it is pinned.
    package mutating func focus(on stream: StreamName) -> Int {
        if let previous = focused {
            focused = nil
            releaseIfUnused(previous.id)
        }
        let id = intern(stream)
        focused = (stream, id)
        return id
    }

    /// Keeps the id of a stream the caller holds state for (by id) until ``unpin(_:)``, whether
    /// or not lines of it are held.
    package mutating func pin(_ id: Int) {
        if id < slots.count { slots[id].pinned = true }
    }

    /// Ends a ``pin(_:)``: the caller forgot the stream, and ``mayHaveForgotten(_:)`` says so from
    /// now on (the stream joins the filter of forgotten streams, which only costs reading it from
    /// the head, where a stream without lines held reads the same); the id is given back if
    /// nothing else keeps it.
    package mutating func unpin(_ id: Int) {
        guard id < slots.count else { return }
        slots[id].pinned = false
        if !slots[id].forgotten, let stream = table.name(of: id) {
            forgottenStreams.insert(stream)
            slots[id].forgotten = true
        }
        releaseIfUnused(id)
    }

    /// Whether the stream of a held id may have been forgotten, by this lookup or by a caller
    /// (``unpin(_:)``); `false` when it certainly was not (a stream new to the import).
    package func mayHaveForgotten(_ id: Int) -> Bool {
        id < slots.count && slots[id].forgotten
    }

    /// The stream of an id held (in focus, pinned or with lines held).
    package func stream(ofId id: Int) -> StreamName? { table.name(of: id) }

    /// Adds an accepted line, so later lines can refer to its stream.
    ///
    /// - Throws: ``CatalogueError/Kind/storeUnavailable`` when a forgotten stream's version
    ///   cannot be read back.
    public mutating func add(_ stream: StreamName, _ event: CareEvent) throws(CatalogueError) {
        let index = addedCount
        let id: Int
        if let focused, focused.name == stream { id = focused.id } else { id = intern(stream) }
        if slots[id].lines == nil {
            var lines = AddedLines()
            if slots[id].forgotten {
                do {
                    lines.storedVersion = try stored.takeVersion(of: stream, from: head)
                } catch {
                    releaseIfUnused(id)
                    throw error
                }
            }
            slots[id].lines = lines
        }
        added.append((Int32(id), event.type))
        slots[id].lines?.add(index, event)
    }

    /// Drops the first `count` lines of the batch (the caller has them in the store) and every
    /// stream none of whose later lines is held; later questions about them read the store.
    public mutating func forget(linesBefore count: Int) {
        let drop = min(count, addedCount) - forgottenCount
        guard drop > 0 else { return }
        let through = forgottenCount + drop
        // Only the streams of the lines dropped change: each is visited at its first such line
        // (later ones find its first held line already past them), by id, with no name hashed
        // but for the filter of the streams dropped.
        for line in added[..<drop] {
            let id = Int(line.id)
            guard let emptied = slots[id].lines?.drop(before: through), emptied else { continue }
            slots[id].lines = nil
            let wasForgotten = slots[id].forgotten
            slots[id].forgotten = true
            if let stream = table.name(of: id) {
                forgottenStreams.insert(stream)
                // Only a stream forgotten before (so read from the head) can have answers read.
                if wasForgotten { stored.remove(stream) }
            }
            releaseIfUnused(id)
        }
        added.removeFirst(drop)
        forgottenCount = through
    }

    /// The number of lines added for a stream since the lookup last read it from the store.
    public func linesAdded(to stream: StreamName) -> UInt32 {
        guard case .held(let id) = source(of: stream) else { return 0 }
        return slots[id].lines?.count ?? 0
    }

    /// The stream's version in the store, not counting lines held here: at the start, or for a
    /// forgotten stream at the head.
    public func storedVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 {
        switch source(of: stream) {
        case .held(let id):
            if let version = slots[id].lines?.storedVersion { return version }
            return try base.currentVersion(of: stream)
        case .head, .read: return try stored.version(of: stream, from: head)
        case .base: return try base.currentVersion(of: stream)
        }
    }

    /// ``storedVersion(of:)`` plus ``linesAdded(to:)``, finding the stream's lines once.
    ///
    /// The question the validator asks of each stream a line refers to (a visit's person, a
    /// check-in's member of staff): such a stream, forgotten long ago and read back since, is
    /// answered from what was read without asking the filter.
    public func currentVersion(of stream: StreamName) throws(CatalogueError) -> UInt32 {
        switch source(of: stream, readBack: true) {
        case .held(let id):
            let added = slots[id].lines?.count ?? 0
            if let version = slots[id].lines?.storedVersion { return version + added }
            return try base.currentVersion(of: stream) + added
        case .read(let version): return version
        case .head: return try stored.version(of: stream, from: head)
        case .base: return try base.currentVersion(of: stream)
        }
    }

    public func facts(of stream: StreamName) throws(CatalogueError) -> StreamFacts {
        // The head may also hold some of the lines held here: laying the same facts over again
        // changes nothing (latest wins, sets join, flags stay set). A stream held here was read
        // from the head when it was added after being forgotten (its stored version is set);
        // any other held stream was never forgotten, and the base answers for it.
        switch source(of: stream) {
        case .held(let id):
            guard let lines = slots[id].lines else { return try base.facts(of: stream) }
            let before: StreamFacts
            if lines.storedVersion != nil {
                before = try stored.facts(of: stream, from: head)
            } else {
                before = try base.facts(of: stream)
            }
            return before.overlaid(with: lines.facts)
        case .head, .read: return try stored.facts(of: stream, from: head)
        case .base: return try base.facts(of: stream)
        }
    }

    public func entry(atSequence sequence: UInt64) throws(CatalogueError) -> ReferencedEntry? {
        let lastForgotten = startHead + UInt64(forgottenCount)
        if sequence > lastForgotten, sequence - startHead <= UInt64(addedCount) {
            let line = added[Int(sequence - lastForgotten - 1)]
            // A line held keeps its stream's id.
            guard let stream = table.name(of: Int(line.id)) else { return nil }
            return ReferencedEntry(sequence: sequence, stream: stream, type: line.type)
        }
        if sequence > startHead, sequence <= lastForgotten { return try head.entry(atSequence: sequence) }
        return try base.entry(atSequence: sequence)
    }

    public func headSequence() throws(CatalogueError) -> UInt64 { startHead + UInt64(addedCount) }

    public func sequence(ofVersion version: UInt32, in stream: StreamName) throws(CatalogueError) -> UInt64? {
        let storedVersion = try storedVersion(of: stream)
        let source = source(of: stream)
        guard version > storedVersion else {
            return try (readsHead(source) ? head : base).sequence(ofVersion: version, in: stream)
        }
        guard case .held(let id) = source, let lines = slots[id].lines else { return nil }
        let offset = Int(version - storedVersion) - 1
        if offset < Int(lines.forgottenLines) { return try head.sequence(ofVersion: version, in: stream) }
        let held = offset - Int(lines.forgottenLines)
        guard held < lines.indices.count else { return nil }
        return startHead + UInt64(lines.indices[held]) + 1
    }

    /// The store's facts only (at the start, or for a forgotten stream at the head): the batch's
    /// own lines are tracked by ``ImportPlanner``.
    public func recordedFacts(in stream: StreamName) throws(CatalogueError) -> [RecordedFact] {
        try (readsHead(source(of: stream)) ? head : base).recordedFacts(in: stream)
    }

    /// ``recordedFacts(in:)`` from `version` on.
    public func recordedFacts(in stream: StreamName, fromVersion version: UInt32) throws(CatalogueError)
        -> [RecordedFact]
    {
        try (readsHead(source(of: stream)) ? head : base).recordedFacts(in: stream, fromVersion: version)
    }

    /// Whether the store's part of a stream is read at the head (a stream forgotten, perhaps
    /// written again since), not from the base.
    private func readsHead(_ source: Source) -> Bool {
        switch source {
        case .held(let id): slots[id].lines?.storedVersion != nil
        case .head, .read: true
        case .base: false
        }
    }

    /// Where the answers about `stream` come from: the stream in focus is found by comparing its
    /// name, any other by one hash of it (and, when it is not interned, one more for the filter).
    ///
    /// With `readBack`, a stream (not in focus) whose version was read back from the head is
    /// answered with it (``Source/read(_:)``), found with that one hash instead of the table's
    /// and the filter's: only a stream with no lines held that the filter sends to the head is
    /// read back, and the filter never forgets one.
    private func source(of stream: StreamName, readBack: Bool = false) -> Source {
        let id: Int?
        if let focused, focused.name == stream {
            id = focused.id
        } else {
            // A version read back is of a stream with no lines held (``add(_:_:)`` takes it out
            // of what was read), so it is the answer whether or not the stream is interned.
            if readBack, let version = stored.readVersion(of: stream) { return .read(version) }
            id = table.id(of: stream)
        }
        if let id {
            if slots[id].lines != nil { return .held(id) }
            return slots[id].forgotten ? .head : .base
        }
        return forgottenStreams.mayContain(stream) ? .head : .base
    }

    /// The id of `stream`, interned now if it was not (with an empty slot).
    private mutating func intern(_ stream: StreamName) -> Int {
        let (id, new) = table.intern(stream)
        guard new else { return id }
        let slot = Slot(forgotten: forgottenStreams.mayContain(stream))
        if id < slots.count {
            slots[id] = slot
        } else {
            slots.append(slot)
        }
        return id
    }

    /// Gives an id back once nothing keeps it: no lines held, not pinned, not in focus.
    private mutating func releaseIfUnused(_ id: Int) {
        guard id < slots.count, slots[id].lines == nil, !slots[id].pinned, focused?.id != id else { return }
        table.remove(id)
        slots[id] = Slot()
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

    /// The version read of `stream`, if it was read (and not removed since).
    func readVersion(of stream: StreamName) -> UInt32? {
        versions.isEmpty ? nil : versions[stream]
    }

    /// The stream's version at the head, from what was read (no longer kept: lines of the stream
    /// are held from now on, and answer for it) or read now.
    func takeVersion(of stream: StreamName, from head: any ReferenceLookup) throws(CatalogueError) -> UInt32 {
        if !versions.isEmpty, let version = versions.removeValue(forKey: stream) { return version }
        return try head.currentVersion(of: stream)
    }

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
