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

    @Test("the streams dropped to stay within the budget are handed out before they go, and only then")
    func droppedStreamsAreHandedOut() throws {
        var forgotten = ForgottenFacts(limit: 40)
        var dropped: [StreamName: Int] = [:]
        let drop: (StreamName, KnownFacts) -> Void = { dropped[$0] = $1.count }
        // Two generations of 20 facts: the first four streams fill the newer, the next four
        // push them into the older, the last four drop them.
        for i in 0..<12 { forgotten.keep(try stream(i), facts(5, salt: i), dropping: drop) }
        #expect(Set(dropped.keys) == Set(try (0..<4).map(stream)))
        #expect(dropped.values.allSatisfy { $0 == 5 })
        for i in 0..<4 { #expect(forgotten.take(try stream(i)) == nil) }
        #expect(forgotten.take(try stream(4))?.count == 5)
        // A stream over half the budget is handed out at once and not kept.
        dropped = [:]
        forgotten.keep(try stream(99), facts(21, salt: 99), dropping: drop)
        #expect(dropped == [try stream(99): 21])
        #expect(forgotten.take(try stream(99)) == nil)
    }
}
