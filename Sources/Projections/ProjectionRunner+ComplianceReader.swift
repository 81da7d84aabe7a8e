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
        guard checkpoint > 0, !folds.isEmpty else { return }
        let selection = EventSelection.types(Compliance.eventTypes).known(at: .sequence(checkpoint))
        try visitBorrowed(
            StoredRead(store: store, selection: selection, unfiltered: true), reading: Compliance.reads,
            decoder: ComplianceReader.self
        ) { record in
            if case .skipped = record.payload { return }
            switch corrections.resolution(of: record.sequence) {
            case .voided: return
            case .replaced(let replacement):
                for index in folds.indices { folds[index].apply(replacement, replacing: record) }
            case nil:
                for index in folds.indices { folds[index].apply(record) }
            }
        }
    }
}
