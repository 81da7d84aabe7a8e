import CareRecord
import EventLog

/// Which entries have been voided or corrected, as known at the report's log position.
///
/// Built from the `EntryVoided` and `EntryCorrected` events in log order before a
/// projection folds, so every projection honours corrections the same way: a voided entry
/// is skipped, a corrected entry is folded with its replacement, and voiding a correction
/// restores what it had replaced.
public struct CorrectionIndex: Sendable {
    /// What to fold in place of an original entry.
    public enum Resolution: Hashable, Sendable {
        /// Leave the entry out.
        case voided
        /// Fold this payload instead (with the original's envelope).
        case replaced(by: CareEvent)
    }

    /// Correction events that apply, by the sequence number of the entry they change.
    private var resolutions: [UInt64: (resolution: Resolution, correctedBy: UInt64)] = [:]
    /// For each `EntryCorrected` event, the target it corrected and what stood before it.
    private var corrections: [UInt64: (target: UInt64, previous: (resolution: Resolution, correctedBy: UInt64)?)] = [:]

    /// Every correction event folded, in log order: its sequence and the entry it targets.
    private var changes: [(sequence: UInt64, target: UInt64)] = []
    /// Bit `s % 64` is set for every sequence `s` ever given a resolution (never cleared): a
    /// fold asks ``resolution(of:)`` for every event, and for most of them this one test
    /// answers without hashing the sequence.
    private var mayResolve: UInt64 = 0

    /// An index with no corrections.
    public init() {}

    /// The event types the index is built from.
    public static let eventTypes: Set<String> = [EntryVoided.eventType, EntryCorrected.eventType]

    /// Folds one correction event (in log order).
    public mutating func apply(_ event: CareEvent, sequence: UInt64) {
        switch event {
        case .entryCorrected(let correction):
            changes.append((sequence, correction.sequence))
            corrections[sequence] = (correction.sequence, resolutions[correction.sequence])
            resolve(correction.sequence, (.replaced(by: correction.replacement), sequence))
        case .entryVoided(let void):
            changes.append((sequence, void.sequence))
            if let undone = corrections[void.sequence] {
                // Voiding a correction puts back whatever stood before it.
                resolve(undone.target, undone.previous)
                corrections[void.sequence] = nil
            } else {
                resolve(void.sequence, (.voided, sequence))
            }
        default:
            break
        }
    }

    /// Sets (or clears, with nil) the resolution of the entry at `target`.
    private mutating func resolve(_ target: UInt64, _ entry: (resolution: Resolution, correctedBy: UInt64)?) {
        resolutions[target] = entry
        mayResolve |= Self.bit(target)
    }

    private static func bit(_ sequence: UInt64) -> UInt64 { 1 << (sequence & 63) }

    /// How the entry at `sequence` should be folded, or nil when it stands as recorded.
    public func resolution(of sequence: UInt64) -> Resolution? {
        guard mayResolve & Self.bit(sequence) != 0 else { return nil }
        return resolutions[sequence]?.resolution
    }

    /// The sequence of the correction event that last changed the entry, if any.
    public func correction(of sequence: UInt64) -> UInt64? { resolutions[sequence]?.correctedBy }

    /// Whether a correction event recorded after `position` targets an entry at or before it
    /// (voiding or replacing an entry, or voiding a correction): such a correction changes
    /// what a fold up to `position` saw.
    public func changesEntries(atOrBefore position: UInt64) -> Bool {
        // Changes are in log order: look back only over those recorded after the position.
        for change in changes.reversed() {
            guard change.sequence > position else { return false }
            if change.target <= position { return true }
        }
        return false
    }

    /// How many entries are voided or replaced.
    public var count: Int { resolutions.count }

    /// Every sequence number a void or correction at the cut names, in log order (with repeats).
    public var changedEntries: [UInt64] { changes.map(\.target) }
}

extension CorrectionIndex: FoldStateCodable {
    /// Writes every correction folded (resolutions, the corrections' previous states, the log of
    /// changes), so a fold state that keeps an index (the access register) resumes with it.
    public func write(to writer: inout FoldStateWriter) {
        writer.count(resolutions.count)
        for (sequence, entry) in resolutions {
            writer.unsigned(sequence)
            Self.write(entry, to: &writer)
        }
        writer.count(corrections.count)
        for (sequence, entry) in corrections {
            writer.unsigned(sequence)
            writer.unsigned(entry.target)
            writer.optional(entry.previous) { Self.write($1, to: &$0) }
        }
        writer.array(changes) { writer, change in
            writer.unsigned(change.sequence)
            writer.unsigned(change.target)
        }
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        self.init()
        for _ in 0..<(try reader.count()) {
            let sequence = try reader.unsigned()
            resolve(sequence, try Self.readEntry(&reader))
        }
        for _ in 0..<(try reader.count()) {
            let sequence = try reader.unsigned()
            let target = try reader.unsigned()
            let previous = try reader.optional { reader throws(FoldStateDecodingError) in try Self.readEntry(&reader) }
            corrections[sequence] = (target, previous)
        }
        changes = try reader.array { reader throws(FoldStateDecodingError) in
            (try reader.unsigned(), try reader.unsigned())
        }
    }

    private static func write(_ entry: (resolution: Resolution, correctedBy: UInt64), to writer: inout FoldStateWriter)
    {
        switch entry.resolution {
        case .voided: writer.bool(false)
        case .replaced(let event):
            writer.bool(true)
            writer.event(event)
        }
        writer.unsigned(entry.correctedBy)
    }

    private static func readEntry(_ reader: inout FoldStateReader) throws(FoldStateDecodingError) -> (
        resolution: Resolution, correctedBy: UInt64
    ) {
        let resolution: Resolution = try reader.bool() ? .replaced(by: try reader.event()) : .voided
        return (resolution, try reader.unsigned())
    }
}
