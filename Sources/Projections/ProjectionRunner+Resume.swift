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
    /// than ``resaveDistance`` events before it. A settled fold (``isSettled(_:parameters:at:)``)
    /// also saves its output, and a later run answers it from that output, without reading its
    /// state, while no event after the output's position reaches it (`Docs/projections.md`,
    /// "Saved outputs").
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
        try run(
            type, parameters: parameters, cut: cut, store: store, cache: cache, blockSize: blockSize,
            savedOutputs: true)
    }

    /// The run above; with `savedOutputs`, a fold whose saved output is usable
    /// (``usableOutput(_:key:parameters:cut:context:store:cache:)``) is not resumed: its state is
    /// not read, the events after the output's position are only looked at, and the saved output
    /// is the answer unless one of them reaches the fold's window (a decisive day on or before
    /// its last, after corrections) — then that fold alone is run again without saved outputs.
    private static func run<P: ResumableProjection>(
        _ type: P.Type, parameters: [ProjectionParameters], cut: LogCut, store: any EventStore,
        cache: any FoldStateCache, blockSize: UInt64, savedOutputs: Bool
    ) throws(ProjectionError) -> [(output: P.Output, context: ProjectionContext)] {
        let contexts = parameters.map(cut.context(for:))
        let bounds = parameters.compactMap(P.lastDecisiveDay(of:))
        let bounded = !bounds.isEmpty && bounds.count == parameters.count
        // Folded here: index into `parameters`, fold, position it resumes after.
        var folded: [Int] = []
        var projections: [P] = []
        var positions: [UInt64] = []
        // Answered by a saved output while no event after its position reaches the fold.
        var answered: [(index: Int, saved: SavedOutput<P>)] = []
        for (index, parameters) in parameters.enumerated() {
            let context = contexts[index]
            let key = cacheKey(P.self, parameters: parameters)
            if savedOutputs, bounded,
                let saved = usableOutput(
                    P.self, key: key, parameters: parameters, cut: cut, context: context, store: store, cache: cache)
            {
                answered.append((index, saved))
                continue
            }
            folded.append(index)
            if let saved = usableState(P.self, key: key, cut: cut, context: context, store: store, cache: cache) {
                projections.append(P(context: context, resuming: saved.state))
                positions.append(saved.checkpoint.sequence)
            } else {
                projections.append(P(context: context))
                positions.append(0)
            }
        }
        var reached = Array(repeating: false, count: answered.count)
        if bounded, let bound = bounds.max() {
            let key = decisiveDaysKey(P.self, blockSize: blockSize)
            let loaded = usableDays(key: key, blockSize: blockSize, cut: cut, store: store, cache: cache)
            var days = loaded ?? DecisiveDays(blockSize: blockSize)
            reached = try fold(
                &projections, corrections: cut.corrections, after: positions, checkpoint: cut.checkpoint.sequence,
                store: store, days: &days, bound: bound,
                watching: answered.map { answer in
                    (answer.saved.checkpoint.sequence, P.lastDecisiveDay(of: parameters[answer.index]) ?? bound)
                })
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
        // A state found damaged where the fold read it is a miss: that fold is folded again from
        // the first event (and its state saved afresh below).
        let damaged = projections.indices.filter { projections[$0].resumedStateIsDamaged }
        if !damaged.isEmpty {
            var fresh = damaged.map { P(context: contexts[folded[$0]]) }
            try fold(&fresh, corrections: cut.corrections, after: 0, checkpoint: cut.checkpoint.sequence, store: store)
            for (slot, projection) in zip(damaged, fresh) {
                projections[slot] = projection
                positions[slot] = 0
            }
        }
        var outputs: [P.Output?] = Array(repeating: nil, count: parameters.count)
        for (slot, index) in folded.enumerated() {
            let output = projections[slot].output()
            outputs[index] = output
            let key = cacheKey(P.self, parameters: parameters[index])
            if shouldSave(resumedFrom: positions[slot], at: cut.checkpoint.sequence) {
                let saved = SavedFold(
                    checkpoint: cut.checkpoint, rulesSequence: contexts[index].rulesSequence,
                    state: projections[slot].foldState)
                cache.save(key: key, bytes: saved.bytes)
            }
            if cut.checkpoint.sequence > 0, isSettled(P.self, parameters: parameters[index], at: cut.checkpoint),
                let bytes = SavedOutput<P>(
                    checkpoint: cut.checkpoint, rulesSequence: contexts[index].rulesSequence, output: output
                ).bytes
            {
                cache.save(key: SavedOutput<P>.key(stateKey: key), bytes: bytes)
            }
        }
        for (answer, reached) in zip(answered, reached) where !reached { outputs[answer.index] = answer.saved.output }
        let again = zip(answered, reached).filter(\.1).map(\.0.index)
        if !again.isEmpty {
            let results = try run(
                P.self, parameters: again.map { parameters[$0] }, cut: cut, store: store, cache: cache,
                blockSize: blockSize, savedOutputs: false)
            for (index, result) in zip(again, results) { outputs[index] = result.output }
        }
        return zip(outputs, contexts).compactMap { output, context in output.map { ($0, context) } }
    }

    /// Whether a fold for `parameters` at `checkpoint` is settled: its last decisive day is before
    /// the (Europe/London) day the last event there was recorded, so events recorded later rarely
    /// reach it. A settled fold's output is saved whenever it is folded, and a saved output is
    /// offered in place of the state only if it was settled where it was saved; correctness never
    /// depends on this (an event that does reach the fold sends it back to its state).
    static func isSettled<P: ResumableProjection>(
        _ type: P.Type, parameters: ProjectionParameters, at checkpoint: Checkpoint
    ) -> Bool {
        guard let last = P.lastDecisiveDay(of: parameters), let recordedAt = checkpoint.recordedAt else {
            return false
        }
        return last < UKTime.ukDate(epochMilliseconds: recordedAt.millisecondsSinceEpoch)
    }

    /// The output saved beside the state under `key` if it may answer at `cut` while no later
    /// event reaches the fold: the rules of ``usableState(_:key:cut:context:store:cache:)`` (this
    /// store and log, at or before the cut, the same rules, no correction after it of an entry at
    /// or before it), and settled where it was saved (``isSettled(_:parameters:at:)``).
    static func usableOutput<P: ResumableProjection>(
        _ type: P.Type, key: String, parameters: ProjectionParameters, cut: LogCut, context: ProjectionContext,
        store: any EventStore, cache: any FoldStateCache
    ) -> SavedOutput<P>? {
        guard let bytes = cache.load(key: SavedOutput<P>.key(stateKey: key)),
            let saved = try? SavedOutput<P>(bytes: bytes)
        else { return nil }
        let position = saved.checkpoint.sequence
        guard saved.checkpoint.storeID == cut.checkpoint.storeID, position > 0, position <= cut.checkpoint.sequence,
            saved.rulesSequence == context.rulesSequence, !cut.corrections.changesEntries(atOrBefore: position),
            isSettled(P.self, parameters: parameters, at: saved.checkpoint),
            let there = try? store.checkpoint(knownAt: .sequence(position)), there == saved.checkpoint
        else { return nil }
        return saved
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
    ///
    /// `watched` are folds not folded here (answered by a saved output): the read also covers
    /// the events after each one's position, and the result tells, per watched fold, whether any
    /// of them reaches it — as the fold would see it (after corrections), decisive on or before
    /// its last decisive day, or with no decisive day. Every such event is read: a block skipped
    /// holds only events decisive after `bound`, which is at least each watched fold's last day.
    @discardableResult
    static func fold<P: ResumableProjection>(
        _ projections: inout [P], corrections: CorrectionIndex, after positions: [UInt64], checkpoint: UInt64,
        store: any EventStore, days: inout DecisiveDays, bound: CareDate,
        watching watched: [(position: UInt64, lastDay: CareDate)] = []
    ) throws(ProjectionError) -> [Bool] {
        var reached = Array(repeating: false, count: watched.count)
        guard let earliest = (positions + watched.map(\.position)).min(), earliest < checkpoint else { return reached }
        let summary = days
        let changed = Set(corrections.changedEntries.filter { $0 > 0 }.map(summary.block(of:)))
        let ranges = summary.rangesToRead(earliest + 1...checkpoint, bound: bound, changed: changed)
        let lastDays = watched.map(\.lastDay.daysSinceEpoch)
        var seen: [UInt64: Int] = [:]
        for range in ranges {
            try fold(
                &projections, corrections: corrections, after: positions, reading: range, store: store,
                decisiveDay: P.decisiveDay(of:)
            ) { sequence, decisiveDay in
                let block = summary.block(of: sequence)
                let day = decisiveDay?.daysSinceEpoch ?? DecisiveDays.alwaysRead
                seen[block] = min(seen[block] ?? DecisiveDays.noEvents, day)
                for index in watched.indices where !reached[index] && sequence > watched[index].position {
                    let seenDay: Int
                    switch corrections.resolution(of: sequence) {
                    case .voided: continue
                    case .replaced(let replacement):
                        seenDay = P.decisiveDay(of: replacement)?.daysSinceEpoch ?? DecisiveDays.alwaysRead
                    case nil: seenDay = day
                    }
                    if seenDay <= lastDays[index] { reached[index] = true }
                }
            }
        }
        for range in ranges {
            for block in summary.block(of: range.lowerBound)...summary.block(of: range.upperBound) {
                let span = summary.positions(of: block)
                guard range.contains(span.lowerBound), range.contains(span.upperBound) else { continue }
                days.earliest[block] = seen[block] ?? DecisiveDays.noEvents
            }
        }
        return reached
    }

    /// Folds the events in `range` into `projections`, each only those after its own position,
    /// showing each stored event's sequence and `decisiveDay` (before corrections) to `observe`
    /// first.
    ///
    /// Compliance folds over a store read in place go through compliance's reader
    /// (``foldCompliance(_:corrections:after:reading:store:observe:)``): the same events, the
    /// same days observed, the same output.
    ///
    /// Specialised for compliance: called from another module (the CLI, the service, the
    /// benchmark), a generic fold runs unspecialised, and per event it looked up type metadata
    /// and copied the fold through value witnesses.
    @_specialize(where P == Compliance)
    static func fold<P: CareProjection>(
        _ projections: inout [P], corrections: CorrectionIndex, after positions: [UInt64],
        reading range: ClosedRange<UInt64>, store: any EventStore,
        decisiveDay: (CareEvent) -> CareDate? = { _ in nil },
        observe: ((_ sequence: UInt64, _ decisiveDay: CareDate?) -> Void)? = nil
    ) throws(ProjectionError) {
        if P.self == Compliance.self, let borrowing = store as? any StoredEventReading,
            var folds = projections as? [Compliance]
        {
            try foldCompliance(
                &folds, corrections: corrections, after: positions, reading: range, store: borrowing, observe: observe)
            guard let folded = folds as? [P] else { preconditionFailure("compliance folds are of type P") }
            projections = folded
            return
        }
        // Every event read is after every fold's position (a read may start earlier, for a fold
        // answered by its saved output that is only watched).
        let uniform = positions.allSatisfy { $0 == positions.first } && range.lowerBound > (positions.first ?? 0)
        var selection = EventSelection.types(P.eventTypes).known(at: .sequence(range.upperBound))
        if range.lowerBound > 1 { selection.fromSequence = range.lowerBound }
        try visit(selection, in: store, reading: P.reads) { event, recorded in
            observe?(recorded.sequence, decisiveDay(event))
            // The event as stored goes to the folds without a copy (one per event, of every
            // string in it); only a corrected one is replaced.
            switch corrections.resolution(of: recorded.sequence) {
            case .voided: return
            case .replaced(let replacement):
                for index in projections.indices where uniform || recorded.sequence > positions[index] {
                    projections[index].apply(replacement, recorded: recorded)
                }
            case nil:
                for index in projections.indices where uniform || recorded.sequence > positions[index] {
                    projections[index].apply(event, recorded: recorded)
                }
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
