import EventLog

/// The facts of the streams an import has touched: what the store held plus the lines accepted.
///
/// Most streams hold a few facts (a visit: its scheduling, check-ins and check-outs), so the
/// facts are a short list searched in order, in one allocation per stream, with no key hashed;
/// a stream that grows past ``indexedFrom`` facts (a person's medication record) gets a
/// dictionary by key, and a list of its once-only slots, as well.
struct KnownFacts {
    /// One distinct fact of the stream: where it is first recorded and the once-only slot it fills.
    struct Fact {
        var key: FactKey
        var version: UInt32
        /// Its sequence as reported (`nil` for a line of this import).
        var sequence: UInt64?
        var slot: String?
        /// The sequence it has, or will have once its chunk is appended (0: not known).
        var at: UInt64
    }

    /// How many facts a stream holds before its facts are found through a dictionary.
    static let indexedFrom = 16
    /// The room made for a stream's facts when its first fact is added.
    static let firstCapacity = 4
    /// The stream's distinct facts, in the order first recorded (a fact stated again is not added).
    private(set) var facts: [Fact] = []
    /// What a long stream, or a migration, keeps besides its facts: `nil` for most streams (a
    /// visit), so that moving or copying a stream's facts retains one array, not five tables.
    private var extra: Extra?
    /// The stream's last version.
    var lastVersion: UInt32 = 0
    /// The stream's versions whose facts are in the import's ``FactIndex`` instead of ``facts``
    /// (0: none): a fact or slot not found here may be there.
    var indexedThrough: UInt32 = 0

    /// The tables of a long stream (``indexedFrom`` facts or more) and of a migration's streams.
    private struct Extra {
        /// Fact identity → its place in ``facts``, once the stream holds ``indexedFrom`` facts.
        var index: [FactKey: Int]?
        /// The once-only slots and the first fact that filled each, once indexed: a stream has
        /// only a few slots, so a short list searched in order beats hashing the slot.
        var once: [(slot: String, fact: OnceFact)] = []
        /// Migration only: how many times each fact is in the store, and how many lines of the
        /// input have stated it so far (the k-th statement in the input is the k-th copy in the store).
        var storeCopies: [FactKey: Int] = [:]
        var inputCopies: [FactKey: Int] = [:]
    }

    /// Fact identity → its place in ``facts``, once the stream holds ``indexedFrom`` facts.
    private var index: [FactKey: Int]? { extra?.index }

    /// Makes ``extra`` if the stream has none yet.
    private mutating func makeExtra() {
        if extra == nil { extra = Extra() }
    }

    /// The number of distinct facts held.
    var count: Int { facts.count }

    /// Whether the stream is long enough to go to a ``FactIndex`` when it leaves memory (a
    /// person's medication record, a programme: ``indexedFrom`` facts or more, or some already
    /// there); a short one (a visit) costs less to read back from the log.
    var isLong: Bool { indexedThrough > 0 || facts.count >= Self.indexedFrom }

    /// The identity keys of the facts held.
    var keys: [FactKey] { facts.map(\.key) }

    /// Where the fact with identity `key` is first recorded, if it is known.
    func position(of key: FactKey) -> (version: UInt32, sequence: UInt64?)? {
        if let index {
            guard let at = index[key] else { return nil }
            return (facts[at].version, facts[at].sequence)
        }
        for fact in facts where fact.key == key { return (fact.version, fact.sequence) }
        return nil
    }

    /// Adds a fact read from the store; `countingCopies` (a migration) also counts how often the
    /// store holds it.
    mutating func insertStored(_ fact: RecordedFact, countingCopies: Bool) {
        let key = fact.key
        if countingCopies {
            makeExtra()
            extra?.storeCopies[key, default: 0] += 1
        }
        insert(version: fact.version, sequence: fact.sequence, onceSlot: fact.onceSlot, key: key)
    }

    /// Adds a fact whose key the caller already computed (for ``verdict(key:onceSlot:copies:)``).
    /// A fact already known keeps where it was first recorded (its slot, derived from its type
    /// and data, is then filled already). `at` is the sequence a line of the import will have
    /// (a stored fact has its ``RecordedFact/sequence``).
    mutating func insert(version: UInt32, sequence: UInt64?, onceSlot: String?, key: FactKey, at: UInt64? = nil) {
        lastVersion = max(lastVersion, version)
        guard position(of: key) == nil else { return }
        let fresh = onceSlot.map { onceFact(in: $0) == nil } ?? false
        // Room for a visit's facts (its scheduling, check-in and check-out) in the first
        // allocation, not three allocations grown one fact at a time.
        if facts.isEmpty { facts.reserveCapacity(Self.firstCapacity) }
        facts.append(
            Fact(key: key, version: version, sequence: sequence, slot: fresh ? onceSlot : nil, at: at ?? sequence ?? 0))
        if index != nil {
            extra?.index?[key] = facts.count - 1
            if fresh, let onceSlot { extra?.once.append((onceSlot, OnceFact(version: version, key: key))) }
        } else if facts.count >= Self.indexedFrom {
            buildIndex()
        }
    }

    /// Finds the facts held by key, and their once-only slots, through ``index`` and ``once``.
    private mutating func buildIndex() {
        var built: [FactKey: Int] = [:]
        built.reserveCapacity(facts.count * 2)
        var once: [(slot: String, fact: OnceFact)] = []
        for (at, fact) in facts.enumerated() {
            built[fact.key] = at
            if let slot = fact.slot { once.append((slot, OnceFact(version: fact.version, key: fact.key))) }
        }
        makeExtra()
        extra?.index = built
        extra?.once = once
    }

    /// How many of the facts held are in the log at or before sequence `durable` (they come
    /// first: facts are held in the order recorded).
    func durableCount(through durable: UInt64) -> Int {
        facts.prefix { $0.at != 0 && $0.at <= durable }.count
    }

    /// The facts in the log at or before sequence `durable`, for the ``FactIndex``, and the
    /// versions they cover: ``lastVersion`` when every fact held is in the log (a stream whose
    /// lines are all appended), else the last version among them. `nil` when there are none.
    func durable(through durable: UInt64) -> (facts: [IndexedFacts.Fact], through: UInt32)? {
        let count = durableCount(through: durable)
        guard count > 0 else { return nil }
        let taken = facts[..<count].map {
            IndexedFacts.Fact(key: $0.key, version: $0.version, sequence: $0.at, slot: $0.slot)
        }
        return (taken, count == facts.count ? lastVersion : facts[count - 1].version)
    }

    /// Drops the facts ``durable(through:)`` gives (now in the ``FactIndex``) and marks the
    /// versions they cover as indexed.
    mutating func dropDurable(through durable: UInt64) {
        let count = durableCount(through: durable)
        guard count > 0 else { return }
        let through = count == facts.count ? lastVersion : facts[count - 1].version
        facts.removeFirst(count)
        indexedThrough = max(indexedThrough, through)
        // What is left is found in order again until it grows past ``indexedFrom``.
        extra?.index = nil
        extra?.once = []
        if facts.count >= Self.indexedFrom { buildIndex() }
    }

    /// What a line with fact `key` (filling `onceSlot`, if any) is against these facts and, for
    /// the versions they do not hold (``indexedThrough``), the import's `factIndex`. The index is
    /// asked first, so a fact recorded twice is named at its first version, as reading the
    /// stream back names it.
    mutating func verdict(
        key: FactKey, onceSlot: String?, copies: Bool, stream: StreamName, factIndex: (any FactIndex)?
    ) throws(CatalogueError) -> FactVerdict {
        guard indexedThrough > 0, let factIndex else { return verdict(key: key, onceSlot: onceSlot, copies: copies) }
        if let at = try factIndex.position(of: key, in: stream) {
            return .alreadyRecorded(version: at.version, sequence: at.sequence)
        }
        if let at = position(of: key) { return .alreadyRecorded(version: at.version, sequence: at.sequence) }
        guard let onceSlot else { return .new }
        if let earlier = try factIndex.onceFact(in: onceSlot, of: stream) {
            return .contradicts(version: earlier.version)
        }
        if let earlier = onceFact(in: onceSlot) { return .contradicts(version: earlier.version) }
        return .new
    }

    /// Adds a line's new fact at the version after ``lastVersion`` (see
    /// ``insert(version:sequence:onceSlot:key:at:)``).
    mutating func insertNext(onceSlot: String?, key: FactKey, at: UInt64) {
        insert(version: lastVersion + 1, sequence: nil, onceSlot: onceSlot, key: key, at: at)
    }

    /// What a new line, whose fact key the caller computed, is against these facts. With
    /// `copies` (a migration, which reproduces an older record as it was, duplicates included), a
    /// line restates a recorded fact only while the input has stated it fewer times than the
    /// store holds it.
    mutating func verdict(key: FactKey, onceSlot: String?, copies: Bool = false) -> FactVerdict {
        let at = position(of: key)
        if copies {
            let stated = extra?.inputCopies[key] ?? 0
            makeExtra()
            extra?.inputCopies[key] = stated + 1
            if stated < extra?.storeCopies[key] ?? 0, let at {
                return .alreadyRecorded(version: at.version, sequence: at.sequence)
            }
            if at != nil { return .new }
        } else if let at {
            return .alreadyRecorded(version: at.version, sequence: at.sequence)
        }
        if let onceSlot, let earlier = onceFact(in: onceSlot) { return .contradicts(version: earlier.version) }
        return .new
    }

    /// The once-only fact that fills `slot`, if any (the first fact recorded in it).
    func onceFact(in slot: String) -> OnceFact? {
        if let extra, extra.index != nil {
            for entry in extra.once where entry.slot == slot { return entry.fact }
            return nil
        }
        for fact in facts where fact.slot == slot { return OnceFact(version: fact.version, key: fact.key) }
        return nil
    }
}
