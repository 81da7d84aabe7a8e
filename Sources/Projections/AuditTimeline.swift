import CareRecord
import EventLog

/// One stream's full history as known at a point in the log: every event with its position,
/// times, actor and a payload summary without free text, and each correction shown beside the
/// entry it voids or replaces (and a withdrawn correction shown as restoring it).
///
/// Built by a pure fold (``apply(_:recorded:)`` in log order); ``run(stream:knownAt:store:)``
/// reads the stream at a fixed checkpoint.
public struct AuditTimeline: Hashable, Sendable {
    /// The stream.
    public var stream: StreamName
    /// Events in log order.
    public private(set) var entries: [AuditTimelineEntry] = []

    /// Entry position by sequence.
    private var index: [UInt64: Int] = [:]
    /// The standing status of each corrected entry (same rules as ``CorrectionIndex``, without payloads).
    private var resolutions: [UInt64: AuditEntryStatus] = [:]
    /// For each correction event: its target and the status it displaced.
    private var displaced: [UInt64: (target: UInt64, previous: AuditEntryStatus?)] = [:]
    /// Correction events that were themselves voided.
    private var voidedCorrections: [UInt64: UInt64] = [:]

    /// An empty timeline for `stream`.
    public init(stream: StreamName) {
        self.stream = stream
    }

    /// Folds one event of the stream (in log order); `event` nil when it cannot be decoded.
    public mutating func apply(_ event: CareEvent?, recorded: RecordedEvent) {
        guard recorded.stream == stream else { return }
        index[recorded.sequence] = entries.count
        entries.append(AuditTimelineEntry(recorded: recorded, event: event))
        switch event {
        case .entryVoided(let void)?:
            if let target = index[void.sequence] {
                entries[target].corrections.append(
                    AuditCorrectionNote(sequence: recorded.sequence, action: .voided, reason: void.reason))
                if entries[target].type == EntryCorrected.eventType, let original = entries[target].corrects,
                    let at = index[original]
                {
                    entries[at].corrections.append(
                        AuditCorrectionNote(sequence: recorded.sequence, action: .restored, reason: void.reason))
                }
            }
            if let undone = displaced[void.sequence] {
                resolutions[undone.target] = undone.previous
                displaced[void.sequence] = nil
                voidedCorrections[void.sequence] = recorded.sequence
            } else {
                resolutions[void.sequence] = .voided(by: recorded.sequence)
            }
            refreshStatus(of: void.sequence)
        case .entryCorrected(let correction)?:
            if let target = index[correction.sequence] {
                entries[target].corrections.append(
                    AuditCorrectionNote(
                        sequence: recorded.sequence, action: .replaced, reason: correction.reason,
                        replacement: PayloadSummary.fields(of: correction.replacement)))
            }
            displaced[recorded.sequence] = (correction.sequence, resolutions[correction.sequence])
            resolutions[correction.sequence] = .replaced(by: recorded.sequence)
            refreshStatus(of: correction.sequence)
        default:
            break
        }
    }

    /// Recomputes the status of the entry at `sequence` (and, for a correction, of the entry it corrected).
    private mutating func refreshStatus(of sequence: UInt64) {
        guard let i = index[sequence] else { return }
        if let original = entries[i].corrects, entries[i].type == EntryCorrected.eventType {
            refreshStatus(of: original)
        }
        if let status = resolutions[sequence] {
            entries[i].status = status
        } else if let by = voidedCorrections[sequence] {
            entries[i].status = .voided(by: by)
        } else {
            entries[i].status = .standing
        }
    }

    /// Reads `stream` at the `knownAt` cut and builds its timeline, with the checkpoint read.
    public static func run(stream: StreamName, knownAt: KnownAt, store: any EventStore) throws(ProjectionError) -> (
        timeline: AuditTimeline, checkpoint: Checkpoint
    ) {
        let checkpoint: Checkpoint
        do { checkpoint = try store.checkpoint(knownAt: knownAt) } catch { throw .store(error) }
        var timeline = AuditTimeline(stream: stream)
        try AuditReader.read(EventSelection.stream(stream).known(at: .sequence(checkpoint.sequence)), store: store) {
            event, recorded in
            timeline.apply(event, recorded: recorded)
        }
        return (timeline, checkpoint)
    }

    /// Timelines are equal when they show the same stream and entries.
    public static func == (lhs: AuditTimeline, rhs: AuditTimeline) -> Bool {
        lhs.stream == rhs.stream && lhs.entries == rhs.entries
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(stream)
        hasher.combine(entries)
    }
}
