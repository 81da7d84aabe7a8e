import CareCalendar
import CareRecord
import EventLog

/// Builds a demo partnership in a fresh store through the real append path: each simulated
/// day's lines are validated by the catalogue's ``CareRecord/ImportPlanner`` (against the store
/// and the batch, at the simulated time of recording) and appended in atomic batches, with
/// `recordedAt` taken from the simulated calendar.
public struct DemoBuilder {
    /// What was built.
    public struct Result: Hashable, Sendable {
        /// What the generator produced.
        public var counts: DemoCounts
        /// The store's checkpoint afterwards.
        public var checkpoint: Checkpoint
    }

    /// The partnership to build.
    public var configuration: DemoConfiguration
    /// Lines per atomic batch (a day's lines are split into batches of at most this many).
    public var batchSize: Int

    /// A builder for `configuration`.
    public init(configuration: DemoConfiguration, batchSize: Int = 5000) {
        self.configuration = configuration
        self.batchSize = batchSize
    }

    /// Generates and appends everything; `progress` gets (days done, days in the period, events so far).
    public func build(into store: any EventStore, progress: (Int, Int, Int) -> Void = { _, _, _ in })
        throws(DemoBuildError) -> Result
    {
        let start: Checkpoint
        do { start = try store.checkpoint() } catch { throw .store(error) }
        guard start.sequence == 0 else { throw .storeNotEmpty(sequence: start.sequence) }
        let generator = DemoGenerator(configuration: configuration)
        let totalDays = configuration.startDate.days(until: configuration.endDate)
        var day = 0
        while let lines = generator.nextDay() {
            // Batches end at a size limit and at every six hours of simulated time, so that
            // `recordedAt` (the batch's latest time) stays close to when each event was recorded.
            var offset = 0
            while offset < lines.count {
                let block = Self.block(of: lines[offset])
                var end = offset + 1
                while end < lines.count, end - offset < batchSize, Self.block(of: lines[end]) == block { end += 1 }
                try append(lines[offset..<end], to: store)
                offset = end
            }
            day += 1
            progress(day, totalDays, generator.counts.events)
        }
        let checkpoint: Checkpoint
        do { checkpoint = try store.checkpoint() } catch { throw .store(error) }
        return Result(counts: generator.counts, checkpoint: checkpoint)
    }

    /// The six-hour block of simulated time a line was recorded in.
    private static func block(of line: EventLine) -> Int64 {
        (line.recordedAt ?? line.occurredAt).millisecondsSinceEpoch / (6 * 3_600_000)
    }

    private func append(_ lines: ArraySlice<EventLine>, to store: any EventStore) throws(DemoBuildError) {
        guard let last = lines.last, let first = lines.first else { return }
        // The generator writes each fact once into an empty store, so fact identity (which
        // reads every touched stream) is not checked; lifecycle and references are.
        var planner = ImportPlanner(
            validator: EventValidator(now: last.recordedAt ?? last.occurredAt),
            lookup: EventStoreReferenceLookup(store: store), checksFactIdentity: false)
        let chunk: ImportChunk?
        do {
            for line in lines { _ = try planner.add(line) }
            chunk = try planner.finish()
        } catch {
            throw .invalidLine(error)
        }
        guard var chunk else { return }
        // The batch is recorded at its latest simulated time (as the demo always has been).
        chunk.batch.recordedAtOverride = lines.compactMap(\.recordedAt).max()
        let result: AppendResult
        do { result = try store.append(chunk.batch) } catch { throw .store(error) }
        let actual = result.positions.first?.sequence ?? 0
        guard actual == UInt64(first.line) else {
            throw .unexpectedSequence(expected: UInt64(first.line), actual: actual)
        }
    }
}
