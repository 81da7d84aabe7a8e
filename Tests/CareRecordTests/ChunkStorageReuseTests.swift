import CareRecord
import EventLog
import TestSupport
import Testing

@Suite("ImportPlanner: an appended chunk handed back lends its events' room to a later chunk")
struct ChunkStorageReuseTests {
    /// Members of staff joining, one per line.
    func lines(_ count: Int) -> [EventLine] {
        (1...count).map { number in
            EventLine(
                line: number, stream: StreamName("staff/S\(number)")!, event: sample("StaffJoined").event,
                occurredAt: instant("2020-02-03T08:00:00Z"), actor: "system/hr")
        }
    }

    /// Where an array's elements are.
    func address(_ events: [ProposedEvent]) -> UInt {
        events.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    /// Plans `lines` in chunks of `size` against a new store, appending each chunk as it comes and
    /// reporting it appended (handing the chunk back, or only its index); the chunks' events.
    func appendAll(_ lines: [EventLine], size: Int, handBack: Bool) throws -> [[ProposedEvent]] {
        let store = makeStore()
        var planner = ImportPlanner(
            validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: size)
        var planned: [[ProposedEvent]] = []
        func append(_ chunk: consuming ImportChunk) throws {
            // Copied element by element: a copy of the array would share its room.
            planned.append(chunk.batch.events.map { $0 })
            _ = try store.append(chunk.batch)
            if handBack { planner.chunkAppended(consume chunk) } else { planner.chunkAppended(chunk.index) }
        }
        for line in lines {
            if let chunk = try planner.add(line) { try append(chunk) }
        }
        if let last = try planner.finish() { try append(last) }
        return planned
    }

    @Test("the chunk after next is planned into the room of the chunk handed back")
    func handedBackRoomIsReused() throws {
        let store = makeStore()
        var planner = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: 2)
        let input = lines(6)
        var chunks: [ImportChunk] = []
        for line in input.prefix(2) { if let chunk = try planner.add(line) { chunks.append(chunk) } }
        guard var first = chunks.popLast() else {
            Issue.record("no first chunk")
            return
        }
        let firstRoom = address(first.batch.events)
        _ = try store.append(first.batch)
        planner.chunkAppended(consume first)
        // The second chunk was being filled already; the third goes into the first's room.
        for line in input[2...] { if let chunk = try planner.add(line) { chunks.append(chunk) } }
        #expect(chunks.count == 2)
        #expect(address(chunks[1].batch.events) == firstRoom)
        #expect(chunks[1].batch.events.map(\.stream) == [StreamName("staff/S5")!, StreamName("staff/S6")!])
        #expect(chunks[1].lines == 5...6)
        first = chunks[0]
        #expect(first.batch.events.map(\.stream) == [StreamName("staff/S3")!, StreamName("staff/S4")!])
    }

    @Test("a chunk still held elsewhere when handed back keeps its events")
    func sharedChunkIsLeftWhole() throws {
        let store = makeStore()
        var planner = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: 2)
        var held: [ImportChunk] = []
        for line in lines(6) {
            guard let chunk = try planner.add(line) else { continue }
            held.append(chunk)
            _ = try store.append(chunk.batch)
            planner.chunkAppended(chunk)
        }
        #expect(held.map(\.batch.events.count) == [2, 2, 2])
        #expect(
            held.flatMap { $0.batch.events.map(\.stream) } == (1...6).map { StreamName("staff/S\($0)")! })
        #expect(try store.checkpoint().sequence == 6)
    }

    @Test("chunks handed back or reported by index give the same batches, whatever the chunk size")
    func sameBatchesEitherWay() throws {
        let input = lines(23)
        for size in [1, 2, 3, 5, 7, 23, 40] {
            let byIndex = try appendAll(input, size: size, handBack: false)
            let handedBack = try appendAll(input, size: size, handBack: true)
            #expect(handedBack == byIndex, "chunks of \(size)")
            #expect(handedBack.joined().count == 23)
        }
    }

    @Test("a chunk waited for from the appender is handed back as its only holder")
    func appenderLetsGoOfTheChunk() throws {
        let store = makeStore()
        var planner = ImportPlanner(validator: validator, lookup: EventStoreReferenceLookup(store: store), chunkSize: 2)
        let appender = ChunkAppender(store: store, depth: 2)
        var rooms: [UInt] = []
        var third: ImportChunk?
        for line in lines(6) {
            guard let chunk = try planner.add(line) else { continue }
            rooms.append(address(chunk.batch.events))
            if chunk.index == 2 { third = chunk }
            appender.start(consume chunk)
            guard let (appended, outcome) = appender.wait() else {
                Issue.record("chunk \(rooms.count) was not appended")
                return
            }
            _ = try outcome.get()
            planner.chunkAppended(consume appended)
        }
        #expect(rooms.count == 3)
        #expect(rooms[2] == rooms[0])
        #expect(third?.batch.events.map(\.stream) == [StreamName("staff/S5")!, StreamName("staff/S6")!])
        #expect(try store.checkpoint().sequence == 6)
    }
}

@Suite("ImportPlanner: a line added where it is gives what adding it whole gives")
struct LineAddedInPlaceTests {
    let staff = (1...5).map { number in
        EventLine(
            line: number, stream: StreamName("staff/S\(number)")!, event: sample("StaffJoined").event,
            occurredAt: instant("2020-02-03T08:00:00Z"), actor: "system/hr")
    }

    /// Plans `lines` in chunks of two, each line added in place or whole: the chunks' events,
    /// the lines skipped and (in place) what is left of each line.
    func plan(_ lines: [EventLine], inPlace: Bool) throws -> (
        chunks: [[ProposedEvent]], skipped: Int, left: [EventLine]
    ) {
        var planner = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup(), chunkSize: 2)
        var chunks: [[ProposedEvent]] = []
        var left: [EventLine] = []
        for var line in lines {
            let chunk: ImportChunk?
            if inPlace {
                chunk = try planner.add(taking: &line)
                left.append(line)
            } else {
                chunk = try planner.add(line)
            }
            if let chunk { chunks.append(chunk.batch.events) }
        }
        if let last = try planner.finish() { chunks.append(last.batch.events) }
        return (chunks, planner.alreadyRecorded, left)
    }

    @Test("lines added in place give the same chunks and skips, and lose only what the event took")
    func sameChunksInPlace() throws {
        // Line 6 restates line 1 (skipped).
        var restated = staff[0]
        restated.line = 6
        let whole = try plan(staff + [restated], inPlace: false)
        let inPlace = try plan(staff + [restated], inPlace: true)
        #expect(inPlace.chunks == whole.chunks)
        #expect(whole.chunks.map(\.count) == [2, 2, 1])
        #expect(inPlace.skipped == 1 && whole.skipped == 1)
        // An accepted line gave its actor to its event; a skipped one keeps it.
        #expect(inPlace.left.count == 6)
        #expect(inPlace.left[0].actor.isEmpty)
        #expect(inPlace.left[0].line == 1 && inPlace.left[0].event == staff[0].event)
        #expect(inPlace.left[5].stream == StreamName("staff/S1")! && inPlace.left[5].actor == "system/hr")
    }

    @Test("a line refused in place is refused with the same error as the whole line")
    func sameErrorInPlace() throws {
        let checkIn = EventLine(
            line: 2, stream: StreamName("visit/V404")!,
            event: VisitCheckedIn(checkedInAt: instant("2020-02-03T08:01:00Z"), staffId: "S1", method: .electronic)
                .careEvent,
            occurredAt: instant("2020-02-03T08:01:00Z"), actor: "staff/S1")
        var whole = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup())
        var inPlace = ImportPlanner(validator: validator, lookup: EmptyReferenceLookup())
        _ = try whole.add(staff[0])
        var first = staff[0]
        _ = try inPlace.add(taking: &first)
        let refused = #expect(throws: CatalogueError.self) { try whole.add(checkIn) }
        var line = checkIn
        let refusedInPlace = #expect(throws: CatalogueError.self) { try inPlace.add(taking: &line) }
        #expect(refused?.line == 2)
        #expect(refusedInPlace?.description == refused?.description)
    }
}
