import CareRecord
import EventLog
import Testing

/// The batch lookup of an import in chunks: what it answers about a stream does not depend on
/// whether the stream's earlier lines are held, appended and forgotten, or read back.
@Suite("Batch reference lookup")
struct BatchReferenceLookupTests {
    /// Lines to a handful of visit streams in a random order, appended in chunks of random size
    /// (each chunk then forgotten); after every line, each stream's version and last check-in
    /// are asked of the lookup and compared with a plain count of the lines so far.
    @Test("versions and facts stay those of the lines so far while chunks are appended and forgotten")
    func answersMatchTheLinesWhileChunksAreForgotten() throws {
        for seed in UInt64(1)...8 {
            var random = SeededRandom(seed: seed)
            let store = makeStore()
            var lookup = BatchReferenceLookup(base: EventStoreReferenceLookup(store: store))
            let streams = try (0..<6).map { try #require(StreamName("visit/V\($0)")) }
            var versions = [StreamName: UInt32]()
            var lastCheckIn = [StreamName: Timestamp]()
            var pending: [ProposedEvent] = []
            var added = 0
            var chunkEnd = 1 + random.below(12)
            for number in 1...160 {
                let stream = streams[random.below(streams.count)]
                let at = Timestamp(millisecondsSinceEpoch: 1_580_716_800_000 + Int64(random.below(86_400)) * 1000)
                let event = VisitCheckedIn(checkedInAt: at, staffId: "S\(number)", method: .electronic).careEvent
                // Half the seeds put each line's stream in focus first, as the import planner does.
                if seed.isMultiple(of: 2) { _ = lookup.focus(on: stream) }
                try lookup.add(stream, event)
                added += 1
                versions[stream, default: 0] += 1
                lastCheckIn[stream] = max(lastCheckIn[stream] ?? at, at)
                pending.append(
                    EventLine(line: number, stream: stream, event: event, occurredAt: at, actor: "staff/S2")
                        .proposedEvent)
                if added == chunkEnd {
                    _ = try store.append(AppendBatch(events: pending))
                    pending.removeAll()
                    lookup.forget(linesBefore: added)
                    chunkEnd += 1 + random.below(12)
                }
                for name in streams {
                    let version = try lookup.currentVersion(of: name)
                    #expect(version == versions[name, default: 0], "seed \(seed), line \(number), \(name)")
                    #expect(version == (try lookup.storedVersion(of: name)) + lookup.linesAdded(to: name))
                    #expect(try lookup.facts(of: name).lastCheckIn == lastCheckIn[name])
                }
            }
        }
    }
}
