import CareRecord
import EventLog

/// Imports a mapped export into a store: rows become event lines (``RowMapper``), which go
/// through the same ``CareRecord/ImportPlanner`` as the NDJSON import — validation, fact identity
/// (a restated fact is skipped and counted as already recorded) and atomic chunks.
///
/// Every row is checked, so one run lists every problem. Nothing is appended once a problem is
/// found: without a chunk size the file is one batch (any problem ⇒ nothing appended); with one,
/// the chunks complete before the first problem stay, and a re-run appends only what is missing.
/// A dry run appends nothing and only counts.
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

    /// An import.
    public init(mapping: SourceMapping, chunkSize: Int? = nil, dryRun: Bool = false) {
        self.mapping = mapping
        self.chunkSize = chunkSize
        self.dryRun = dryRun
    }

    /// Reads every row of `reader` and appends (unless a dry run) into `store`, validating at `now`.
    ///
    /// - Throws: the store's error when an append or read fails; row problems are in the summary.
    public func run(_ reader: inout some SourceRowReader, into store: any EventStore, now: Timestamp)
        throws(EventStoreError) -> Summary
    {
        let mapper = RowMapper(mapping: mapping, columns: reader.header, direct: direct)
        var planner = ImportPlanner(
            validator: EventValidator(now: now), lookup: EventStoreReferenceLookup(store: store),
            chunkSize: chunkSize)
        var summary = Summary()
        var failed = false
        // Rows correct what the store held before this import; an empty store holds nothing to correct.
        let startHead = try store.checkpoint(knownAt: .head).sequence
        let before: (any ReferenceLookup)? =
            startHead == 0 ? nil : EventStoreReferenceLookup(store: store, knownAt: .sequence(startHead))
        var recordIds: Set<String> = []
        var absent: StreamName?
        var timeRange: ClosedRange<Timestamp>?

        func append(_ chunk: ImportChunk?) throws(EventStoreError) {
            guard let chunk, !failed, !dryRun else { return }
            let result = try store.append(chunk.batch)
            // The planner forgets what the store now holds, so memory is bounded by the chunk.
            planner.chunkAppended(chunk.index)
            if !result.wasAlreadyAppended {
                summary.appended += result.positions.count
                if let range = result.sequenceRange {
                    summary.sequences = (summary.sequences?.lowerBound ?? range.lowerBound)...range.upperBound
                }
            }
        }

        while true {
            let row: SourceRow
            do {
                guard let next = try reader.next() else { break }
                row = next
            } catch {
                summary.problems.append(error)
                failed = true
                break
            }
            summary.rows += 1
            let (lines, problems) = mapper.events(of: row)
            if !problems.isEmpty {
                summary.problems += problems
                failed = true
                continue
            }
            recordIds.insert(mapper.recordId(of: row))
            for given in lines {
                var line = given
                timeRange =
                    min(
                        timeRange?.lowerBound ?? line.occurredAt, line.occurredAt)...max(
                        timeRange?.upperBound ?? line.occurredAt, line.occurredAt)
                let skippedBefore = planner.alreadyRecorded
                do {
                    var correction: RowCorrection?
                    if let before {
                        correction = try RowCorrection.find(
                            for: line, in: before, actor: mapping.actor, absent: &absent)
                    }
                    if let correction { line = correction.line }
                    let chunk = try planner.add(line)
                    if planner.alreadyRecorded > skippedBefore {
                        summary.counts[given.type, default: Counts()].alreadyRecorded += 1
                    } else if let correction {
                        summary.counts[given.type, default: Counts()].corrections += 1
                        summary.corrections.append(
                            Correction(
                                row: row.number, stream: correction.target.stream.rawValue,
                                version: correction.target.version, type: given.type,
                                changedFields: correction.changedFields))
                    } else {
                        summary.counts[line.type, default: Counts()].new += 1
                    }
                    try append(chunk)
                } catch let error as CatalogueError {
                    summary.problems.append(problem(error, line: line))
                    failed = true
                } catch let error as EventStoreError {
                    throw error
                } catch {
                    failed = true
                }
            }
        }
        do {
            let last = try planner.finish()
            try append(last)
        } catch let error as CatalogueError {
            summary.problems.append(problem(error, line: nil))
            failed = true
        } catch let error as EventStoreError {
            throw error
        } catch {
            failed = true
        }
        if let timeRange { summary.vanished = try vanished(from: store, keeping: recordIds, within: timeRange) }
        return summary
    }

    /// This source's record ids in the log (read from the events' correlation ids) whose events
    /// lie within `range` but are not among `recordIds`.
    private func vanished(
        from store: any EventStore, keeping recordIds: Set<String>, within range: ClosedRange<Timestamp>
    )
        throws(EventStoreError) -> [Vanished]
    {
        let prefix = mapping.source + ":"
        var found: [String: String] = [:]
        var order: [String] = []
        do {
            try store.read(EventSelection()) { event in
                guard let correlation = event.correlationID, correlation.hasPrefix(prefix),
                    range.contains(event.occurredAt)
                else { return }
                let id = String(correlation.dropFirst(prefix.count))
                guard !recordIds.contains(id), found[id] == nil else { return }
                found[id] = event.stream.rawValue
                order.append(id)
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
        let row = line?.line ?? error.line ?? 0
        var column: String?
        if let path = error.fieldPath, path.hasPrefix("data."), let type = line?.type ?? error.eventType {
            let field = String(path.dropFirst(5))
            for spec in mapping.events where spec.type == type {
                if let name = spec.data[field] { column = mapping.values[name]?.column }
            }
        }
        return RowProblem(
            row: row, column: column, field: "\(line?.type ?? error.eventType ?? "") \(error.fieldPath ?? "")",
            message: error.message)
    }
}
