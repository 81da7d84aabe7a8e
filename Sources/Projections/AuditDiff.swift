import CareRecord
import EventLog

/// What changed in the record between two points in the log, for one stream or the whole
/// log: the events appended after the earlier cut up to the later one, and which earlier
/// entries were voided, corrected or restored in between.
public struct AuditDiff: Hashable, Sendable {
    /// The stream, or nil for the whole log.
    public var stream: StreamName?
    /// The earlier checkpoint.
    public var from: Checkpoint
    /// The later checkpoint.
    public var to: Checkpoint
    /// Events with `from.sequence < sequence ≤ to.sequence`, in log order.
    public var added: [AuditTimelineEntry]
    /// Voids and corrections among `added`, with what they changed.
    public var changes: [AuditChange]

    /// Creates a diff.
    public init(
        stream: StreamName?, from: Checkpoint, to: Checkpoint, added: [AuditTimelineEntry], changes: [AuditChange]
    ) {
        self.stream = stream
        self.from = from
        self.to = to
        self.added = added
        self.changes = changes
    }

    /// Builds the diff from the events between the cuts (pure); `typeOf` gives the type of an
    /// entry at a sequence (nil if unknown).
    public static func build(
        stream: StreamName?, from: Checkpoint, to: Checkpoint, events: [(event: CareEvent?, recorded: RecordedEvent)],
        typeOf: (UInt64) -> String?
    ) -> AuditDiff {
        var added: [AuditTimelineEntry] = []
        var changes: [AuditChange] = []
        for (event, recorded) in events where recorded.sequence > from.sequence && recorded.sequence <= to.sequence {
            if let stream, recorded.stream != stream { continue }
            added.append(AuditTimelineEntry(recorded: recorded, event: event))
            switch event {
            case .entryVoided(let void)?:
                let targetType = typeOf(void.sequence)
                changes.append(
                    AuditChange(
                        sequence: recorded.sequence, target: void.sequence, targetType: targetType,
                        action: targetType == EntryCorrected.eventType ? .restored : .voided, reason: void.reason,
                        replacement: nil))
            case .entryCorrected(let correction)?:
                changes.append(
                    AuditChange(
                        sequence: recorded.sequence, target: correction.sequence,
                        targetType: typeOf(correction.sequence),
                        action: .replaced, reason: correction.reason,
                        replacement: PayloadSummary.fields(of: correction.replacement)))
            default:
                break
            }
        }
        return AuditDiff(stream: stream, from: from, to: to, added: added, changes: changes)
    }

    /// Reads the log between two points (either order; the earlier becomes `from`) and builds the diff.
    public static func run(stream: StreamName?, between first: KnownAt, and second: KnownAt, store: any EventStore)
        throws(ProjectionError) -> AuditDiff
    {
        let a: Checkpoint
        let b: Checkpoint
        do {
            a = try store.checkpoint(knownAt: first)
            b = try store.checkpoint(knownAt: second)
        } catch { throw .store(error) }
        let (from, to) = a.sequence <= b.sequence ? (a, b) : (b, a)
        var selection = stream.map { EventSelection.stream($0) } ?? EventSelection()
        selection.fromSequence = from.sequence + 1
        selection = selection.known(at: .sequence(to.sequence))
        var events: [(event: CareEvent?, recorded: RecordedEvent)] = []
        try AuditReader.read(selection, store: store) { events.append(($0, $1)) }
        var types: [UInt64: String] = [:]
        for (event, _) in events {
            let target: UInt64
            switch event {
            case .entryVoided(let v)?: target = v.sequence
            case .entryCorrected(let c)?: target = c.sequence
            default: continue
            }
            guard types[target] == nil, target <= to.sequence else { continue }
            var lookup = EventSelection()
            lookup.fromSequence = target
            lookup.limit = 1
            try AuditReader.read(lookup.known(at: .sequence(to.sequence)), store: store) { _, recorded in
                types[recorded.sequence] = recorded.type
            }
        }
        return build(stream: stream, from: from, to: to, events: events, typeOf: { types[$0] })
    }
}
