import CareCalendar
import CareRecord
import Dispatch
import EventLog
import Foundation

/// Why a projection could not be built.
public enum ProjectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The store failed.
    case store(EventStoreError)
    /// A stored event could not be decoded as a care event (damage, or a newer catalogue).
    case undecodable(sequence: UInt64, type: String, reason: String)
    /// The log holds no programme, or several, and none was named.
    case programmeNotChosen(available: [String])
    /// The named programme is not defined at the log position read.
    case programmeNotFound(String)

    public var description: String {
        switch self {
        case .store(let error): return error.description
        case .undecodable(let sequence, let type, let reason):
            return "event \(sequence) (\(type)) cannot be read as a care event: \(reason)"
        case .programmeNotChosen(let available):
            return available.isEmpty
                ? "the log holds no improvement programme"
                : "the log holds \(available.count) programmes (\(available.joined(separator: ", "))); choose one"
        case .programmeNotFound(let id):
            return "programme \(id) is not defined at this point in the log"
        }
    }
}

/// Runs projections against a store at a fixed log position.
public enum ProjectionRunner {
    /// Reads the log cut at `knownAt` once: the checkpoint, the corrections and every adopted
    /// rule set (corrections applied), for every fold of one report.
    public static func cut(knownAt: KnownAt, in store: any EventStore) throws(ProjectionError) -> LogCut {
        let checkpoint: Checkpoint
        do { checkpoint = try store.checkpoint(knownAt: knownAt) } catch { throw .store(error) }
        var corrections = CorrectionIndex()
        var adopted: [LogCut.AdoptedRules] = []
        try visit(
            EventSelection.types(CorrectionIndex.eventTypes.union([RulesAdopted.eventType]))
                .known(at: .sequence(checkpoint.sequence)),
            in: store
        ) { event, recorded in
            if case .rulesAdopted(let rules) = event {
                adopted.append(LogCut.AdoptedRules(sequence: recorded.sequence, rules: rules))
            } else {
                corrections.apply(event, sequence: recorded.sequence)
            }
        }
        // Corrections known at the cut apply to the rules too, whenever they were recorded.
        let resolved = adopted.compactMap { entry -> LogCut.AdoptedRules? in
            switch corrections.resolution(of: entry.sequence) {
            case .voided: return nil
            case .replaced(let replacement):
                guard case .rulesAdopted(let corrected) = replacement else { return nil }
                return LogCut.AdoptedRules(sequence: entry.sequence, rules: corrected)
            case nil: return entry
            }
        }
        return LogCut(checkpoint: checkpoint, corrections: corrections, adoptedRules: resolved)
    }

    /// Resolves the log position, corrections and rules for `parameters` (one cut, one context).
    public static func context(for parameters: ProjectionParameters, in store: any EventStore) throws(ProjectionError)
        -> (ProjectionContext, CorrectionIndex)
    {
        let cut = try cut(knownAt: parameters.knownAt, in: store)
        return (cut.context(for: parameters), cut.corrections)
    }

    /// Builds projection `P` for `parameters` from `store`.
    public static func run<P: CareProjection>(_ type: P.Type, parameters: ProjectionParameters, store: any EventStore)
        throws(ProjectionError) -> (output: P.Output, context: ProjectionContext)
    {
        try run(type, parameters: parameters, cut: cut(knownAt: parameters.knownAt, in: store), store: store)
    }

    /// Builds projection `P` for `parameters` at an already-read `cut` (its `knownAt` is the cut's).
    public static func run<P: CareProjection>(
        _ type: P.Type, parameters: ProjectionParameters, cut: LogCut, store: any EventStore
    ) throws(ProjectionError) -> (output: P.Output, context: ProjectionContext) {
        let context = cut.context(for: parameters)
        var projections = [P(context: context)]
        try fold(&projections, cut: cut, store: store)
        return (projections[0].output(), context)
    }

    /// Folds the events `projection` reads into it, honouring `corrections`, up to the context's checkpoint.
    public static func fold<P: CareProjection>(
        _ projection: inout P, corrections: CorrectionIndex, context: ProjectionContext, store: any EventStore
    ) throws(ProjectionError) {
        var projections = [projection]
        try fold(&projections, corrections: corrections, checkpoint: context.checkpoint.sequence, store: store)
        projection = projections[0]
    }

    /// Folds every event the projections read up to `cut` into them, honouring its corrections.
    public static func fold<P: CareProjection>(_ projections: inout [P], cut: LogCut, store: any EventStore)
        throws(ProjectionError)
    {
        try fold(&projections, corrections: cut.corrections, checkpoint: cut.checkpoint.sequence, store: store)
    }

    /// Folds one read of the log into several projections of the same kind (say, compliance for
    /// two quarters): events are read and decoded once, then applied to each.
    ///
    /// Compliance folds over a store read in place go through compliance's reader
    /// (``foldCompliance(_:corrections:checkpoint:store:)``): the same events, the same output.
    public static func fold<P: CareProjection>(
        _ projections: inout [P], corrections: CorrectionIndex, checkpoint: UInt64, store: any EventStore
    ) throws(ProjectionError) {
        if P.self == Compliance.self, let borrowing = store as? any StoredEventReading,
            var folds = projections as? [Compliance]
        {
            try foldCompliance(&folds, corrections: corrections, checkpoint: checkpoint, store: borrowing)
            guard let folded = folds as? [P] else { preconditionFailure("compliance folds are of type P") }
            projections = folded
            return
        }
        try fold(&projections, corrections: corrections, after: 0, checkpoint: checkpoint, store: store)
    }

    /// Events decoded per batch: large enough to keep both cores busy, small enough that memory
    /// stays flat whatever the length of the log.
    static let decodeBatchSize = 4096

    /// Fewer events than this are decoded on the calling thread, not handed to other threads.
    static let inlineDecodeLimit = 256

    /// Reads and decodes the selected events, decoding each batch on the other cores while
    /// this thread reads the next one and folds the last, handing the events to `body`
    /// strictly in log order.
    ///
    /// Reading a store in place, only what `reading` names of each event is decoded (the rest is
    /// blank in what `body` is handed); through envelopes, every event is decoded whole.
    static func visit(
        _ selection: EventSelection, in store: any EventStore, reading: EventReading = .everything,
        _ body: (CareEvent, RecordedEvent) -> Void
    ) throws(ProjectionError) {
        if let borrowing = store as? any BorrowedEventReading, selection.stream == nil,
            selection.direction == .forward
        {
            return try visitBorrowed(selection, in: borrowing, reading: reading, body)
        }
        // A pipeline: while the other cores decode batch n, this thread reads batch n + 1 from
        // the store and folds batch n - 1, always in log order.
        var pending: [RecordedEvent] = []
        pending.reserveCapacity(decodeBatchSize)
        var inFlight: DecodeJob?
        func advance() throws(ProjectionError) {
            let previous = inFlight
            inFlight = pending.isEmpty ? nil : DecodeJob(pending)
            pending = []
            pending.reserveCapacity(decodeBatchSize)
            if let previous {
                for (event, recorded) in zip(try previous.wait(), previous.batch) { body(event, recorded) }
            }
        }
        do {
            try store.read(selection) { recorded in
                pending.append(recorded)
                if pending.count == decodeBatchSize { try advance() }
            }
            try advance()
            try advance()
        } catch let error as ProjectionError {
            _ = try? inFlight?.wait()
            throw error
        } catch let error as EventStoreError {
            _ = try? inFlight?.wait()
            throw .store(error)
        } catch {
            _ = try? inFlight?.wait()
            throw .store(.storage(detail: String(describing: error)))
        }
    }

    /// One batch being decoded on other threads while the caller goes on reading and folding.
    final class DecodeJob: @unchecked Sendable {
        let batch: [RecordedEvent]
        private let done = DispatchSemaphore(value: 0)
        /// Written once by the decoding thread before `done` is signalled.
        private var result: Result<[CareEvent], ProjectionError>?

        init(_ batch: [RecordedEvent]) {
            self.batch = batch
            SideWork.start(on: .global(qos: .userInitiated)) { [self] in
                // Leave one core to the reading and folding thread.
                let workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
                result = Result { () throws(ProjectionError) in
                    try ProjectionRunner.decodeConcurrently(batch, workers: workers)
                }
                done.signal()
            }
        }

        func wait() throws(ProjectionError) -> [CareEvent] {
            done.wait()
            done.signal()  // later waits return at once
            guard let result else { throw .store(.storage(detail: "a decoding batch did not finish")) }
            return try result.get()
        }
    }

    static func decodeConcurrently(
        _ batch: [RecordedEvent], workers maximum: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(ProjectionError) -> [CareEvent] {
        let workers = batch.count < inlineDecodeLimit ? 1 : max(1, min(maximum, 8))
        var results = [Result<CareEvent, ProjectionError>?](repeating: nil, count: batch.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            SideWork.perform(iterations: workers) { worker in
                var index = worker
                while index < batch.count {
                    let recorded = batch[index]
                    do {
                        slots[index] = .success(try CareEventCodec.decode(recorded))
                    } catch {
                        slots[index] = .failure(
                            .undecodable(
                                sequence: recorded.sequence, type: recorded.type, reason: String(describing: error)))
                    }
                    index += workers
                }
            }
        }
        var events: [CareEvent] = []
        events.reserveCapacity(batch.count)
        for result in results {
            switch result {
            case .success(let event)?: events.append(event)
            case .failure(let error)?: throw error
            case nil: throw .store(.storage(detail: "a decoding batch did not finish"))
            }
        }
        return events
    }
}
