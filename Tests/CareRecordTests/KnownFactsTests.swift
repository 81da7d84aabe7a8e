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
}
