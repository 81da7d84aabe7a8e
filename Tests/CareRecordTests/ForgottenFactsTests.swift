import EventLog
import Testing

@testable import CareRecord

/// The facts an import keeps of streams it has forgotten (``ForgottenFacts``): what is taken back
/// is what was kept, and what is held never exceeds the budget, whatever how many streams pass.
@Suite("Forgotten streams' facts are kept within a fixed budget of facts")
struct ForgottenFactsTests {
    /// A stream's facts: `count` repeating facts at versions 1…count.
    private func facts(_ count: Int, salt: Int) -> KnownFacts {
        var facts = KnownFacts()
        for version in 1...count {
            let key = FactIdentity.key(
                type: "MedicationRecorded",
                occurredAt: Timestamp(millisecondsSinceEpoch: Int64(salt * 10_000 + version)),
                canonicalPayload: Array("{}".utf8))
            facts.insert(version: UInt32(version), sequence: nil, onceSlot: nil, key: key)
        }
        return facts
    }

    private func stream(_ i: Int) throws -> StreamName { try #require(StreamName("medication/P\(i)")) }

    @Test("a stream's facts are taken back as kept, once")
    func takenBackOnce() throws {
        var forgotten = ForgottenFacts()
        forgotten.keep(try stream(1), facts(3, salt: 1))
        forgotten.keep(try stream(2), facts(5, salt: 2))
        #expect(forgotten.count == 8)
        let taken = try #require(forgotten.take(try stream(2)))
        #expect(taken.count == 5)
        #expect(taken.lastVersion == 5)
        #expect(Set(taken.keys) == Set(facts(5, salt: 2).keys))
        #expect(forgotten.take(try stream(2)) == nil)
        #expect(forgotten.count == 3)
        #expect(forgotten.take(try stream(3)) == nil)
    }

    @Test("many streams never hold more than the budget; the latest are kept, the oldest dropped")
    func boundedByTheBudget() throws {
        var forgotten = ForgottenFacts()
        let perStream = 50
        let streams = 3 * ForgottenFacts.limit / perStream
        let each = facts(perStream, salt: 0)
        for i in 0..<streams {
            forgotten.keep(try stream(i), each)
            #expect(forgotten.count <= ForgottenFacts.limit)
        }
        #expect(forgotten.take(try stream(0)) == nil)
        #expect(forgotten.take(try stream(streams - 1))?.count == perStream)
        // A stream larger than half the budget is not kept at all.
        forgotten.keep(try stream(-1), facts(ForgottenFacts.limit / 2 + 1, salt: 99))
        #expect(forgotten.take(try stream(-1)) == nil)
    }

    @Test("the long streams dropped to stay within the budget are handed out before they go; short ones are not")
    func droppedLongStreamsAreHandedOut() throws {
        var forgotten = ForgottenFacts(limit: 128)
        var dropped: [StreamName: Int] = [:]
        let drop: (StreamName, KnownFacts) -> Void = { dropped[$0] = $1.count }
        // Generations of 64 facts. Streams 0–3 (16 facts each: long) fill the newer; a short
        // stream of 3 facts pushes them into the older; 4–6 join it, and 7 drops 0–3.
        for i in 0..<4 { forgotten.keep(try stream(i), facts(16, salt: i), dropping: drop) }
        forgotten.keep(try stream(50), facts(3, salt: 50), dropping: drop)
        for i in 4..<8 { forgotten.keep(try stream(i), facts(16, salt: i), dropping: drop) }
        #expect(dropped == Dictionary(uniqueKeysWithValues: try (0..<4).map { (try stream($0), 16) }))
        for i in 0..<4 { #expect(forgotten.take(try stream(i)) == nil) }
        // Stream 4 is taken back before its generation goes, so it is not handed out; the short
        // stream goes without being handed out.
        #expect(forgotten.take(try stream(4))?.count == 16)
        dropped = [:]
        for i in 8..<12 { forgotten.keep(try stream(i), facts(16, salt: i), dropping: drop) }
        #expect(Set(dropped.keys) == Set(try [5, 6].map(stream)))
        #expect(forgotten.take(try stream(50)) == nil)
        // A stream over half the budget is handed out at once and not kept.
        dropped = [:]
        forgotten.keep(try stream(99), facts(65, salt: 99), dropping: drop)
        #expect(dropped == [try stream(99): 65])
        #expect(forgotten.take(try stream(99)) == nil)
    }
}
