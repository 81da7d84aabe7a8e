import CareRecord
import EventLog

/// Imports NDJSON event lines into a store: the logic behind `carelog import`.
///
/// Each line is parsed and validated (against the store and the earlier lines) by the
/// catalogue's ``CareRecord/ImportPlanner``; each chunk is appended atomically with an
/// idempotency key derived from the input's SHA-256, the chunk size and the chunk's index, so
/// re-running the same input after an interruption appends only the chunks that are missing.
/// A correction (`EntryCorrected`, `EntryVoided`) always starts a new batch, so it can refer by
/// sequence number to an entry earlier in the same input.
public struct EventImporter {
    /// What an import did.
    public struct Summary: Hashable, Sendable {
        /// Events newly appended.
        public var appended = 0
        /// Events skipped because their chunk was already in the store.
        public var alreadyPresent = 0
        /// Chunks appended or found already present.
        public var chunks = 0
        /// The sequence numbers of the newly appended events.
        public var sequences: ClosedRange<UInt64>?

        /// The report line: `imported N events (sequences A–B), M already present`.
        public var description: String {
            var text = "imported \(appended) event\(appended == 1 ? "" : "s")"
            if let sequences {
                text += sequences.count == 1
                    ? " (sequence \(sequences.lowerBound))" : " (sequences \(sequences.lowerBound)–\(sequences.upperBound))"
            }
            return text + ", \(alreadyPresent) already present"
        }
    }

    /// Lines per atomic chunk; `nil` imports the whole input as one batch.
    public var chunkSize: Int?
    /// Use each line's `recordedAt` (migration only); the store still never lets it decrease.
    public var recordedAtFromInput = false
    /// Stop after this many chunks (to simulate an interruption in tests and drills).
    public var stopAfterChunks: Int?

    /// An importer with the given chunking.
    public init(chunkSize: Int? = nil, recordedAtFromInput: Bool = false, stopAfterChunks: Int? = nil) {
        self.chunkSize = chunkSize
        self.recordedAtFromInput = recordedAtFromInput
        self.stopAfterChunks = stopAfterChunks
    }

    /// Imports `input` into `store`, validating at `now`; `progress` receives the line number reached.
    ///
    /// - Throws: ``CLIError/invalidInput(_:)`` naming the line and the reason (nothing from that
    ///   chunk appended), or the store's error classified by ``CLIError/from(_:)``.
    public func run(
        _ input: [UInt8], into store: any EventStore, now: Timestamp, progress: (Int) -> Void = { _ in }
    ) throws(CLIError) -> Summary {
        var reader = NDJSONReader(bytes: input)
        var planner = ImportPlanner(
            validator: EventValidator(now: now), lookup: EventStoreReferenceLookup(store: store),
            chunkSize: chunkSize, sourceDigest: ImportPlanner.digest(of: input),
            recordedAtFromInput: recordedAtFromInput)
        var summary = Summary()
        var chunkStartLine = 1
        var lastLine = 0

        func append(_ chunk: ImportChunk) throws(CLIError) {
            let result: AppendResult
            do {
                result = try store.append(chunk.batch)
            } catch {
                let failure = CLIError.from(error)
                throw failure.withContext(Self.context(summary, failedLines: chunk.lines))
            }
            if result.wasAlreadyAppended {
                summary.alreadyPresent += result.positions.count
            } else {
                summary.appended += result.positions.count
                if let range = result.sequenceRange {
                    summary.sequences = (summary.sequences?.lowerBound ?? range.lowerBound)...range.upperBound
                }
            }
            summary.chunks += 1
            chunkStartLine = chunk.lines.upperBound + 1
        }

        while true {
            if let stopAfterChunks, summary.chunks >= stopAfterChunks { return summary }
            let line: EventLine
            do {
                guard let next = try reader.next() else { break }
                line = next
            } catch {
                throw CLIError.invalidInput(error.description + Self.context(summary, failedLines: chunkStartLine...(error.line ?? chunkStartLine)))
            }
            lastLine = line.line
            do {
                // A correction names the entry it changes by sequence number, and only entries
                // already in the store have one: it therefore starts a new batch. The rule
                // depends only on the input, so chunk keys stay the same when an import resumes.
                if line.type == EntryCorrected.eventType || line.type == EntryVoided.eventType,
                    let chunk = try planner.finish()
                {
                    try append(chunk)
                    if let stopAfterChunks, summary.chunks >= stopAfterChunks { return summary }
                }
                if let chunk = try planner.add(line) { try append(chunk) }
            } catch let error as CatalogueError {
                throw CLIError.invalidInput(error.description + Self.context(summary, failedLines: chunkStartLine...line.line))
            } catch {
                throw CLIError.from(error)
            }
            progress(lastLine)
        }
        if let stopAfterChunks, summary.chunks >= stopAfterChunks { return summary }
        do {
            if let chunk = try planner.finish() { try append(chunk) }
        } catch let error as CatalogueError {
            throw CLIError.invalidInput(error.description + Self.context(summary, failedLines: chunkStartLine...max(lastLine, chunkStartLine)))
        } catch {
            throw CLIError.from(error)
        }
        return summary
    }

    /// What was and was not appended when an import stops.
    static func context(_ summary: Summary, failedLines: ClosedRange<Int>) -> String {
        var text = "; nothing from lines \(failedLines.lowerBound)–\(failedLines.upperBound) was appended"
        if summary.chunks > 0, failedLines.lowerBound > 1 {
            text += " (lines 1–\(failedLines.lowerBound - 1) are in the store: \(summary.appended) appended, \(summary.alreadyPresent) already present; re-running this same file appends only what is missing)"
        }
        return text
    }
}

extension CLIError {
    /// The same error with `context` added to its message.
    func withContext(_ context: String) -> CLIError {
        switch self {
        case .verificationFailed(let m): return .verificationFailed(m + context)
        case .usage(let m): return .usage(m + context)
        case .invalidInput(let m): return .invalidInput(m + context)
        case .storeOrIO(let m): return .storeOrIO(m + context)
        case .conflict(let m): return .conflict(m + context)
        }
    }
}
