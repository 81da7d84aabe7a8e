import CareRecord
import Dispatch
import EventLog
import LMDBEventLog

/// Imports NDJSON event lines into a store: the logic behind `carelog import`.
///
/// Each line is parsed, checked against the facts already recorded and validated (against the
/// store and the earlier lines) by the catalogue's ``CareRecord/ImportPlanner``; each chunk (the
/// whole input without `--chunk`) is appended atomically. A line that restates a recorded fact is
/// skipped and counted, so re-running an input after an interruption — or an overlapping or
/// edited input, with any chunk size — appends only the facts that are missing.
package struct EventImporter {
    /// How many chunks a pipelined import hands to the appending thread before it waits for
    /// the oldest: with three, planning goes on while a chunk that also brings the indexes up
    /// to date (every 65,536 events) is written, instead of both sides waiting for it
    /// (`Docs/performance-log.md`, "Names hashed with the name, a third chunk in flight").
    package static let chunksInFlight = 3

    /// What an import did.
    package struct Summary: Hashable, Sendable {
        /// Events newly appended.
        package var appended = 0
        /// Lines skipped because they restate a fact already recorded (in the store or earlier
        /// in the input).
        package var alreadyRecorded = 0
        /// Chunks appended or found already present.
        package var chunks = 0
        /// The sequence numbers of the newly appended events.
        package var sequences: ClosedRange<UInt64>?
        /// Where the migration's ``CareRecord/RecordsMigrated`` event was appended, if one was.
        package var migrationRecord: EventPosition?
        /// The earliest and latest `recordedAt` of the migrated events appended.
        var migratedTimes: ClosedRange<Timestamp>?

        /// The report line: `imported N events (sequences A–B), M already recorded`.
        package var description: String {
            var text = "imported \(appended) event\(appended == 1 ? "" : "s")"
            if let sequences {
                text +=
                    sequences.count == 1
                    ? " (sequence \(sequences.lowerBound))"
                    : " (sequences \(sequences.lowerBound)–\(sequences.upperBound))"
            }
            text += ", \(alreadyRecorded) already recorded"
            if let record = migrationRecord {
                text += "\nrecorded the migration as sequence \(record.sequence) (stream \(record.stream))"
            }
            return text
        }
    }

    /// Lines per atomic chunk; `nil` imports the whole input as one batch.
    package var chunkSize: Int?
    /// Use each line's `recordedAt` (migration only): each event keeps its own, which must be
    /// present, not decreasing and not in the future.
    package var recordedAtFromInput = false
    /// Stop after this many chunks (to simulate an interruption in tests and drills).
    package var stopAfterChunks: Int?
    /// Who runs a migration (`--migrated-by`): the actor of its ``CareRecord/RecordsMigrated`` event.
    package var migratedBy: String?
    /// When set, the actor of every imported event, whatever `actor` its line names: the service
    /// sets the signed-in identity here, so an actor cannot be taken from the request.
    package var actor: String?
    /// Where the facts of long streams go when they no longer fit in memory, and are looked up
    /// (usually the store's ``CachedFactIndex``); `nil` reads such streams back from the log.
    package var factIndex: (any FactIndex)?
    /// The facts held in memory before long streams move to ``factIndex`` (tests make it small;
    /// `nil`: the planner's own).
    package var factsLimit: Int?

    /// An importer with the given chunking.
    package init(
        chunkSize: Int? = nil, recordedAtFromInput: Bool = false, stopAfterChunks: Int? = nil, migratedBy: String? = nil
    ) {
        self.migratedBy = migratedBy
        self.chunkSize = chunkSize
        self.recordedAtFromInput = recordedAtFromInput
        self.stopAfterChunks = stopAfterChunks
    }

    /// Imports `input` into `store`, validating at `now`; `progress` receives the line number reached.
    ///
    /// - Throws: ``CarelogError/invalidInput(_:)`` naming the line and the reason (nothing from that
    ///   chunk appended), or the store's error classified by ``CarelogError/from(_:)``.
    package func run(
        _ input: [UInt8], into store: any EventStore, now: Timestamp, progress: (Int) -> Void = { _ in }
    ) throws(CarelogError) -> Summary {
        try run(
            NDJSONReader(bytes: input), sourceDigest: ImportPlanner.digest(of: input), into: store, now: now,
            progress: progress)
    }

    /// Imports the lines `reader` hands out (a whole input, or a file read in blocks) into `store`.
    ///
    /// The work runs on four threads: while the store appends one chunk (durably), the next
    /// chunks' lines are validated, and the lines after them parsed on two threads
    /// (``ParsedLineFeed``, a few thousand lines ahead). Up to ``chunksInFlight`` chunks may be
    /// in flight (``ChunkAppender/depth``): a planned chunk is handed over while those before it
    /// are still being written, so the planner waits only when that many are ahead of it. Chunks
    /// are appended one at a time and in order (none after one that fails), and an invalid line
    /// is reported only after every chunk before it is settled, so the outcome and the messages
    /// are those of appending each chunk as soon as it is planned. With ``stopAfterChunks`` each
    /// chunk is settled before the next line is read, on one thread. After each chunk, and every
    /// 4,096 lines, the store's pages read so far are unmapped
    /// (``LMDBEventLog/LMDBEventStore/releaseMappedPages()``), so the pages of the log a long
    /// import has written and read back do not all stay in its resident memory.
    ///
    /// - Parameter sourceDigest: the input's SHA-256; required for a migration, whose
    ///   ``CareRecord/RecordsMigrated`` event records it.
    /// - Throws: as ``run(_:into:now:progress:)``.
    package func run(
        _ reader: NDJSONReader, sourceDigest: EventHash?, into store: any EventStore, now: Timestamp,
        progress: (Int) -> Void = { _ in }
    ) throws(CarelogError) -> Summary {
        if recordedAtFromInput, sourceDigest == nil {
            throw CarelogError.usage("a migration needs the whole input at once (its SHA-256 is recorded)")
        }
        var reader = reader
        let validator = EventValidator(now: now)
        var planner = ImportPlanner(
            validator: validator, lookup: EventStoreReferenceLookup(store: store),
            chunkSize: chunkSize, sourceDigest: sourceDigest,
            recordedAtFromInput: recordedAtFromInput, lastRecordedAt: try Self.lastRecordedAt(of: store),
            factIndex: factIndex, factsLimit: factsLimit)
        var summary = Summary()
        // Events of a single-line chunk whose own idempotency key was used before.
        var alreadyAppendedLines = 0
        var chunkStartLine = 1
        var lastLine = 0
        let mappedStore = store as? LMDBEventStore
        var releasePages: (@Sendable () -> Void)?
        if let mappedStore { releasePages = { mappedStore.releaseMappedPages() } }
        let pipelined = stopAfterChunks == nil
        let appender = ChunkAppender(
            store: store, depth: pipelined ? Self.chunksInFlight : 1, afterAppend: releasePages)
        // Whatever stops the import, the chunks in flight are finished first.
        defer { appender.waitForAll() }
        // Pipelined, the lines are parsed on a third thread, ahead of the planner.
        let feed = pipelined ? ParsedLineFeed(reader, validator: validator) : nil
        defer { feed?.stop() }

        /// Waits for every chunk in flight, oldest first, and accounts for them.
        func settle() throws(CarelogError) {
            while appender.hasInFlight { try settleOldest() }
        }

        /// Waits for the oldest chunk in flight, if any, and accounts for it.
        func settleOldest() throws(CarelogError) {
            guard let (chunk, outcome) = appender.wait() else { return }
            let result: AppendResult
            switch outcome {
            case .success(let appended): result = appended
            case .failure(let error):
                throw CarelogError.from(error).withContext(Self.context(summary, failedLines: chunk.lines))
            }
            if result.wasAlreadyAppended {
                alreadyAppendedLines += result.positions.count
            } else {
                summary.appended += result.positions.count
                if let range = result.sequenceRange {
                    summary.sequences = (summary.sequences?.lowerBound ?? range.lowerBound)...range.upperBound
                }
            }
            if recordedAtFromInput, !result.wasAlreadyAppended,
                let first = chunk.batch.events.first?.recordedAt, let last = chunk.batch.events.last?.recordedAt
            {
                summary.migratedTimes = (summary.migratedTimes?.lowerBound ?? first)...last
            }
            summary.chunks += 1
            chunkStartLine = chunk.lines.upperBound + 1
            // Handed back whole: its events' room is reused for a later chunk.
            planner.chunkAppended(consume chunk)
            summary.alreadyRecorded = planner.alreadyRecorded + alreadyAppendedLines
        }

        func append(_ chunk: consuming ImportChunk) throws(CarelogError) {
            while appender.isFull { try settleOldest() }
            appender.start(chunk)
            if !pipelined { try settle() }
        }

        while true {
            if let stopAfterChunks, summary.chunks >= stopAfterChunks { return summary }
            // Pipelined, the line stays where it is in the feed's batch and the planner moves
            // what it keeps out of it: a line moved whole is a copy of its 289 bytes (and a copy
            // of the line, not moved, retains each of its strings and its payload).
            var next: EventLine?
            do {
                if let feed {
                    guard try feed.advance() else { break }
                } else {
                    next = try reader.next()
                    guard next != nil else { break }
                }
            } catch {
                try settle()
                let context = Self.context(summary, failedLines: chunkStartLine...(error.line ?? chunkStartLine))
                if error.kind == .storeUnavailable { throw CarelogError.storeOrIO(error.description + context) }
                throw CarelogError.invalidInput(error.description + context)
            }
            do {
                let chunk: ImportChunk?
                if let feed {
                    chunk =
                        try feed.withCurrentLine { line throws(CatalogueError) in
                            if let actor { line.actor = actor }
                            lastLine = line.line
                            return try planner.add(taking: &line)
                        } ?? nil
                } else if var line = next.take() {
                    if let actor { line.actor = actor }
                    lastLine = line.line
                    chunk = try planner.add(taking: &line)
                } else {
                    chunk = nil
                }
                if let chunk { try append(chunk) }
                summary.alreadyRecorded = planner.alreadyRecorded + alreadyAppendedLines
            } catch let error as CatalogueError {
                try settle()
                summary.alreadyRecorded = planner.alreadyRecorded + alreadyAppendedLines
                throw CarelogError.invalidInput(
                    error.description + Self.context(summary, failedLines: chunkStartLine...lastLine))
            } catch {
                try settle()
                throw CarelogError.from(error)
            }
            if planner.hasSkippedChunk {
                // A chunk's worth of lines were all already recorded: once the chunks in flight
                // are settled, the planner forgets the streams those lines read, so an input
                // that restates the store holds no more than one that does not.
                try settle()
                planner.forgetSkippedLines()
            }
            progress(lastLine)
            // Pages the checks read back (streams forgotten and touched again) are unmapped
            // every 4,096 lines too, so a chunk's reads do not add up either.
            if lastLine & 4095 == 0 { mappedStore?.releaseMappedPages() }
        }
        if let stopAfterChunks, summary.chunks >= stopAfterChunks { return summary }
        do {
            if let chunk = try planner.finish() { try append(chunk) }
            try settle()
            summary.alreadyRecorded = planner.alreadyRecorded + alreadyAppendedLines
        } catch let error as CatalogueError {
            try settle()
            throw CarelogError.invalidInput(
                error.description + Self.context(summary, failedLines: chunkStartLine...max(lastLine, chunkStartLine)))
        } catch {
            throw CarelogError.from(error)
        }
        if let times = summary.migratedTimes, summary.appended > 0, let sourceDigest {
            summary.migrationRecord = try recordMigration(
                digest: sourceDigest, events: summary.appended, times: times, into: store, now: now)
        }
        return summary
    }

    /// Appends the ``CareRecord/RecordsMigrated`` event (normal `recordedAt`) after a migration.
    package func recordMigration(
        digest sourceDigest: EventHash, events: Int, times: ClosedRange<Timestamp>, into store: any EventStore,
        now: Timestamp
    ) throws(CarelogError) -> EventPosition? {
        let digest = sourceDigest.hex
        guard let stream = StreamName(kind: "migration", id: String(digest.prefix(16))) else { return nil }
        let record = RecordsMigrated(
            sourceSHA256: digest, events: events, firstRecordedAt: times.lowerBound, lastRecordedAt: times.upperBound)
        let line = EventLine(
            stream: stream, event: record.careEvent, occurredAt: now, actor: migratedBy ?? "system/carelog")
        do {
            try EventValidator(now: now).validate(line, lookup: EventStoreReferenceLookup(store: store))
            return try store.append(AppendBatch(events: [line.proposedEvent])).positions.first
        } catch let error as CatalogueError {
            throw CarelogError.invalidInput("the migration record: " + error.description)
        } catch {
            throw CarelogError.from(error)
        }
    }

    /// The store's last `recordedAt`, for a migration's order check.
    package static func lastRecordedAt(of store: any EventStore) throws(CarelogError) -> Timestamp? {
        do { return try store.checkpoint().recordedAt } catch { throw CarelogError.from(error) }
    }

    /// What was and was not appended when an import stops.
    package static func context(_ summary: Summary, failedLines: ClosedRange<Int>) -> String {
        var text = "; nothing from lines \(failedLines.lowerBound)–\(failedLines.upperBound) was appended"
        if summary.chunks > 0, failedLines.lowerBound > 1 {
            text +=
                " (lines 1–\(failedLines.lowerBound - 1) are in the store: \(summary.appended) appended, \(summary.alreadyRecorded) already recorded; re-running the file appends only what is missing)"
        }
        return text
    }
}

extension CarelogError {
    /// The same error with `context` added to its message.
    package func withContext(_ context: String) -> CarelogError {
        switch self {
        case .verificationFailed(let m): return .verificationFailed(m + context)
        case .usage(let m): return .usage(m + context)
        case .invalidInput(let m): return .invalidInput(m + context)
        case .storeOrIO(let m): return .storeOrIO(m + context)
        case .conflict(let m): return .conflict(m + context)
        }
    }
}
