import CareCalendar
import CareRecord
import EventLog

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
        let results = try run(type, parameters: [parameters], cut: cut, store: store, cache: cache)
        return (results[0].output, results[0].context)
    }

    /// Builds `P` for each of `parameters` (say, two quarters' compliance) at `cut`, each resumed
    /// from its own saved state where one is valid (the rules of
    /// ``run(_:parameters:cut:store:cache:)``), in **one** read of the log from the earliest
    /// position any of them needs: each fold is handed only the events after its own position.
    /// Blocks of the log whose events are all decisive after every fold's last decisive day are
    /// not read (``ResumableProjection/decisiveDay(of:)``; `Docs/projections.md`, "Reads bounded
    /// by time"). Each state is then saved at the cut, unless it was resumed from a state fewer
    /// than ``resaveDistance`` events before it.
    public static func run<P: ResumableProjection>(
        _ type: P.Type, parameters: [ProjectionParameters], cut: LogCut, store: any EventStore,
        cache: any FoldStateCache
    ) throws(ProjectionError) -> [(output: P.Output, context: ProjectionContext)] {
        try run(
            type, parameters: parameters, cut: cut, store: store, cache: cache, blockSize: DecisiveDays.defaultBlockSize
        )
    }

    /// The run above, with the decisive-day summary kept in blocks of `blockSize` log positions
    /// (tests use small blocks).
    package static func run<P: ResumableProjection>(
        _ type: P.Type, parameters: [ProjectionParameters], cut: LogCut, store: any EventStore,
        cache: any FoldStateCache, blockSize: UInt64
    ) throws(ProjectionError) -> [(output: P.Output, context: ProjectionContext)] {
        var projections: [P] = []
        var positions: [UInt64] = []
        var contexts: [ProjectionContext] = []
        for parameters in parameters {
            let context = cut.context(for: parameters)
            let key = cacheKey(P.self, parameters: parameters)
            if let saved = usableState(P.self, key: key, cut: cut, context: context, store: store, cache: cache) {
                projections.append(P(context: context, resuming: saved.state))
                positions.append(saved.checkpoint.sequence)
            } else {
                projections.append(P(context: context))
                positions.append(0)
            }
            contexts.append(context)
        }
        let bounds = parameters.compactMap(P.lastDecisiveDay(of:))
        if !bounds.isEmpty, bounds.count == parameters.count, let bound = bounds.max() {
            let key = decisiveDaysKey(P.self, blockSize: blockSize)
            let loaded = usableDays(key: key, blockSize: blockSize, cut: cut, store: store, cache: cache)
            var days = loaded ?? DecisiveDays(blockSize: blockSize)
            try fold(
                &projections, corrections: cut.corrections, after: positions, checkpoint: cut.checkpoint.sequence,
                store: store, days: &days, bound: bound)
            if days != loaded, let top = days.earliest.keys.max(),
                let there = try? store.checkpoint(knownAt: .sequence(days.positions(of: top).upperBound)),
                there.sequence == days.positions(of: top).upperBound
            {
                days.checkpoint = there
                cache.save(key: key, bytes: days.bytes)
            }
        } else {
            try fold(
                &projections, corrections: cut.corrections, after: positions, checkpoint: cut.checkpoint.sequence,
                store: store)
        }
        for index in projections.indices
        where shouldSave(resumedFrom: positions[index], at: cut.checkpoint.sequence) {
            let saved = SavedFold(
                checkpoint: cut.checkpoint, rulesSequence: contexts[index].rulesSequence,
                state: projections[index].foldState)
            cache.save(key: cacheKey(P.self, parameters: parameters[index]), bytes: saved.bytes)
        }
        return zip(projections, contexts).map { ($0.output(), $1) }
    }

    /// How far past a saved state the log must have moved before a report resumed from it saves
    /// its state again. A state grows with the partnership (visits in flight, people, staff) and
    /// writing it costs far more than folding a few thousand events, so a report a few events
    /// after a saved state folds them from there and leaves the saved state as it is; the next
    /// report past this distance saves. A fold that started from nothing always saves.
    package static let resaveDistance: UInt64 = 4096

    /// Whether a fold resumed from `position` (0: folded from the first event) saves its state at
    /// `sequence`.
    static func shouldSave(resumedFrom position: UInt64, at sequence: UInt64) -> Bool {
        position == 0 ? sequence > 0 : sequence > position && sequence - position >= resaveDistance
    }

    /// The cache key of `P`'s state for `parameters`: everything that changes the fold except
    /// the log position and the rules (both checked against the saved state).
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
        guard let bytes = cache.load(key: key), let saved = try? SavedFold<P.FoldState>(bytes: bytes) else {
            return nil
        }
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
        try fold(
            &projections, corrections: corrections,
            after: Array(repeating: position, count: projections.count), checkpoint: checkpoint, store: store)
    }

    /// Folds the events up to `checkpoint` into `projections`, each only those after its own
    /// position in `positions`, in one read from the earliest of them.
    static func fold<P: CareProjection>(
        _ projections: inout [P], corrections: CorrectionIndex, after positions: [UInt64], checkpoint: UInt64,
        store: any EventStore
    ) throws(ProjectionError) {
        guard let earliest = positions.min(), earliest < checkpoint else { return }
        try fold(
            &projections, corrections: corrections, after: positions, reading: earliest + 1...checkpoint, store: store)
    }

    /// Folds as above, reading only the blocks of `days` that may hold an event decisive on or
    /// before `bound` (and those a correction at the cut names), and records in `days` the
    /// earliest decisive day of every block it read whole.
    static func fold<P: ResumableProjection>(
        _ projections: inout [P], corrections: CorrectionIndex, after positions: [UInt64], checkpoint: UInt64,
        store: any EventStore, days: inout DecisiveDays, bound: CareDate
    ) throws(ProjectionError) {
        guard let earliest = positions.min(), earliest < checkpoint else { return }
        let summary = days
        let changed = Set(corrections.changedEntries.filter { $0 > 0 }.map(summary.block(of:)))
        let ranges = summary.rangesToRead(earliest + 1...checkpoint, bound: bound, changed: changed)
        var seen: [UInt64: Int] = [:]
        for range in ranges {
            try fold(&projections, corrections: corrections, after: positions, reading: range, store: store) {
                event, recorded in
                let block = summary.block(of: recorded.sequence)
                let day = P.decisiveDay(of: event)?.daysSinceEpoch ?? DecisiveDays.alwaysRead
                seen[block] = min(seen[block] ?? DecisiveDays.noEvents, day)
            }
        }
        for range in ranges {
            for block in summary.block(of: range.lowerBound)...summary.block(of: range.upperBound) {
                let span = summary.positions(of: block)
                guard range.contains(span.lowerBound), range.contains(span.upperBound) else { continue }
                days.earliest[block] = seen[block] ?? DecisiveDays.noEvents
            }
        }
    }

    /// Folds the events in `range` into `projections`, each only those after its own position,
    /// showing each stored event (before corrections) to `observe` first.
    ///
    /// Specialised for compliance: called from another module (the CLI, the service, the
    /// benchmark), a generic fold runs unspecialised, and per event it looked up type metadata
    /// and copied the fold through value witnesses.
    @_specialize(where P == Compliance)
    static func fold<P: CareProjection>(
        _ projections: inout [P], corrections: CorrectionIndex, after positions: [UInt64],
        reading range: ClosedRange<UInt64>, store: any EventStore,
        observe: ((CareEvent, RecordedEvent) -> Void)? = nil
    ) throws(ProjectionError) {
        let uniform = positions.allSatisfy { $0 == positions.first }
        var selection = EventSelection.types(P.eventTypes).known(at: .sequence(range.upperBound))
        if range.lowerBound > 1 { selection.fromSequence = range.lowerBound }
        try visit(selection, in: store, reading: P.reads) { event, recorded in
            observe?(event, recorded)
            let resolved: CareEvent
            switch corrections.resolution(of: recorded.sequence) {
            case .voided: return
            case .replaced(let replacement): resolved = replacement
            case nil: resolved = event
            }
            for index in projections.indices where uniform || recorded.sequence > positions[index] {
                projections[index].apply(resolved, recorded: recorded)
            }
        }
    }

    /// The cache key of `P`'s decisive-day summary.
    static func decisiveDaysKey<P: ResumableProjection>(_ type: P.Type, blockSize: UInt64) -> String {
        "\(P.foldName)/v\(P.foldVersion)/decisive-days/block=\(blockSize)"
    }

    /// The summary under `key` if it describes this store's log (its store id, and the head hash
    /// at the end of its highest block), else nil.
    static func usableDays(
        key: String, blockSize: UInt64, cut: LogCut, store: any EventStore, cache: any FoldStateCache
    ) -> DecisiveDays? {
        guard let bytes = cache.load(key: key), let days = try? DecisiveDays(bytes: bytes),
            days.blockSize == blockSize, let checkpoint = days.checkpoint,
            checkpoint.storeID == cut.checkpoint.storeID,
            let there = try? store.checkpoint(knownAt: .sequence(checkpoint.sequence)), there == checkpoint
        else { return nil }
        return days
    }
}
