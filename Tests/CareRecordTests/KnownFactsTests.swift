import EventLog
import Testing

@testable import CareRecord

/// A stream's known facts (``KnownFacts``): a short list while the stream is small, a dictionary
/// once it grows. The verdicts are those of a plain model (a dictionary by key and a list of
/// once-only slots, as the planner kept them before) at every size, across the switch.
@Suite("A stream's known facts give the same verdicts small and large")
struct KnownFactsTests {
    /// The model: every key's first position, and each slot's first fact.
    private struct Model {
        var positions: [FactKey: (version: UInt32, sequence: UInt64?)] = [:]
        var once: [String: UInt32] = [:]
        var lastVersion: UInt32 = 0

        mutating func insert(version: UInt32, sequence: UInt64?, slot: String?, key: FactKey) {
            if positions[key] == nil { positions[key] = (version, sequence) }
            if let slot, once[slot] == nil { once[slot] = version }
            lastVersion = max(lastVersion, version)
        }

        func verdict(key: FactKey, slot: String?) -> FactVerdict {
            if let at = positions[key] { return .alreadyRecorded(version: at.version, sequence: at.sequence) }
            if let slot, let version = once[slot] { return .contradicts(version: version) }
            return .new
        }
    }

    private func key(_ n: Int) -> FactKey {
        FactIdentity.key(
            type: "VisitCheckedIn", occurredAt: Timestamp(millisecondsSinceEpoch: Int64(n)),
            canonicalPayload: Array("{\"n\":\(n % 7)}".utf8))
    }

    @Test("restated, contradicting and new facts, before and after the stream is indexed")
    func sameVerdictsAsTheModel() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20 {
            var facts = KnownFacts()
            var model = Model()
            var version: UInt32 = 0
            for _ in 0..<(3 * KnownFacts.indexedFrom) {
                // Keys repeat (restated facts); slots repeat with other keys (contradictions). A
                // key's slot follows from it, as a fact's follows from its type and data.
                let n = Int.random(in: 0..<60, using: &generator)
                let slot: String? = n.isMultiple(of: 2) ? "in/S\(n % 5)" : nil
                let k = key(n + round * 1000)
                let expected = model.verdict(key: k, slot: slot)
                #expect(facts.verdict(key: k, onceSlot: slot) == expected)
                #expect(facts.position(of: k).map(\.version) == model.positions[k]?.version)
                if expected == .new || Bool.random(using: &generator) {
                    // Stored facts may repeat a key or fill a slot twice; lines only when new.
                    version += 1
                    let sequence: UInt64? = Bool.random(using: &generator) ? UInt64(version) + 100 : nil
                    facts.insert(version: version, sequence: sequence, onceSlot: slot, key: k)
                    model.insert(version: version, sequence: sequence, slot: slot, key: k)
                }
                #expect(facts.lastVersion == model.lastVersion)
                #expect(facts.count == model.positions.count)
                for s in 0..<5 { #expect(facts.onceFact(in: "in/S\(s)")?.version == model.once["in/S\(s)"]) }
            }
            #expect(Set(facts.keys) == Set(model.positions.keys))
        }
    }

    @Test("the facts in the log leave for the fact index in order; what is left still answers, what left does not")
    func durableFactsLeaveForTheIndex() {
        var facts = KnownFacts()
        // Versions 1…40 at sequences 101…140; every fifth fills a once-only slot.
        for n in 1...40 {
            facts.insert(
                version: UInt32(n), sequence: nil, onceSlot: n % 5 == 0 ? "out/S\(n)" : nil, key: key(n),
                at: UInt64(100 + n))
        }
        #expect(facts.durableCount(through: 100) == 0)
        #expect(facts.durable(through: 100) == nil)
        let taken = facts.durable(through: 125)
        #expect(taken?.facts.map(\.version) == Array(1...25).map(UInt32.init))
        #expect(taken?.facts.map(\.sequence) == Array(101...125).map(UInt64.init))
        #expect(taken?.facts.compactMap(\.slot) == ["out/S5", "out/S10", "out/S15", "out/S20", "out/S25"])
        #expect(taken?.through == 25)
        facts.dropDurable(through: 125)
        #expect(facts.count == 15)
        #expect(facts.indexedThrough == 25)
        #expect(facts.lastVersion == 40)
        // What left is the index's to answer; what is left answers as before.
        #expect(facts.position(of: key(3)) == nil)
        #expect(facts.onceFact(in: "out/S10") == nil)
        #expect(facts.position(of: key(30))?.version == 30)
        #expect(facts.onceFact(in: "out/S30")?.version == 30)
        // Every fact in the log: the stream is covered through its last version.
        #expect(facts.durable(through: 140)?.through == 40)
    }
}
