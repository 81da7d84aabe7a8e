import EventLog

/// One atomic batch of an import: the lines it covers and the batch to append.
public struct ImportChunk: Sendable {
    /// 0-based position of the chunk in the import.
    public var index: Int
    /// The first and last input line numbers it covers.
    public var lines: ClosedRange<Int>
    /// The batch: events in input order (with their own `recordedAt` when migrating), expected
    /// versions, idempotency key.
    public var batch: AppendBatch
}

/// Turns validated NDJSON lines into ``EventLog/AppendBatch``es: one batch, or chunks of N lines.
///
/// - **Fact identity** (``FactIdentity``): a line that restates a fact already recorded (in the
///   store or earlier in the input) is skipped and counted in ``alreadyRecorded``, never appended
///   again; a line that contradicts a once-per-stream fact is refused with its field. So
///   re-running a file, an overlapping or edited file, or another chunk size appends only facts
///   that are new.
/// - Every other line is validated (against the lookup plus all earlier lines of the import)
///   before it joins a chunk; a chunk with an invalid line is never produced.
/// - `expectedVersion` on lines becomes the batch's per-stream expectation (a later line of the
///   same stream must agree with the earlier ones: version + lines before it in the chunk).
/// - A chunk that is a single line with its own `idempotencyKey` carries that key.
/// - Migration (`recordedAtFromInput`): every line must carry a `recordedAt`, not lower than the
///   one before it (in the input, or the store's last) and not later than the validator's `now`
///   plus its allowed skew; each event is then stored with its own time.
///
/// Use it streaming (``add(_:)`` then ``finish()``, appending each chunk as it is returned) or all
/// at once with ``plan(_:)``.
public struct ImportPlanner {
    /// Lines per chunk; `nil` puts the whole input in one batch.
    public let chunkSize: Int?
    /// SHA-256 of the input, if known (for the migration record); chunks no longer depend on it.
    public let sourceDigest: EventHash?
    /// Whether lines' `recordedAt` are passed to the store (migration only). Off by default.
    public let recordedAtFromInput: Bool
    /// Whether restated facts are skipped and contradicting ones refused. On by default; off only
    /// for a generator that writes each fact once into an empty store (the demo).
    public let checksFactIdentity: Bool
    /// Whether each chunk is appended only at the head it was planned against
    /// (``EventLog/AppendBatch/expectedHead``), so a correction may name an earlier line of the
    /// import by the sequence it gets. On by default; `carelog append` turns it off (one event,
    /// whose correction can only name an entry already in the store).
    public let pinsHead: Bool
    /// The checks applied to each line.
    public let validator: EventValidator
    /// Lines skipped because they restate a fact already recorded.
    public private(set) var alreadyRecorded = 0
    /// Where the last skipped line's fact is recorded (stream and version).
    public private(set) var lastAlreadyRecorded: (stream: StreamName, version: UInt32, sequence: UInt64?)?
    /// The `recordedAt` of the last migrated line (or of the store's last event), for the order check.
    public private(set) var lastRecordedAt: Timestamp?
    private var lookup: BatchReferenceLookup
    /// The lookup as given, not pinned: where the data of a fact already appended is read back
    /// (only to name the field a contradicting line changes).
    private let durable: any ReferenceLookup
    /// Chunks handed out but not yet reported appended (``chunkAppended(_:)``): their lines'
    /// data, for the same purpose. Shared with the chunk itself, so holding it costs nothing.
    private var unappended: [(index: Int, events: [ProposedEvent], linesThrough: Int)] = []
    /// The facts of each stream touched and not forgotten, by the lookup's id of the stream
    /// (``BatchReferenceLookup/focus(on:)``; pinned there while held here).
    private var known: [KnownFacts?] = []
    /// The chunk that the last line touching each stream of ``known`` is in (or will be), by the
    /// same id (-1: no facts held): what ``chunkAppended(_:)`` scans to forget streams, and what
    /// says the facts are held, without reading (and copying) the facts.
    private var knownThrough: [Int] = []
    /// The facts of streams forgotten lately, in a fixed budget: read from here, not the store,
    /// when such a stream is touched again.
    private var forgotten: ForgottenFacts
    /// Where the facts of long streams go once they are in the log and no longer fit in memory
    /// (dropped from ``forgotten``, or held while the facts held pass ``heldFactsLimit``), and
    /// where a line of such a stream is looked up: `nil` reads whole streams back instead.
    /// Not used by a migration, which counts each fact's copies in the store.
    private let factIndex: (any FactIndex)?
    /// The most facts held for the streams in ``known`` before the long ones (with
    /// ``KnownFacts/indexedFrom`` facts in the log or more) are moved to the ``factIndex``.
    private let heldFactsLimit: Int
    /// Streams with a line skipped as already recorded in this input.
    private var skippedStreams: Set<StreamName> = []
    /// The last sequence whose input position still matches the log: every line before the first
    /// skipped one got the sequence its position gives. Nil until a line is skipped.
    private var positionsMatchThrough: UInt64?
    /// The pending lines' numbers and expectations (their events are in ``pendingEvents``).
    private var pendingLines: [(line: Int, expected: ExpectedVersion?)] = []
    /// The pending lines as proposed to the log (encoded once, when the line is added).
    private var pendingEvents: [ProposedEvent] = []
    /// The first pending line's idempotency key (a chunk of that one line carries it).
    private var pendingKey: String?
    /// Whether a pending line gives an `expectedVersion`.
    private var pendingExpects = false
    private var nextIndex = 0
    /// Lines added or skipped as already recorded since the last chunk was made (or since the
    /// streams of a run of skipped lines were forgotten): a chunk is made every ``chunkSize`` lines of
    /// input, whether they are new or not.
    private var linesSinceChunk = 0
    /// Whether ``chunkSize`` lines in a row were all already recorded, so no chunk carries them:
    /// once the chunks handed out are appended, ``forgetSkippedLines()`` forgets the streams they
    /// read, as appending a chunk forgets its streams. Without it an input that restates what the
    /// store holds (a file imported twice, a weekly export that overlaps the last) kept every
    /// stream it read until its end.
    public private(set) var hasSkippedChunk = false

    /// How many streams' facts the planner holds now (not those forgotten into the fixed budget).
    package var streamsHeld: Int { knownThrough.lazy.filter { $0 >= 0 }.count }
    /// Event arrays of appended chunks, emptied with their room kept (``chunkAppended(_:)-(ImportChunk)``):
    /// the next chunks' events go into them, so a chunk's room is not allocated (and its fresh
    /// pages faulted in) again for every chunk. At most ``spareLimit`` are kept.
    private var spareEvents: [[ProposedEvent]] = []
    /// The most emptied event arrays kept for reuse.
    static let spareLimit = 2
    /// The most lines a chunk's arrays are sized for ahead (a larger chunk grows them as it fills).
    static let reservedLines = 1 << 16

    /// A planner over what `lookup` (usually an ``EventStoreReferenceLookup``) already holds.
    ///
    /// - Parameter lastRecordedAt: the store's last `recordedAt`, for migration's order check.
    public init(
        validator: EventValidator, lookup: any ReferenceLookup, chunkSize: Int? = nil,
        sourceDigest: EventHash? = nil, recordedAtFromInput: Bool = false, checksFactIdentity: Bool = true,
        lastRecordedAt: Timestamp? = nil, pinsHead: Bool = true, factIndex: (any FactIndex)? = nil
    ) {
        self.init(
            validator: validator, lookup: lookup, chunkSize: chunkSize, sourceDigest: sourceDigest,
            recordedAtFromInput: recordedAtFromInput, checksFactIdentity: checksFactIdentity,
            lastRecordedAt: lastRecordedAt, pinsHead: pinsHead, factIndex: factIndex, factsLimit: nil)
    }

    /// The facts held in memory, and again the facts kept of forgotten streams, when a
    /// ``factIndex`` takes the long streams that do not fit: twice the budget without one. Moving
    /// a stream to the index costs writes now and a lookup per later line, so a budget that holds
    /// a year of a thousand people's medication records (about 146,000 facts) keeps that import
    /// as fast as before, and a larger partnership's import stays within it
    /// (`Docs/performance-log.md`, "The fact index").
    static let indexedFactsLimit = 1 << 18

    /// A planner whose memory for facts is `factsLimit` facts (held, and forgotten; `nil`: the
    /// default), for tests that make streams leave memory after a few lines.
    package init(
        validator: EventValidator, lookup: any ReferenceLookup, chunkSize: Int? = nil,
        sourceDigest: EventHash? = nil, recordedAtFromInput: Bool = false, checksFactIdentity: Bool = true,
        lastRecordedAt: Timestamp? = nil, pinsHead: Bool = true, factIndex: (any FactIndex)?, factsLimit: Int?
    ) {
        self.factIndex = recordedAtFromInput ? nil : factIndex
        let limit = factsLimit ?? (self.factIndex == nil ? ForgottenFacts.limit : Self.indexedFactsLimit)
        self.forgotten = ForgottenFacts(limit: limit)
        self.heldFactsLimit = limit
        self.pinsHead = pinsHead
        precondition(chunkSize.map { $0 > 0 } ?? true, "chunk size must be positive")
        self.validator = validator
        self.lookup = BatchReferenceLookup(base: lookup)
        self.durable = lookup
        self.chunkSize = chunkSize
        self.sourceDigest = sourceDigest
        self.recordedAtFromInput = recordedAtFromInput
        self.checksFactIdentity = checksFactIdentity
        self.lastRecordedAt = lastRecordedAt
    }

    /// The SHA-256 of an input, for ``sourceDigest``.
    public static func digest(of input: [UInt8]) -> EventHash { EventHash.sha256(of: input) }

    /// Validates a line and adds it; returns a chunk when one is full. A line that restates a
    /// recorded fact is skipped (counted in ``alreadyRecorded``).
    ///
    /// The line is consumed, not kept: the planner keeps the event as proposed to the log (its
    /// stream, actor and payload moved out of the line, not copied) and the line's number and
    /// expectation, so a caller's line is never copied.
    ///
    /// - Throws: the line's first ``CatalogueError``; the pending chunk is then discarded.
    public mutating func add(_ line: consuming EventLine) throws(CatalogueError) -> ImportChunk? {
        var line = line
        return try add(taking: &line)
    }

    /// ``add(_:)`` of a line where it is (in the import's batch of parsed lines): the planner
    /// moves the stream, actor and payload of a line it accepts out of it, and the line is never
    /// copied or moved whole (each move of its 289 bytes is a copy). What is left of the line is
    /// the caller's to drop.
    ///
    /// - Throws: as ``add(_:)``.
    public mutating func add(taking line: inout EventLine) throws(CatalogueError) -> ImportChunk? {
        do throws(CatalogueError) {
            try refuseShiftedTarget(line)
            // A correction naming its entry by stream and version is stored by sequence.
            if line.event.namesEntryByTarget {
                var resolved = try validator.resolvingTarget(line, lookup: lookup)
                return try accept(&resolved)
            }
            return try accept(&line)
        } catch {
            pendingLines.removeAll()
            pendingEvents.removeAll()
            pendingKey = nil
            pendingExpects = false
            throw error
        }
    }

    /// ``add(_:)`` of a line whose target, if any, is resolved.
    private mutating func accept(_ line: inout EventLine) throws(CatalogueError) -> ImportChunk? {
        // The line's stream is hashed here once: the lookup's questions about it while the line
        // is checked and added compare names, and its facts here are found by id.
        let id = lookup.focus(on: line.stream)
        if checksFactIdentity {
            // Changed where it is in the array (never copied).
            try loadKnownFacts(id, of: line.stream)
            knownThrough[id] = nextIndex
            let slot = FactIdentity.onceSlot(of: line.event)
            // The fact's key is computed once, for the verdict and for remembering it.
            let key = line.factKey
            guard let verdict = try verdict(key: key, onceSlot: slot, id: id, stream: line.stream) else {
                throw CatalogueError(
                    kind: .storeUnavailable, message: "the facts of \(line.stream) were lost while importing")
            }
            switch verdict {
            case .alreadyRecorded(let version, let sequence):
                alreadyRecorded += 1
                if positionsMatchThrough == nil {
                    positionsMatchThrough = lookup.startHead + UInt64(lookup.addedCount)
                }
                skippedStreams.insert(line.stream)
                lastAlreadyRecorded = (line.stream, version, sequence)
                linesSinceChunk += 1
                guard let chunkSize, linesSinceChunk >= chunkSize else { return nil }
                if pendingLines.isEmpty {
                    hasSkippedChunk = true
                    return nil
                }
                return try flush()
            case .contradicts(let version):
                let field: String
                let last = known[id]?.lastVersion ?? 0
                if let earlier = try earlierPayload(in: line.stream, version: version, last: last) {
                    let payload = line.canonicalData
                    field = earlier != payload ? FactIdentity.firstDifference(earlier, payload) : "occurredAt"
                } else {
                    field = "data"
                }
                throw CatalogueError(
                    line: line.line, eventType: line.type, fieldPath: field, kind: .implausible,
                    message:
                        "contradicts the \(line.type) already recorded at version \(version) of this stream (it occurs once per stream\(line.type.hasPrefix("VisitChecked") ? " and member of staff" : "")); to change it, record an EntryCorrected"
                )
            case .new:
                if let problem = validator.problems(with: line, lookup: lookup).first { throw problem }
                if recordedAtFromInput { try checkRecordedAt(line) }
                // The sequence the line gets when its chunk is appended at the head it is planned at.
                let at = lookup.startHead + UInt64(lookup.addedCount) + 1
                // Changed where it is: reading `known[id]?.lastVersion` first copied the facts.
                known[id]?.insertNext(onceSlot: slot, key: key, at: at)
            }
        } else {
            if let problem = validator.problems(with: line, lookup: lookup).first { throw problem }
            if recordedAtFromInput { try checkRecordedAt(line) }
        }
        try lookup.add(line.stream, line.event)
        if line.expectedVersion != nil { pendingExpects = true }
        if pendingLines.isEmpty { pendingKey = line.idempotencyKey }
        pendingLines.append((line.line, line.expectedVersion))
        // The line's last use: its stream, actor and payload move into the proposed event.
        line.moveProposedEvent(recordedAt: recordedAtFromInput ? line.recordedAt : nil, into: &pendingEvents)
        linesSinceChunk += 1
        if let chunkSize, linesSinceChunk >= chunkSize { return try flush() }
        return nil
    }

    /// Reports that the chunk at `index` (and every chunk before it) is in the store: the planner
    /// forgets its lines and every stream that no later line touches (facts, versions, data),
    /// and reads them back from the store if a later line needs them. So with chunks, what it
    /// holds is bounded by the chunks not yet appended, not by the input.
    public mutating func chunkAppended(_ index: Int) {
        guard let appended = unappended.last(where: { $0.index <= index }) else { return }
        unappended.removeAll { $0.index <= index }
        forget(throughChunk: index, linesThrough: appended.linesThrough)
    }

    /// After ``hasSkippedChunk``, once every chunk handed out is reported appended
    /// (``chunkAppended(_:)``): forgets the streams the skipped lines read (their facts are all
    /// in the store), as appending a chunk forgets its streams, so that memory stays bounded by
    /// the chunk however many lines restate what the store holds. Does nothing while a chunk
    /// is not yet reported appended, or lines are pending.
    public mutating func forgetSkippedLines() {
        guard hasSkippedChunk, unappended.isEmpty, pendingLines.isEmpty else { return }
        hasSkippedChunk = false
        linesSinceChunk = 0
        // The skipped lines' streams are pinned to the chunk to come, which holds none of them.
        forget(throughChunk: nextIndex, linesThrough: lookup.addedCount)
    }

    /// Forgets every stream whose last line is in chunk `index` or before, all of whose facts
    /// are in the store, with the lines the lookup added before `linesThrough`.
    private mutating func forget(throughChunk index: Int, linesThrough: Int) {
        lookup.forget(linesBefore: linesThrough)
        // A migration keeps them: it counts how often the input states each fact against the
        // copies the store held before it began, which a stream read back would no longer tell.
        guard !recordedAtFromInput else { return }
        // By id, with no name hashed but for the facts kept: the streams a later line touches
        // stay where they are.
        let durable = lookup.startHead + UInt64(linesThrough)
        // The long streams that no longer fit in ``forgotten``, written to the index below.
        var dropped: [IndexedFacts] = []
        let spill: ((StreamName, KnownFacts) -> Void)? =
            factIndex == nil
            ? nil
            : { stream, facts in
                guard let taken = facts.durable(through: durable) else { return }
                dropped.append(IndexedFacts(stream: stream, facts: taken.facts, through: taken.through))
            }
        for id in knownThrough.indices where knownThrough[id] >= 0 && knownThrough[id] <= index {
            knownThrough[id] = -1
            if let facts = known[id].take(), let stream = lookup.stream(ofId: id) {
                forgotten.keep(stream, facts, dropping: spill)
            }
            lookup.unpin(id)
        }
        if factIndex != nil { moveToIndex(dropped: dropped, durable: durable) }
    }

    /// Writes to the ``factIndex`` the long streams that no longer fit in memory: the facts of
    /// those just `dropped` from ``forgotten`` (every fact of theirs is in the log), and, once the streams
    /// held have more than ``heldFactsLimit`` facts, the facts of held long streams that are in
    /// the log (at or before sequence `durable`), which are then dropped from memory.
    ///
    /// A stream with fewer than ``KnownFacts/indexedFrom`` facts (a visit) is not written: it is
    /// cheaper to read back. A failed write loses nothing: a dropped stream is read from the log
    /// after the versions the index covers, and a held stream keeps its facts.
    private mutating func moveToIndex(dropped: [IndexedFacts], durable: UInt64) {
        guard let factIndex else { return }
        var entries = dropped
        var held: [Int] = []
        // Read in place: a copy of each stream's facts (as `reduce` makes) retains and releases
        // every array it holds.
        var heldFacts = 0
        for id in known.indices { heldFacts += known[id]?.count ?? 0 }
        if heldFacts > heldFactsLimit {
            for id in known.indices where (known[id]?.durableCount(through: durable) ?? 0) >= KnownFacts.indexedFrom {
                guard let stream = lookup.stream(ofId: id), let taken = known[id]?.durable(through: durable) else {
                    continue
                }
                entries.append(IndexedFacts(stream: stream, facts: taken.facts, through: taken.through))
                held.append(id)
            }
        }
        guard !entries.isEmpty else { return }
        do { try factIndex.record(entries) } catch { return }
        // Written: the held streams' facts in the index leave memory.
        for id in held { known[id]?.dropDurable(through: durable) }
    }

    /// ``chunkAppended(_:)`` for `chunk` (the last chunk appended, handed back by its owner),
    /// and the chunk's array of events, emptied with its room kept, is used for a later chunk's
    /// events instead of a fresh allocation. An array still shared elsewhere (the appending
    /// thread has not let go of it yet) is left to its other owner, and the next chunk gets
    /// fresh room as before.
    public mutating func chunkAppended(_ chunk: consuming ImportChunk) {
        var events: [ProposedEvent] = []
        swap(&events, &chunk.batch.events)
        let index = chunk.index
        _ = consume chunk
        // Drops the planner's own reference (kept in `unappended`) first.
        chunkAppended(index)
        // Without chunks the one batch is the whole input, and no chunk follows to use its room.
        guard chunkSize != nil, spareEvents.count < Self.spareLimit, events.capacity > 0 else { return }
        // Unshared, the elements are released in place and the room stays; shared, this makes
        // empty room of the same size (what the next chunk would have allocated anyway).
        events.removeAll(keepingCapacity: true)
        spareEvents.append(events)
    }

    /// The last, partly filled chunk, if any lines are pending.
    public mutating func finish() throws(CatalogueError) -> ImportChunk? {
        pendingLines.isEmpty ? nil : try flush()
    }

    /// Validates every line, then returns all chunks — or throws the first problem and returns none.
    public mutating func plan(_ lines: [EventLine]) throws(CatalogueError) -> [ImportChunk] {
        var chunks: [ImportChunk] = []
        for line in lines {
            if let chunk = try add(line) { chunks.append(chunk) }
        }
        if let last = try finish() { chunks.append(last) }
        return chunks
    }

    /// A correction that names a line of this input (not yet in the store) by the sequence or
    /// stream version it would get is ambiguous once an earlier line was skipped as already
    /// recorded: the numbers in the file then no longer match the log. It is refused rather than
    /// resolved to the wrong entry. A sequence at or before the first skipped line still names the
    /// line at that position (it got that sequence), so it is accepted.
    private func refuseShiftedTarget(_ line: EventLine) throws(CatalogueError) {
        guard !skippedStreams.isEmpty else { return }
        let sequence: UInt64
        let target: EntryTarget?
        switch line.event {
        case .entryCorrected(let e): (sequence, target) = (e.sequence, e.target)
        case .entryVoided(let e): (sequence, target) = (e.sequence, e.target)
        default: return
        }
        let shifted: Bool
        let field: String
        if let target {
            field = "data.target.version"
            let stored = try lookup.base.currentVersion(of: target.stream)
            shifted = skippedStreams.contains(target.stream) && target.version > stored
        } else {
            field = "data.sequence"
            shifted = sequence > (positionsMatchThrough ?? lookup.startHead)
        }
        if shifted {
            throw CatalogueError(
                line: line.line, eventType: line.type, fieldPath: field, kind: .implausible,
                message:
                    "names an entry of this input by position, but an earlier line was skipped as already recorded, so positions in the input no longer match the log; import the facts first, then name the entry by the sequence it got"
            )
        }
    }

    /// What a line with fact `key` (filling `onceSlot`, if any) is against the facts of its
    /// stream held at `id` (``KnownFacts/verdict(key:onceSlot:copies:stream:factIndex:)``), found
    /// where they are in ``known``: reading them through `known[id]?` copied them. `nil` if the
    /// stream's facts are not held.
    private mutating func verdict(
        key: FactKey, onceSlot: String?, id: Int, stream: StreamName
    ) throws(CatalogueError) -> FactVerdict? {
        let (copies, factIndex) = (recordedAtFromInput, self.factIndex)
        return try known[id]?.verdict(
            key: key, onceSlot: onceSlot, copies: copies, stream: stream, factIndex: factIndex)
    }

    /// Puts the facts of the stream with lookup id `id` in ``known`` (and pins the id there) the
    /// first time the stream is touched: kept since it was forgotten, else read from the store.
    private mutating func loadKnownFacts(_ id: Int, of stream: StreamName) throws(CatalogueError) {
        if id < knownThrough.count, knownThrough[id] >= 0 { return }
        var facts = KnownFacts()
        // A stream the import never forgot (most are new) is not looked for among those it did.
        if lookup.mayHaveForgotten(id), let kept = forgotten.take(stream) {
            facts = kept
        } else if case let stored = try lookup.storedVersion(of: stream), stored > 0 {
            // What the index covers is not read back: only the versions after it.
            let indexed = try factIndex?.indexedVersion(of: stream) ?? 0
            if indexed > 0, indexed <= stored {
                facts.indexedThrough = indexed
                facts.lastVersion = indexed
                for fact in try lookup.recordedFacts(in: stream, fromVersion: indexed + 1) {
                    facts.insertStored(fact, countingCopies: recordedAtFromInput)
                }
            } else {
                for fact in try lookup.recordedFacts(in: stream) {
                    facts.insertStored(fact, countingCopies: recordedAtFromInput)
                }
            }
        }
        if id >= known.count {
            known.append(contentsOf: repeatElement(nil, count: id + 1 - known.count))
            knownThrough.append(contentsOf: repeatElement(-1, count: id + 1 - knownThrough.count))
        }
        known[id] = facts
        knownThrough[id] = nextIndex
        lookup.pin(id)
    }

    /// The canonical data of the fact at `version` of `stream`, whose last accepted version is
    /// `last`: from the lines not yet appended (newest first: the stream's lines there are its
    /// last versions, in order), else read back from the store; `nil` if neither has it.
    private func earlierPayload(
        in stream: StreamName, version: UInt32, last: UInt32
    ) throws(CatalogueError) -> [UInt8]? {
        var current = last
        for events in [pendingEvents] + unappended.reversed().map(\.events) {
            for event in events.reversed() where event.stream == stream {
                if current == version { return event.payload }
                if current < version { return nil }
                current -= 1
            }
        }
        return try durable.recordedFacts(in: stream).first { $0.version == version }?.canonicalPayload
    }

    /// Migration: a line's `recordedAt` is present, not decreasing and not in the future.
    private mutating func checkRecordedAt(_ line: EventLine) throws(CatalogueError) {
        func fail(_ kind: CatalogueError.Kind, _ message: String) -> CatalogueError {
            CatalogueError(line: line.line, eventType: line.type, fieldPath: "recordedAt", kind: kind, message: message)
        }
        guard let recordedAt = line.recordedAt else {
            throw fail(.missingField, "is required on every line of a migration (--recorded-at-from-input)")
        }
        if let last = lastRecordedAt, recordedAt < last {
            throw fail(
                .implausible,
                "is earlier than the recordedAt before it (in the input or the store); a migration keeps the log in recording order"
            )
        }
        if recordedAt.millisecondsSinceEpoch > validator.now.millisecondsSinceEpoch
            + validator.allowedClockSkewMilliseconds
        {
            throw fail(.inFuture, "lies in the future (more than 5 minutes after now)")
        }
        lastRecordedAt = recordedAt
    }

    private mutating func flush() throws(CatalogueError) -> ImportChunk {
        // The pending lines are read here only: their array is emptied, its room kept, when the
        // chunk is made (or refused).
        defer { pendingLines.removeAll(keepingCapacity: true) }
        linesSinceChunk = 0
        hasSkippedChunk = false
        // The events go with the chunk; the next chunk's go into an array an appended chunk
        // gave back, or into fresh room reserved at once (growing an array line by line copies
        // every event held at each doubling and touches fresh pages each time).
        var events = spareEvents.popLast() ?? []
        swap(&events, &pendingEvents)
        if let chunkSize, pendingEvents.capacity == 0 {
            pendingEvents.reserveCapacity(min(chunkSize, Self.reservedLines))
        }
        let firstKey = pendingKey
        // Counting each stream's lines is needed only to check the expectations given; an export
        // (`carelog log --format ndjson`) gives none, and then no line's stream is hashed here.
        let expects = pendingExpects
        pendingKey = nil
        pendingExpects = false
        defer { nextIndex += 1 }
        var expectations: [StreamName: (expected: ExpectedVersion, line: Int)] = [:]
        var seen: [StreamName: UInt32] = [:]
        for (index, line) in (expects ? pendingLines : []).enumerated() {
            let stream = events[index].stream
            let type = events[index].type
            let before = seen[stream] ?? 0
            seen[stream] = before + 1
            guard let given = line.expected else { continue }
            // What this line's expectation says the stream's version was before the chunk.
            let implied: ExpectedVersion
            switch given {
            case .any: continue
            case .noStream:
                guard before == 0 else {
                    throw CatalogueError(
                        line: line.line, eventType: type, fieldPath: "expectedVersion", kind: .invalidOption,
                        message: "noStream, but earlier lines of the same batch already write to \(stream)")
                }
                implied = .noStream
            case .exactly(let v):
                guard v >= before else {
                    throw CatalogueError(
                        line: line.line, eventType: type, fieldPath: "expectedVersion", kind: .invalidOption,
                        message: "\(v) is lower than the \(before) earlier lines of this batch in \(stream)")
                }
                implied = v - before == 0 ? .noStream : .exactly(v - before)
            }
            if let earlier = expectations[stream], earlier.expected != implied {
                throw CatalogueError(
                    line: line.line, eventType: type, fieldPath: "expectedVersion", kind: .invalidOption,
                    message: "disagrees with the expectedVersion on line \(earlier.line) for \(stream)")
            }
            expectations[stream] = (implied, line.line)
        }
        let lineCount = pendingLines.count
        let key = lineCount == 1 ? firstKey : nil
        let head = lookup.startHead + UInt64(lookup.addedCount - lineCount)
        let batch = AppendBatch(
            events: events, expectedVersions: expectations.mapValues(\.expected), idempotencyKey: key,
            expectedHead: pinsHead ? head : nil)
        let first = pendingLines.first?.line ?? 0
        unappended.append((nextIndex, events, lookup.addedCount))
        return ImportChunk(index: nextIndex, lines: first...(pendingLines.last?.line ?? first), batch: batch)
    }
}
