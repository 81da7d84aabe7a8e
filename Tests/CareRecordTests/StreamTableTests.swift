import EventLog
import Testing

@testable import CareRecord

/// The table of interned stream names (``StreamTable``) that an import keeps its per-stream state
/// by: one id per name held, the same each time the name is asked for, and ids given back reused,
/// so the ids never outgrow the most names held at once.
@Suite("Interned stream names keep one id each and reuse the ids given back")
struct StreamTableTests {
    private func name(_ i: Int) throws -> StreamName { try #require(StreamName("visit/V\(i)")) }

    @Test("a name interned again gets the id it has, and the id names it")
    func sameIdForTheSameName() throws {
        var table = StreamTable()
        let first = table.intern(try name(1))
        let second = table.intern(try name(2))
        #expect(first.added && second.added)
        #expect(first.id != second.id)
        let again = table.intern(try name(1))
        #expect(!again.added)
        #expect(again.id == first.id)
        #expect(table.id(of: try name(2)) == second.id)
        #expect(table.id(of: try name(3)) == nil)
        #expect(table.name(of: first.id) == (try name(1)))
        #expect(table.count == 2)
    }

    @Test("a name removed is no longer held, and its id goes to the next name added")
    func removedIdsAreReused() throws {
        var table = StreamTable()
        let ids = try (0..<4).map { table.intern(try name($0)).id }
        table.remove(ids[1])
        #expect(table.id(of: try name(1)) == nil)
        #expect(table.name(of: ids[1]) == nil)
        #expect(table.count == 3)
        let next = table.intern(try name(9))
        #expect(next.added)
        #expect(next.id == ids[1])
        #expect(table.name(of: next.id) == (try name(9)))
        // Removing a free id changes nothing.
        table.remove(ids[2])
        table.remove(ids[2])
        #expect(table.count == 3)
    }

    @Test("streams passing through in a window of 50 never need more than 50 ids, whatever how many pass")
    func idsStayWithinTheMostHeldAtOnce() throws {
        var table = StreamTable()
        var held: [Int] = []
        for i in 0..<10_000 {
            held.append(table.intern(try name(i)).id)
            if held.count > 50 { table.remove(held.removeFirst()) }
            #expect(table.id(of: try name(i)) == held.last)
        }
        #expect(table.count == 50)
        #expect(table.capacity <= 51)
    }

    /// The batch lookup of a chunked import interns the streams of the lines it holds, and of the
    /// stream in focus: once chunks are forgotten, the ids held are those of the lines not yet
    /// forgotten, not of every stream the import touched.
    @Test("a chunked lookup holds ids only for the streams of lines not yet forgotten")
    func lookupHoldsIdsForHeldLinesOnly() throws {
        var lookup = BatchReferenceLookup(base: EmptyReferenceLookup())
        let at = Timestamp(millisecondsSinceEpoch: 1_580_716_800_000)
        for i in 0..<5_000 {
            let stream = try name(i)
            _ = lookup.focus(on: stream)
            try lookup.add(stream, VisitCheckedIn(checkedInAt: at, staffId: "S1", method: .electronic).careEvent)
            if (i + 1) % 100 == 0 {
                lookup.forget(linesBefore: i + 1)
                // Only the stream in focus is left.
                #expect(lookup.internedCount == 1)
            }
        }
        // A forgotten stream reads as its lines said (from the store; here empty) and is interned
        // again only when focused or added.
        #expect(try lookup.currentVersion(of: try name(10)) == 0)
        #expect(lookup.internedCount == 1)
    }

    @Test("a pinned stream keeps its id after its lines are forgotten, and is marked forgotten once unpinned")
    func pinnedIdsOutliveTheirLines() throws {
        var lookup = BatchReferenceLookup(base: EmptyReferenceLookup())
        let at = Timestamp(millisecondsSinceEpoch: 1_580_716_800_000)
        let stream = try name(1)
        let id = lookup.focus(on: stream)
        #expect(!lookup.mayHaveForgotten(id))
        lookup.pin(id)
        try lookup.add(stream, VisitCheckedIn(checkedInAt: at, staffId: "S1", method: .electronic).careEvent)
        _ = lookup.focus(on: try name(2))
        lookup.forget(linesBefore: 1)
        #expect(lookup.stream(ofId: id) == stream)
        #expect(lookup.mayHaveForgotten(id))
        lookup.unpin(id)
        #expect(lookup.stream(ofId: id) == nil)
        // Interned again, it may have been forgotten.
        let again = lookup.focus(on: stream)
        #expect(lookup.mayHaveForgotten(again))
    }
}
