import CareRecord
import EventLog

/// Imports a mapped export into a store: rows become event lines (``RowMapper``), which go
/// through the same ``CareRecord/ImportPlanner`` as the NDJSON import — validation, fact identity
/// (a restated fact is skipped and counted as already recorded) and atomic chunks.
///
/// Every row is checked, so one run lists every problem. Nothing is appended once a problem is
/// found: without a chunk size the file is one batch (any problem ⇒ nothing appended); with one,
/// the chunks complete before the first problem stay, and a re-run appends only what is missing.
/// A dry run appends nothing to the store and only counts.
public struct MappedImport {
    /// Counts for one event type.
    public struct Counts: Hashable, Sendable {
        /// Events that would be (or were) appended.
        public var new = 0
        /// Events skipped because the log already holds the same fact.
        public var alreadyRecorded = 0
        /// Rows whose fact was recorded with other values: imported as an `EntryCorrected`.
        public var corrections = 0
    }

    /// A row that corrects an entry recorded earlier (shown by the dry run).
    public struct Correction: Hashable, Sendable {
        /// The row.
        public var row: Int
        /// The entry corrected: stream and version.
        public var stream: String
        /// Its version in the stream.
        public var version: UInt32
        /// The event type corrected.
        public var type: String
        /// The fields that differ (names only, never values).
        public var changedFields: [String]

        /// `row 5: corrects VisitScheduled visit/CM00700002 version 1 (data.plannedMinutes)`.
        public var description: String {
            "row \(row): corrects \(type) \(stream) version \(version) (\(changedFields.joined(separator: ", ")))"
        }
    }

    /// A record id of this source that the log holds within the export's time range but the
    /// export no longer has: reported, never deleted.
    public struct Vanished: Hashable, Sendable {
        /// The source's record id.
        public var recordId: String
        /// The stream of its first event.
        public var stream: String

        /// `record 700004 (visit/CM00700004) is in the log but not in this export`.
        public var description: String {
            "record \(recordId) (\(stream)) is in the log but not in this export; nothing was deleted"
        }
    }

    /// What an import did or, in a dry run, would do.
    public struct Summary: Sendable {
        /// Data rows read.
        public var rows = 0
        /// Counts per event type.
        public var counts: [String: Counts] = [:]
        /// Every problem, in row order.
        public var problems: [RowProblem] = []
        /// Events appended (0 in a dry run).
        public var appended = 0
        /// The sequences appended.
        public var sequences: ClosedRange<UInt64>?
        /// Rows that correct an entry recorded earlier, in row order.
        public var corrections: [Correction] = []
        /// Records of this source in the log, within the export's time range, that the export
        /// no longer has.
        public var vanished: [Vanished] = []

        /// One line per event type (`VisitCheckedIn: 120 new, 30 already recorded`), sorted.
        public var countLines: [String] {
            counts.keys.sorted().map { type in
                let c = counts[type] ?? Counts()
                return "\(type): \(c.new) new, \(c.alreadyRecorded) already recorded, \(c.corrections) corrections"
            }
        }
    }

    /// The mapping.
    public var mapping: SourceMapping
    /// Events per atomic chunk; `nil` makes the file one batch.
    public var chunkSize: Int?
    /// Whether to append nothing and only count.
    public var dryRun: Bool
    /// Whether events of the hot types are built straight from the cells (``RowMapper``);
    /// `false` sends every event through its NDJSON line (the oracle of the differential test).
    package var direct = true
    /// Called after each chunk is appended, every 1,024 rows and as the log is read for the
    /// vanished-row report: the CLI passes the LMDB store's `releaseMappedPages()`, so the pages of
    /// the log a long import writes and reads back do not all stay in its resident memory.
    public var releaseStorePages: (@Sendable () -> Void)?
    /// Where a dry run with a chunk size appends its chunks instead of the store: a new, empty
    /// store the caller throws away afterwards. The planner then forgets each chunk once it is
    /// there and reads it back when a later row needs it, as a real import does with the store
    /// (``DryRunReferenceLookup``), so the dry run's memory is bounded by the chunk, not the
    /// file, and its counts are those of the real import. Without it (or without a chunk size)
    /// a dry run holds every planned row until it ends.
    public var dryRunScratch: (any EventStore)?
    /// Called after each chunk is appended to ``dryRunScratch`` (the CLI unmaps its pages).
    public var releaseScratchPages: (@Sendable () -> Void)?

    /// An import.
    public init(mapping: SourceMapping, chunkSize: Int? = nil, dryRun: Bool = false) {
        self.mapping = mapping
        self.chunkSize = chunkSize
        self.dryRun = dryRun
    }

    /// Reads every row of `reader` and appends (unless a dry run) into `store`, validating at `now`.
    ///
    /// The work runs on three threads, as `carelog import` of NDJSON does: the rows are read and
    /// mapped (and checked for corrections of what the store held) on one, ahead of the planner
    /// (``MappedRowFeed``); the planner checks them in order on the caller's; each chunk is
    /// appended on a third while the next is planned (``CareRecord/ChunkAppender``). Chunks are appended
    /// one at a time and in order, and none after the first problem, so the outcome is that of
    /// appending each chunk as soon as it is planned.
    ///
    /// - Throws: the store's error when an append or read fails; row problems are in the summary.
    public func run<Reader: SourceRowReader>(_ reader: inout Reader, into store: any EventStore, now: Timestamp)
        throws(EventStoreError) -> Summary
    {
        let mapper = RowMapper(mapping: mapping, columns: reader.header, direct: direct)
        let validator = EventValidator(now: now)
        // Rows correct what the store held before this import; an empty store holds nothing to correct.
        let startHead = try store.checkpoint(knownAt: .head).sequence
        // A chunked dry run appends to the scratch store (if it is empty) and plans against the
        // store followed by it.
        var scratch: (any EventStore)?
        if dryRun, chunkSize != nil, let given = dryRunScratch, try given.checkpoint(knownAt: .head).sequence == 0 {
            scratch = given
        }
        let lookup: any ReferenceLookup =
            scratch.map { DryRunReferenceLookup(store: store, startHead: startHead, scratch: $0) }
            ?? EventStoreReferenceLookup(store: store)
        var planner = ImportPlanner(validator: validator, lookup: lookup, chunkSize: chunkSize)
        var summary = Summary()
        var failed = false
        let before: (any ReferenceLookup)? = startHead == 0 ? nil : StoreAtStart(store: store, head: startHead)
        var recordIds = RecordIdSet()
        var timeRange: ClosedRange<Timestamp>?
        let feed = MappedRowFeed(reader: reader, mapper: mapper, before: before, validator: validator)
        let appender = ChunkAppender(
            store: scratch ?? store, afterAppend: scratch == nil ? releaseStorePages : releaseScratchPages)
        defer {
            _ = appender.wait()
            if let back = feed.stop() as? Reader { reader = back }
        }

        /// Waits for the chunk in flight, if any, and accounts for it.
        func settle() throws(EventStoreError) {
            guard let (chunk, outcome) = appender.wait() else { return }
            let result = try outcome.get()
            // The planner forgets what the store now holds, so memory is bounded by the chunk.
            planner.chunkAppended(chunk.index)
            if scratch == nil, !result.wasAlreadyAppended {
                summary.appended += result.positions.count
                if let range = result.sequenceRange {
                    summary.sequences = (summary.sequences?.lowerBound ?? range.lowerBound)...range.upperBound
                }
            }
        }

        func append(_ chunk: ImportChunk?) throws(EventStoreError) {
            guard var chunk, !failed, !dryRun || scratch != nil else { return }
            try settle()
            if scratch != nil {
                // The scratch store's sequences start after the store's head; mapped rows carry
                // no expected version and no idempotency key.
                chunk.batch.expectedHead = chunk.batch.expectedHead.map { $0 - startHead }
                chunk.batch.expectedVersions = [:]
                chunk.batch.idempotencyKey = nil
            }
            appender.start(chunk)
        }

        var rowsSinceRelease = 0
        while true {
            var next: MappedRow?
            do {
                next = try feed.next()
            } catch {
                summary.problems.append(error)
                failed = true
                break
            }
            // Moved out of `next`, not copied (its lines are then this loop's alone).
            guard var row = next.take() else { break }
            summary.rows += 1
            if !row.problems.isEmpty {
                summary.problems += row.problems
                failed = true
                continue
            }
            recordIds.insert(row.recordId)
            // Each line is moved out of the row (the feed hands the row over, so its lines are
            // this loop's alone), never copied: a copy retains each of its strings and its payload.
            var lines = row.lines
            row.lines = []
            for index in lines.indices {
                // The line is taken out of its slot (not copied); the slot keeps the rest.
                guard let line = lines[index].line.take() else { continue }
                let occurredAt = line.occurredAt
                timeRange =
                    min(
                        timeRange?.lowerBound ?? occurredAt, occurredAt)...max(
                        timeRange?.upperBound ?? occurredAt, occurredAt)
                if let failure = lines[index].failure {
                    summary.problems.append(problem(failure, line: line))
                    failed = true
                    continue
                }
                let skippedBefore = planner.alreadyRecorded
                // What is needed of the line after the planner has it: the line itself is moved
                // into the planner (`consume`), whose proposed event takes its strings and payload.
                let type = lines[index].type
                let lineNumber = line.line
                let lineType = line.type
                do {
                    let chunk = try planner.add(consume line)
                    if planner.alreadyRecorded > skippedBefore {
                        summary.counts[type, default: Counts()].alreadyRecorded += 1
                    } else if let correction = lines[index].correction {
                        summary.counts[type, default: Counts()].corrections += 1
                        summary.corrections.append(
                            Correction(
                                row: row.number, stream: correction.target.stream.rawValue,
                                version: correction.target.version, type: type,
                                changedFields: correction.changedFields))
                    } else {
                        summary.counts[lineType, default: Counts()].new += 1
                    }
                    try append(chunk)
                    if planner.hasSkippedChunk {
                        // Rows already recorded for a whole chunk (an overlapping export): the
                        // planner forgets the streams they read once the chunk in flight is in.
                        try settle()
                        planner.forgetSkippedLines()
                    }
                } catch let error as CatalogueError {
                    summary.problems.append(problem(error, row: lineNumber, type: lineType))
                    failed = true
                } catch let error as EventStoreError {
                    throw error
                } catch {
                    failed = true
                }
            }
            // The pages the planner's reads mapped (streams read back) are unmapped now and then.
            rowsSinceRelease += 1
            if rowsSinceRelease == 1024 {
                rowsSinceRelease = 0
                releaseStorePages?()
            }
        }
        do {
            let last = try planner.finish()
            try append(last)
            try settle()
        } catch let error as CatalogueError {
            summary.problems.append(problem(error, line: nil))
            failed = true
        } catch let error as EventStoreError {
            throw error
        } catch {
            failed = true
        }
        if let timeRange {
            recordIds.seal()
            summary.vanished = try vanished(from: store, keeping: recordIds, within: timeRange, through: startHead)
        }
        return summary
    }

    /// This source's record ids in the log up to `head` (where it stood when the import began:
    /// every event appended since carries a record id of this export) whose events lie within
    /// `range` but are not among `recordIds`, read from the events' correlation ids.
    ///
    /// A store that lends its events (LMDB) is read in place, and only a matching event's ids
    /// become strings; its mapped pages are released as the read goes, so a long log read does
    /// not stay in resident memory.
    private func vanished(
        from store: any EventStore, keeping recordIds: RecordIdSet, within range: ClosedRange<Timestamp>,
        through head: UInt64
    )
        throws(EventStoreError) -> [Vanished]
    {
        guard head > 0 else { return [] }
        var selection = EventSelection().known(at: .sequence(head))
        selection.occurredFrom = range.lowerBound
        selection.occurredBefore = range.upperBound.adding(milliseconds: 1)
        let prefix = Array((mapping.source + ":").utf8)
        var found: [String: String] = [:]
        var order: [String] = []
        func visit(correlation: String, stream: () -> String) {
            let id = String(correlation.utf8.dropFirst(prefix.count)) ?? ""
            guard found[id] == nil, !recordIds.contains(id) else { return }
            found[id] = stream()
            order.append(id)
        }
        do {
            if let lending = store as? any BorrowedEventReading {
                var visited = 0
                try lending.readBorrowed(
                    selection,
                    { event in
                        visited += 1
                        if visited & 0xFFFF == 0 { releaseStorePages?() }
                        let correlation = event.correlationID
                        guard correlation.count >= prefix.count, correlation.starts(with: prefix),
                            range.contains(event.occurredAt),
                            let text = String(validating: correlation, as: UTF8.self)
                        else { return }
                        visit(correlation: text) { String(decoding: event.stream, as: UTF8.self) }
                    }, end: { _ in })
                releaseStorePages?()
            } else {
                try store.read(selection) { event in
                    guard let correlation = event.correlationID, correlation.utf8.starts(with: prefix),
                        range.contains(event.occurredAt)
                    else { return }
                    visit(correlation: correlation) { event.stream.rawValue }
                }
            }
        } catch let error as EventStoreError {
            throw error
        } catch {
            return []
        }
        return order.map { Vanished(recordId: $0, stream: found[$0] ?? "") }
    }

    /// A planner's refusal as a row problem (its column found through the mapping).
    private func problem(_ error: CatalogueError, line: EventLine?) -> RowProblem {
        problem(error, row: line?.line, type: line?.type)
    }

    /// ``problem(_:line:)`` from the line's number and event type (for a line already handed on).
    private func problem(_ error: CatalogueError, row line: Int?, type lineType: String?) -> RowProblem {
        let row = line ?? error.line ?? 0
        var column: String?
        if let path = error.fieldPath, path.hasPrefix("data."), let type = lineType ?? error.eventType {
            let field = String(path.dropFirst(5))
            for spec in mapping.events where spec.type == type {
                if let name = spec.data[field] { column = mapping.values[name]?.column }
            }
        }
        return RowProblem(
            row: row, column: column, field: "\(lineType ?? error.eventType ?? "") \(error.fieldPath ?? "")",
            message: error.message)
    }
}
