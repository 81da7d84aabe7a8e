import CareCalendar
import CareRecord
import EventLog

extension ProjectionRunner {
    /// Folds every event compliance reads up to `checkpoint` into `folds`, honouring
    /// `corrections`, reading the store in place through compliance's reader
    /// (``ComplianceReader``; the stored bytes are read into events on the decoding threads, not
    /// on this one, which walks the log and folds): the visits and MAR entries that make up most of a log reach the
    /// folds as small records instead of care events with envelopes. The same events in the same
    /// order as ``fold(_:corrections:checkpoint:store:)`` through envelopes, and the same output
    /// (`ComplianceReaderTests`).
    static func foldCompliance(
        _ folds: inout [Compliance], corrections: CorrectionIndex, checkpoint: UInt64, store: any StoredEventReading
    ) throws(ProjectionError) {
        guard checkpoint > 0 else { return }
        try foldCompliance(
            &folds, corrections: corrections, after: Array(repeating: 0, count: folds.count), reading: 1...checkpoint,
            store: store)
    }

    /// Folds the events compliance reads in `range` into `folds`, each only those after its own
    /// position in `positions`, as ``foldCompliance(_:corrections:checkpoint:store:)`` reads
    /// them, showing each event's sequence and decisive day (``Compliance/decisiveDay(of:)``,
    /// before corrections) to `observe` first: the cached path's fold
    /// (``fold(_:corrections:after:reading:store:decisiveDay:observe:)``) through the reader.
    static func foldCompliance(
        _ folds: inout [Compliance], corrections: CorrectionIndex, after positions: [UInt64],
        reading range: ClosedRange<UInt64>, store: any StoredEventReading,
        observe: ((_ sequence: UInt64, _ decisiveDay: CareDate?) -> Void)? = nil
    ) throws(ProjectionError) {
        // With no fold the read still happens when someone observes it: a run whose folds are
        // all answered by saved outputs watches the events after them and records the blocks it
        // read in the decisive-day summary (`WatchedReadTests`).
        guard !folds.isEmpty || observe != nil else { return }
        // Every event read is after every fold's position (a read may start earlier, for a fold
        // answered by its saved output that is only watched).
        let uniform = positions.allSatisfy { $0 == positions.first } && range.lowerBound > (positions.first ?? 0)
        var selection = EventSelection.types(Compliance.eventTypes).known(at: .sequence(range.upperBound))
        if range.lowerBound > 1 { selection.fromSequence = range.lowerBound }
        try visitBorrowed(
            StoredRead(store: store, selection: selection, unfiltered: true), reading: Compliance.reads,
            decoder: ComplianceReader.self
        ) { record in
            if case .skipped = record.payload { return }
            observe?(record.sequence, Compliance.decisiveDay(of: record))
            switch corrections.resolution(of: record.sequence) {
            case .voided: return
            case .replaced(let replacement):
                for index in folds.indices where uniform || record.sequence > positions[index] {
                    folds[index].apply(replacement, replacing: record)
                }
            case nil:
                for index in folds.indices where uniform || record.sequence > positions[index] {
                    folds[index].apply(record)
                }
            }
        }
    }
}
