import CareCalendar
import EventLog

/// What lets a report about a past period skip the later log: for each block of
/// ``blockSize`` log positions, the earliest **decisive day** of the events of one projection
/// stored there (``ResumableProjection/decisiveDay(of:)``). A fold whose period ends before that
/// day ignores every event of the block, so the runner does not read it (unless a correction
/// targets an entry in it). Kept in the projection cache beside the fold states, built from the
/// blocks each report reads in full, and tied to the log by the checkpoint at the end of its
/// highest block (the hash chain makes every earlier block the same log too).
struct DecisiveDays: Equatable {
    /// Log positions per block.
    static let defaultBlockSize: UInt64 = 4096
    /// "CLDD" and the layout of these bytes.
    static var tag: [UInt8] { Array("CLDD".utf8) + [1] }
    /// A block with no event of the projection's types: skipped by every bounded report.
    static let noEvents = Int.max
    /// An event with no decisive day: the block is always read.
    static let alwaysRead = Int.min

    /// Log positions per block: block `b` holds sequences `b × blockSize + 1 … (b + 1) × blockSize`.
    let blockSize: UInt64
    /// The checkpoint at the last position of the highest block described (nil: none yet).
    var checkpoint: Checkpoint?
    /// Block → the earliest decisive day (days since 1970-01-01) of its events.
    var earliest: [UInt64: Int] = [:]

    init(blockSize: UInt64 = defaultBlockSize) { self.blockSize = Swift.max(1, blockSize) }

    /// The block holding `sequence` (≥ 1).
    func block(of sequence: UInt64) -> UInt64 { (sequence - 1) / blockSize }

    /// The positions of block `block`.
    func positions(of block: UInt64) -> ClosedRange<UInt64> { block * blockSize + 1...(block + 1) * blockSize }

    /// The ranges of positions in `positions` that a fold of events decisive on or before `bound`
    /// must read: every block not described, described with an earlier day, or in `changed`.
    func rangesToRead(_ positions: ClosedRange<UInt64>, bound: CareDate, changed: Set<UInt64>) -> [ClosedRange<UInt64>]
    {
        let last = bound.daysSinceEpoch
        var ranges: [ClosedRange<UInt64>] = []
        var start: UInt64?
        for index in block(of: positions.lowerBound)...block(of: positions.upperBound) {
            let skip = !changed.contains(index) && (earliest[index].map { $0 > last } ?? false)
            let span = self.positions(of: index).clamped(to: positions)
            if skip {
                if let from = start { ranges.append(from...span.lowerBound - 1) }
                start = nil
            } else if start == nil {
                start = span.lowerBound
            }
        }
        if let from = start { ranges.append(from...positions.upperBound) }
        return ranges
    }

    /// The bytes saved in the cache.
    var bytes: [UInt8] {
        var writer = FoldStateWriter(capacity: 16 + earliest.count * 6)
        writer.raw(Self.tag)
        writer.unsigned(blockSize)
        writer.optional(checkpoint) { writer, checkpoint in
            writer.string(checkpoint.storeID)
            writer.unsigned(checkpoint.sequence)
            writer.raw(checkpoint.headHash.bytes)
            writer.optional(checkpoint.recordedAt) { $0.instant($1) }
        }
        writer.array(earliest.sorted { $0.key < $1.key }) { writer, entry in
            writer.unsigned(entry.key)
            writer.signed(Int64(entry.value))
        }
        return writer.bytes
    }

    /// Reads saved bytes back; throws when they are damaged or of another layout.
    init(bytes: [UInt8]) throws(FoldStateDecodingError) {
        var reader = FoldStateReader(bytes)
        guard try reader.raw(Self.tag.count) == Self.tag else {
            throw FoldStateDecodingError(offset: 0, expected: "a decisive-day summary")
        }
        blockSize = try reader.unsigned()
        guard blockSize > 0 else { throw FoldStateDecodingError(offset: Self.tag.count, expected: "a block size") }
        checkpoint = try reader.optional { reader throws(FoldStateDecodingError) in
            let storeID = try reader.string()
            let sequence = try reader.unsigned()
            guard let hash = EventHash(bytes: try reader.raw(32)) else {
                throw FoldStateDecodingError(offset: 0, expected: "a head hash")
            }
            let recordedAt = try reader.optional { reader throws(FoldStateDecodingError) in try reader.instant() }
            return Checkpoint(storeID: storeID, sequence: sequence, headHash: hash, recordedAt: recordedAt)
        }
        let entries = try reader.array { reader throws(FoldStateDecodingError) in
            (try reader.unsigned(), Int(truncatingIfNeeded: try reader.signed()))
        }
        earliest = Dictionary(entries, uniquingKeysWith: { first, _ in first })
        guard reader.isAtEnd else { throw FoldStateDecodingError(offset: bytes.count, expected: "the end") }
    }
}
