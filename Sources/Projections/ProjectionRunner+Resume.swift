import CareRecord
import EventLog
import Foundation

/// A fold state as saved in a ``FoldStateCache``: the log position it was folded to and the
/// rules it was folded under.
struct SavedFold<State: Codable>: Codable {
    /// The log position folded to (sequence, head hash, store id).
    var checkpoint: Checkpoint
    /// The `RulesAdopted` the fold's context used (nil: the built-in defaults).
    var rulesSequence: UInt64?
    /// The fold's state.
    var state: State
}

extension ProjectionRunner {
    /// Builds `P` at `cut`, resuming from a state saved in `cache` when one is valid at the cut,
    /// and saves the state at the cut for the next report. The output is the same as a full
    /// rebuild's; a saved state is used only when all of these hold (otherwise the fold starts
    /// from the first event):
    ///
    /// - it was saved for the same projection, fold version and parameters (reporting date and
    ///   period), and for this store (its id, and its head hash at the saved position);
    /// - it is at or before the cut;
    /// - the rules in force on the reporting date at the cut are the ones it was folded under;
    /// - no correction recorded after its position voids or replaces an entry at or before it.
    public static func run<P: ResumableProjection>(
        _ type: P.Type, parameters: ProjectionParameters, cut: LogCut, store: any EventStore,
        cache: any FoldStateCache
    ) throws(ProjectionError) -> (output: P.Output, context: ProjectionContext) {
        let context = cut.context(for: parameters)
        var projections = [P]()
        var resumedAt: UInt64 = 0
        let key = cacheKey(P.self, parameters: parameters)
        if let saved = usableState(P.self, key: key, cut: cut, context: context, store: store, cache: cache) {
            projections = [P(context: context, resuming: saved.state)]
            resumedAt = saved.checkpoint.sequence
        } else {
            projections = [P(context: context)]
        }
        try fold(
            &projections, corrections: cut.corrections, after: resumedAt, checkpoint: cut.checkpoint.sequence,
            store: store)
        if resumedAt < cut.checkpoint.sequence {
            let saved = SavedFold(
                checkpoint: cut.checkpoint, rulesSequence: context.rulesSequence, state: projections[0].foldState)
            if let bytes = try? JSONEncoder().encode(saved) { cache.save(key: key, bytes: Array(bytes)) }
        }
        return (projections[0].output(), context)
    }

    /// The cache key of `P`'s state for `parameters`: everything that changes the fold except
    /// the log position (which is checked against the saved state).
    static func cacheKey<P: ResumableProjection>(_ type: P.Type, parameters: ProjectionParameters) -> String {
        let period = parameters.period
        return
            "\(P.foldName)/v\(P.foldVersion)/as-at=\(parameters.asAt)/period=\(period.lowerBound)..\(period.upperBound)"
    }

    /// The saved state under `key` if it may be resumed at `cut` (the rules in the doc comment
    /// of ``run(_:parameters:cut:store:cache:)``), else nil.
    static func usableState<P: ResumableProjection>(
        _ type: P.Type, key: String, cut: LogCut, context: ProjectionContext, store: any EventStore,
        cache: any FoldStateCache
    ) -> SavedFold<P.FoldState>? {
        guard let bytes = cache.load(key: key),
            let saved = try? JSONDecoder().decode(SavedFold<P.FoldState>.self, from: Data(bytes))
        else { return nil }
        let position = saved.checkpoint.sequence
        guard saved.checkpoint.storeID == cut.checkpoint.storeID, position > 0, position <= cut.checkpoint.sequence,
            saved.rulesSequence == context.rulesSequence, !cut.corrections.changesEntries(atOrBefore: position),
            let there = try? store.checkpoint(knownAt: .sequence(position)), there == saved.checkpoint
        else { return nil }
        return saved
    }

    /// Folds the events after `position` up to `checkpoint` into `projections`.
    static func fold<P: CareProjection>(
        _ projections: inout [P], corrections: CorrectionIndex, after position: UInt64, checkpoint: UInt64,
        store: any EventStore
    ) throws(ProjectionError) {
        guard position < checkpoint else { return }
        var selection = EventSelection.types(P.eventTypes).known(at: .sequence(checkpoint))
        if position > 0 { selection.fromSequence = position + 1 }
        try visit(selection, in: store) { event, recorded in
            let resolved: CareEvent
            switch corrections.resolution(of: recorded.sequence) {
            case .voided: return
            case .replaced(let replacement): resolved = replacement
            case nil: resolved = event
            }
            for index in projections.indices { projections[index].apply(resolved, recorded: recorded) }
        }
    }
}
