import CareCalendar
import CareRecord
import EventLog

/// The register saved in the projection checkpoint cache (`<store>/cache`, binary `CLFS` like the
/// report folds' states), so a long-running service starts from the saved state and folds only
/// the events recorded since, instead of the whole log.
///
/// The register keeps facts as recorded and resolves corrections when asked, so a state saved at
/// a position stays right whatever is recorded after it (grants, revocations, a correction of an
/// entry before the position): catching up folds those like any event.
extension AccessRegister: FoldStateCodable {
    /// The cache key of the saved register; the number changes whenever its layout does.
    public static let checkpointKey = "access-register/v2"

    /// The register at the head of `store`: the state saved in `cache` when it was saved for this
    /// store (same store id, and the same head hash at its position — not a store restored from an
    /// older backup), caught up from there; else folded from the first event. With `save`, the
    /// state at the head is saved back when it moved (a service passes `false` and saves it with
    /// ``save(to:store:)`` once it is serving). Returns the register and the position it resumed
    /// from (0 when it folded the whole log).
    public static func resume(from store: any EventStore, cache: any FoldStateCache, save: Bool = true)
        throws(ProjectionError) -> (register: AccessRegister, resumedFrom: UInt64)
    {
        let head: Checkpoint
        do { head = try store.checkpoint() } catch { throw .store(error) }
        var register = AccessRegister()
        if let bytes = cache.load(key: checkpointKey), let saved = try? SavedFold<AccessRegister>(bytes: bytes) {
            let position = saved.checkpoint.sequence
            if saved.checkpoint.storeID == head.storeID, position > 0, position <= head.sequence,
                let there = try? store.checkpoint(knownAt: .sequence(position)), there == saved.checkpoint
            {
                register = saved.state
                register.position = position
            }
        }
        let resumedFrom = register.position
        try register.catchUp(from: store, knownAt: .sequence(head.sequence))
        register.position = max(register.position, head.sequence)
        if save, register.position > resumedFrom, head.sequence > 0 {
            cache.save(
                key: checkpointKey, bytes: SavedFold(checkpoint: head, rulesSequence: nil, state: register).bytes)
        }
        return (register, resumedFrom)
    }

    /// Saves the register in `cache` at its position (``savedBytes(store:)``).
    public func save(to cache: any FoldStateCache, store: any EventStore) throws(ProjectionError) {
        guard position > 0 else { return }
        cache.save(key: Self.checkpointKey, bytes: try savedBytes(store: store))
    }

    /// The register as saved under ``checkpointKey``: its state behind the checkpoint `store`
    /// holds at its position (a later ``resume(from:cache:save:)`` uses it only while the log
    /// still holds that checkpoint).
    public func savedBytes(store: any EventStore) throws(ProjectionError) -> [UInt8] {
        let checkpoint: Checkpoint
        do { checkpoint = try store.checkpoint(knownAt: .sequence(position)) } catch { throw .store(error) }
        return SavedFold(checkpoint: checkpoint, rulesSequence: nil, state: self).bytes
    }

    public func write(to writer: inout FoldStateWriter) {
        writer.unsigned(position)
        writer.value(corrections)
        writer.count(owners.count)
        for (sequence, owner) in owners {
            writer.unsigned(sequence)
            switch owner {
            case .grant(let id):
                writer.unsigned(0)
                writer.string(id)
            case .person(let id):
                writer.unsigned(1)
                writer.string(id)
            }
        }
        writer.count(grantFacts.count)
        for (id, facts) in grantFacts {
            writer.string(id)
            writer.optional(facts.granted) { writer, recorded in
                Self.write(recorded, to: &writer) { $0.event($1.careEvent) }
            }
            writer.array(facts.revocations) { writer, recorded in
                Self.write(recorded, to: &writer) { $0.event($1.careEvent) }
            }
        }
        Self.write(grantsBySubject, to: &writer)
        writer.count(serviceFacts.count)
        for (id, facts) in serviceFacts {
            writer.string(id)
            writer.array(facts) { writer, recorded in
                Self.write(recorded, to: &writer) { writer, fact in
                    switch fact {
                    case .started(let e): writer.event(e.careEvent)
                    case .ended(let e): writer.event(e.careEvent)
                    }
                }
            }
        }
        writer.value(schedule)
    }

    public init(from reader: inout FoldStateReader) throws(FoldStateDecodingError) {
        self.init()
        position = try reader.unsigned()
        corrections = try reader.value(CorrectionIndex.self)
        for _ in 0..<(try reader.count()) {
            let sequence = try reader.unsigned()
            let kind = try reader.unsigned()
            let id = try reader.string()
            switch kind {
            case 0: owners[sequence] = .grant(id)
            case 1: owners[sequence] = .person(id)
            default: throw FoldStateDecodingError(offset: 0, expected: "an owner kind")
            }
        }
        for _ in 0..<(try reader.count()) {
            let id = try reader.string()
            var facts = GrantFacts()
            facts.granted = try reader.optional { reader throws(FoldStateDecodingError) in
                try Self.readRecorded(&reader) { reader throws(FoldStateDecodingError) -> AccessGranted in
                    guard case .accessGranted(let e) = try reader.event() else {
                        throw FoldStateDecodingError(offset: 0, expected: "an AccessGranted")
                    }
                    return e
                }
            }
            facts.revocations = try reader.array { reader throws(FoldStateDecodingError) in
                try Self.readRecorded(&reader) { reader throws(FoldStateDecodingError) -> AccessRevoked in
                    guard case .accessRevoked(let e) = try reader.event() else {
                        throw FoldStateDecodingError(offset: 0, expected: "an AccessRevoked")
                    }
                    return e
                }
            }
            grantFacts[id] = facts
        }
        grantsBySubject = try Self.readSets(&reader)
        for _ in 0..<(try reader.count()) {
            let id = try reader.string()
            serviceFacts[id] = try reader.array { reader throws(FoldStateDecodingError) in
                try Self.readRecorded(&reader) { reader throws(FoldStateDecodingError) -> ServiceFact in
                    switch try reader.event() {
                    case .serviceStarted(let e): return .started(e)
                    case .serviceEnded(let e): return .ended(e)
                    default: throw FoldStateDecodingError(offset: 0, expected: "a ServiceStarted or ServiceEnded")
                    }
                }
            }
        }
        schedule = try reader.value(VisitSchedule.self)
    }

    // MARK: Parts

    private static func write<Fact>(
        _ recorded: Recorded<Fact>, to writer: inout FoldStateWriter, _ fact: (inout FoldStateWriter, Fact) -> Void
    ) {
        writer.unsigned(recorded.sequence)
        writer.string(recorded.actor)
        fact(&writer, recorded.fact)
    }

    private static func readRecorded<Fact>(
        _ reader: inout FoldStateReader, _ fact: (inout FoldStateReader) throws(FoldStateDecodingError) -> Fact
    ) throws(FoldStateDecodingError) -> Recorded<Fact> {
        let sequence = try reader.unsigned()
        let actor = try reader.string()
        return Recorded(sequence: sequence, actor: actor, fact: try fact(&reader))
    }

    private static func write(_ sets: [String: Set<String>], to writer: inout FoldStateWriter) {
        writer.count(sets.count)
        for (key, set) in sets {
            writer.string(key)
            writer.array(Array(set)) { $0.string($1) }
        }
    }

    private static func readSets(_ reader: inout FoldStateReader) throws(FoldStateDecodingError) -> [String: Set<
        String
    >] {
        var out: [String: Set<String>] = [:]
        for _ in 0..<(try reader.count()) {
            let key = try reader.string()
            out[key] = Set(try reader.array { reader throws(FoldStateDecodingError) in try reader.string() })
        }
        return out
    }

}
