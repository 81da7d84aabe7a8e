import CareRecord
import EventLog
import Testing

/// Lines that restate what the store holds are counted in chunks like any other line, and the
/// streams they read are forgotten as an appended chunk's are: a file imported twice holds no
/// more than one imported once.
@Suite("Skipped lines in chunks")
struct SkippedLinesTests {
    func line(_ stream: String, _ event: CareEvent, _ number: Int) -> EventLine {
        EventLine(
            line: number, stream: StreamName(stream)!, event: event, occurredAt: instant("2020-02-03T08:00:00Z"),
            actor: "staff/S2")
    }

    /// A person and a carer, then `count` visits from `first` on, each a stream of its own.
    func visits(_ range: Range<Int>, numberedFrom number: Int = 3) -> [EventLine] {
        range.enumerated().map { offset, visit in
            line("visit/V\(visit)", sample("VisitScheduled").event, number + offset)
        }
    }

    var setUp: [EventLine] {
        [line("person/P1", sample("ServiceStarted").event, 1), line("staff/S2", sample("StaffJoined").event, 2)]
    }

    /// Plans `lines` in chunks of `size` against `store`, appending each chunk as it comes and
    /// forgetting after a chunk of skipped lines when `forgetting`; the most streams held at once
    /// and each chunk's event count.
    func importLines(
        _ lines: [EventLine], into store: InMemoryEventStore, size: Int, forgetting: Bool = true
    ) throws -> (mostHeld: Int, chunks: [Int], skipped: Int) {
        var planner = ImportPlanner(
            validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: size)
        var mostHeld = 0
        var chunks: [Int] = []
        for line in lines {
            if let chunk = try planner.add(line) {
                chunks.append(chunk.batch.events.count)
                _ = try store.append(chunk.batch)
                planner.chunkAppended(chunk.index)
            }
            if forgetting, planner.hasSkippedChunk { planner.forgetSkippedLines() }
            mostHeld = max(mostHeld, planner.streamsHeld)
        }
        if let last = try planner.finish() {
            chunks.append(last.batch.events.count)
            _ = try store.append(last.batch)
            planner.chunkAppended(last.index)
        }
        return (mostHeld, chunks, planner.alreadyRecorded)
    }

    @Test("a file imported again holds at most a chunk's streams, as the first import did")
    func aFileImportedTwiceHoldsAChunksStreams() throws {
        let store = makeStore()
        let lines = setUp + visits(0..<200)
        let first = try importLines(lines, into: store, size: 10)
        #expect(first.skipped == 0)
        #expect(first.mostHeld <= 10)
        let head = try store.checkpoint(knownAt: .head).sequence
        let again = try importLines(lines, into: store, size: 10)
        #expect(again.skipped == lines.count)
        #expect(again.chunks.isEmpty)
        #expect(again.mostHeld <= 10)
        #expect(try store.checkpoint(knownAt: .head).sequence == head)
        // Without forgetting, every stream the skipped lines read stays held.
        let held = try importLines(lines, into: store, size: 10, forgetting: false)
        #expect(held.mostHeld == lines.count)
    }

    @Test("a chunk is made every N lines of input, new or already recorded")
    func chunksCountSkippedLines() throws {
        let store = makeStore()
        let old = setUp + visits(0..<20)
        _ = try importLines(old, into: store, size: 100)
        // Each old visit again, followed by a new one: 40 lines, 20 of them new.
        let new = visits(100..<120, numberedFrom: 23)
        var mixed: [EventLine] = []
        for (restated, added) in zip(old.dropFirst(2), new) { mixed += [restated, added] }
        let run = try importLines(mixed, into: store, size: 10)
        #expect(run.skipped == 20)
        #expect(run.chunks == [5, 5, 5, 5])
        #expect(run.mostHeld <= 10)
        #expect(try store.checkpoint(knownAt: .head).sequence == UInt64(old.count + new.count))
    }

    @Test("streams of skipped lines are not forgotten while a chunk is not yet reported appended")
    func nothingIsForgottenBeforeTheChunksInFlightAreIn() throws {
        let store = makeStore()
        let lines = setUp + visits(0..<30)
        _ = try importLines(Array(lines.prefix(20)), into: store, size: 100)
        var planner = ImportPlanner(
            validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: 10)
        // Lines 21–30 are new: their chunk is handed out and not yet appended.
        var inFlight: ImportChunk?
        for line in lines.dropFirst(20).prefix(10) { inFlight = try planner.add(line) ?? inFlight }
        let chunk = try #require(inFlight)
        #expect(chunk.batch.events.count == 10)
        // Ten lines already recorded: a skipped chunk, but the chunk before is still in flight.
        for line in lines.prefix(10) { _ = try planner.add(line) }
        #expect(planner.hasSkippedChunk)
        let held = planner.streamsHeld
        planner.forgetSkippedLines()
        #expect(planner.streamsHeld == held)
        #expect(planner.hasSkippedChunk)
        // Once it is in, they are forgotten.
        _ = try store.append(chunk.batch)
        planner.chunkAppended(chunk.index)
        planner.forgetSkippedLines()
        #expect(planner.streamsHeld == 0)
        #expect(!planner.hasSkippedChunk)
        // A restated line of the chunk that was in flight is still found already recorded.
        let before = planner.alreadyRecorded
        #expect(try planner.add(lines[25]) == nil)
        #expect(planner.alreadyRecorded == before + 1)
    }
}
