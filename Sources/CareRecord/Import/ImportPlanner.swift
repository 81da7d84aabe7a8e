import EventLog

/// One atomic batch of an import: the lines it covers and the batch to append.
public struct ImportChunk: Sendable {
    /// 0-based position of the chunk in the import.
    public var index: Int
    /// The first and last input line numbers it covers.
    public var lines: ClosedRange<Int>
    /// The batch: events in input order, expected versions, idempotency key, migration `recordedAt`.
    public var batch: AppendBatch
}

/// Turns validated NDJSON lines into ``EventLog/AppendBatch``es: one batch, or chunks of N lines.
///
/// - Every line is validated (against the lookup plus all earlier lines of the import) before
///   it joins a chunk; a chunk with an invalid line is never produced.
/// - `expectedVersion` on lines becomes the batch's per-stream expectation (a later line of the
///   same stream must agree with the earlier ones: version + lines before it in the chunk).
/// - Resumable imports: with a `sourceDigest` (SHA-256 of the whole input), each chunk's
///   idempotency key is `import:<digest>:<chunkSize>:<index>`, so re-running an interrupted import
///   of the same file with the same chunk size appends only the chunks that are missing.
///   When a chunk is a single line that has its own `idempotencyKey`, that key is used instead.
///
/// Use it streaming (``add(_:)`` then ``finish()``, appending each chunk as it is returned) or all
/// at once with ``plan(_:)``.
public struct ImportPlanner {
    /// Lines per chunk; `nil` puts the whole input in one batch.
    public let chunkSize: Int?
    /// SHA-256 of the input, for chunk idempotency keys; `nil` for none.
    public let sourceDigest: EventHash?
    /// Whether lines' `recordedAt` are passed to the store (migration only). Off by default.
    public let recordedAtFromInput: Bool
    /// The checks applied to each line.
    public let validator: EventValidator
    private var lookup: BatchReferenceLookup
    private var pending: [EventLine] = []
    private var nextIndex = 0

    /// A planner over what `lookup` (usually an ``EventStoreReferenceLookup``) already holds.
    public init(
        validator: EventValidator, lookup: any ReferenceLookup, chunkSize: Int? = nil,
        sourceDigest: EventHash? = nil, recordedAtFromInput: Bool = false
    ) {
        precondition(chunkSize.map { $0 > 0 } ?? true, "chunk size must be positive")
        self.validator = validator
        self.lookup = BatchReferenceLookup(base: lookup)
        self.chunkSize = chunkSize
        self.sourceDigest = sourceDigest
        self.recordedAtFromInput = recordedAtFromInput
    }

    /// The SHA-256 of an input, for ``sourceDigest``.
    public static func digest(of input: [UInt8]) -> EventHash { EventHash.sha256(of: input) }

    /// Validates a line and adds it; returns a chunk when one is full.
    ///
    /// - Throws: the line's first ``CatalogueError``; the pending chunk is then discarded.
    public mutating func add(_ line: EventLine) throws(CatalogueError) -> ImportChunk? {
        if let problem = validator.problems(with: line, lookup: lookup).first {
            pending.removeAll()
            throw problem
        }
        lookup.add(line.stream, line.event)
        pending.append(line)
        if let chunkSize, pending.count >= chunkSize { return try flush() }
        return nil
    }

    /// The last, partly filled chunk, if any lines are pending.
    public mutating func finish() throws(CatalogueError) -> ImportChunk? {
        pending.isEmpty ? nil : try flush()
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

    private mutating func flush() throws(CatalogueError) -> ImportChunk {
        let lines = pending
        pending.removeAll()
        defer { nextIndex += 1 }
        var expectations: [StreamName: (expected: ExpectedVersion, line: Int)] = [:]
        var seen: [StreamName: UInt32] = [:]
        for line in lines {
            let before = seen[line.stream] ?? 0
            seen[line.stream] = before + 1
            guard let given = line.expectedVersion else { continue }
            // What this line's expectation says the stream's version was before the chunk.
            let implied: ExpectedVersion
            switch given {
            case .any: continue
            case .noStream:
                guard before == 0 else {
                    throw CatalogueError(
                        line: line.line, eventType: line.type, fieldPath: "expectedVersion", kind: .invalidOption,
                        message: "noStream, but earlier lines of the same batch already write to \(line.stream)")
                }
                implied = .noStream
            case .exactly(let v):
                guard v >= before else {
                    throw CatalogueError(
                        line: line.line, eventType: line.type, fieldPath: "expectedVersion", kind: .invalidOption,
                        message: "\(v) is lower than the \(before) earlier lines of this batch in \(line.stream)")
                }
                implied = v - before == 0 ? .noStream : .exactly(v - before)
            }
            if let earlier = expectations[line.stream], earlier.expected != implied {
                throw CatalogueError(
                    line: line.line, eventType: line.type, fieldPath: "expectedVersion", kind: .invalidOption,
                    message: "disagrees with the expectedVersion on line \(earlier.line) for \(line.stream)")
            }
            expectations[line.stream] = (implied, line.line)
        }
        let key: String?
        if lines.count == 1, let own = lines[0].idempotencyKey {
            key = own
        } else if let sourceDigest {
            key = "import:\(sourceDigest.hex):\(chunkSize.map(String.init) ?? "all"):\(nextIndex)"
        } else {
            key = nil
        }
        var recordedAt: Timestamp?
        if recordedAtFromInput {
            recordedAt = lines.compactMap(\.recordedAt).max()
        }
        let batch = AppendBatch(
            events: lines.map(\.proposedEvent), expectedVersions: expectations.mapValues(\.expected),
            idempotencyKey: key, recordedAtOverride: recordedAt)
        return ImportChunk(index: nextIndex, lines: lines.first!.line...lines.last!.line, batch: batch)
    }
}
