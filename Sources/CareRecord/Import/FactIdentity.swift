import EventLog
import Foundation

/// What makes two event lines the same fact (see `Docs/events.md`, "Fact identity").
///
/// - A **once-per-stream** type (``onceTypes``: a visit's scheduling, cancellation and miss; an
///   incident, a notification's submission, a programme's definition, each stage of a complaint)
///   occurs at most once in its stream; a visit's check-in and check-out occur at most once per
///   member of staff (a double-handed visit has one per carer). A second line in the same slot
///   is the same fact when its `occurredAt` and data are equal, and contradicts it otherwise.
/// - Every other type **repeats**: two lines are the same fact when stream, type, `occurredAt`
///   and canonical data (the payload encoded at the current schema version) are all equal.
///
/// The actor, correlation and causation ids, `recordedAt` and idempotency key are not part of
/// the identity: they say who wrote the fact down and how, not what happened.
public enum FactIdentity {
    /// Types that occur at most once per stream.
    public static let onceTypes: Set<String> = [
        VisitScheduled.eventType, VisitCheckedIn.eventType, VisitCheckedOut.eventType,
        VisitCancelled.eventType, VisitMissed.eventType, IncidentRecorded.eventType,
        NotificationSubmitted.eventType, ProgrammeDefined.eventType, ComplaintReceived.eventType,
        ComplaintAcknowledged.eventType, ComplaintStage1Responded.eventType,
        ComplaintEscalatedToStage2.eventType, ComplaintStage2Acknowledged.eventType,
        ComplaintStage2Responded.eventType, ComplaintClosed.eventType, ComplaintWithdrawn.eventType,
        AccessGranted.eventType,
    ]

    /// The once-only slot a fact fills in its stream (the type; for a visit's check-in and
    /// check-out `in/` or `out/` and the staff id), or `nil` for a repeating type: the types of
    /// ``onceTypes``, decided by the event's case without hashing its type name, and short
    /// enough for a check-in's slot to be held inline without an allocation per line.
    public static func onceSlot(of event: CareEvent) -> String? {
        switch event {
        case .visitCheckedIn(let e): return "in/" + e.staffId
        case .visitCheckedOut(let e): return "out/" + e.staffId
        case .visitScheduled, .visitCancelled, .visitMissed, .incidentRecorded, .notificationSubmitted,
            .programmeDefined, .complaintReceived, .complaintAcknowledged, .complaintStage1Responded,
            .complaintEscalatedToStage2, .complaintStage2Acknowledged, .complaintStage2Responded, .complaintClosed,
            .complaintWithdrawn, .accessGranted:
            return event.type
        default: return nil
        }
    }

    /// The identity of one fact: SHA-256 over type, a zero byte, `occurredAt` (milliseconds, big
    /// endian) and canonical data (the stream is the dictionary key it is kept under), hashed in
    /// place without joining the parts.
    public static func key(type: String, occurredAt: Timestamp, canonicalPayload: [UInt8]) -> FactKey {
        FactKey(
            digest: InlineDigest.sha256 { hasher in
                hasher.update(utf8: type)
                withUnsafeBytes(of: UInt8(0)) { hasher.update($0) }
                hasher.update(bigEndian: occurredAt.millisecondsSinceEpoch)
                hasher.update(canonicalPayload)
            })
    }

    /// The first top-level data field in which two payloads of the same type differ (sorted by
    /// name), as a field path such as `data.checkedInAt`; `occurredAt` when only that differs.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        guard let x = try? JSONSerialization.jsonObject(with: Data(a)) as? [String: Any],
            let y = try? JSONSerialization.jsonObject(with: Data(b)) as? [String: Any]
        else { return "data" }
        for key in Set(x.keys).union(y.keys).sorted() {
            switch (x[key], y[key]) {
            case (nil, nil): continue
            case (let p?, let q?) where canonical(p) == canonical(q): continue
            default: return "data." + key
            }
        }
        return "occurredAt"
    }

    /// A JSON value's bytes with sorted keys, for comparing two values.
    private static func canonical(_ value: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
    }
}

/// One fact already recorded in a stream, as ``ReferenceLookup/recordedFacts(in:)`` reads it.
public struct RecordedFact: Sendable {
    /// Its version in the stream.
    public var version: UInt32
    /// Its event type.
    public var type: String
    /// When it happened.
    public var occurredAt: Timestamp
    /// Its payload encoded at the current schema version (older versions upcast first).
    public var canonicalPayload: [UInt8]
    /// The once-only slot it fills (``FactIdentity/onceSlot(of:)``), if any.
    public var onceSlot: String?
    /// Its global sequence number; `nil` for a line of the import not appended yet.
    public var sequence: UInt64?

    /// Creates a recorded fact.
    public init(
        version: UInt32, type: String, occurredAt: Timestamp, canonicalPayload: [UInt8], onceSlot: String?,
        sequence: UInt64? = nil
    ) {
        self.sequence = sequence
        self.version = version
        self.type = type
        self.occurredAt = occurredAt
        self.canonicalPayload = canonicalPayload
        self.onceSlot = onceSlot
    }

    /// Its identity key.
    public var key: FactKey {
        FactIdentity.key(type: type, occurredAt: occurredAt, canonicalPayload: canonicalPayload)
    }
}

/// The identity of one fact (``FactIdentity/key(type:occurredAt:canonicalPayload:)``): its
/// SHA-256, held inline (no allocation per key).
public struct FactKey: Hashable, Sendable {
    let digest: InlineDigest
}

/// A once-only fact as the planner remembers it: where it is and its identity, not its data
/// (which the store, or the lines not yet appended, still hold for the rare contradiction).
struct OnceFact {
    /// Its version in the stream.
    var version: UInt32
    /// Its identity key.
    var key: FactKey
}

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
        var sequence: UInt64?
        var slot: String?
    }

    /// How many facts a stream holds before its facts are found through a dictionary.
    static let indexedFrom = 16
    /// The room made for a stream's facts when its first fact is added.
    static let firstCapacity = 4
    /// The stream's distinct facts, in the order first recorded (a fact stated again is not added).
    private(set) var facts: [Fact] = []
    /// Fact identity → its place in ``facts``, once the stream holds ``indexedFrom`` facts.
    private var index: [FactKey: Int]?
    /// The once-only slots and the first fact that filled each, once indexed: a stream has only a
    /// few slots, so a short list searched in order beats hashing the slot.
    private var once: [(slot: String, fact: OnceFact)] = []
    /// The stream's last version.
    var lastVersion: UInt32 = 0
    /// Migration only: how many times each fact is in the store, and how many lines of the input
    /// have stated it so far (the k-th statement in the input is the k-th copy in the store).
    var storeCopies: [FactKey: Int] = [:]
    var inputCopies: [FactKey: Int] = [:]

    /// The number of distinct facts held.
    var count: Int { facts.count }

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

    /// Adds a fact read from the store.
    mutating func insertStored(_ fact: RecordedFact) {
        let key = fact.key
        storeCopies[key, default: 0] += 1
        insert(version: fact.version, sequence: fact.sequence, onceSlot: fact.onceSlot, key: key)
    }

    /// Adds a fact whose key the caller already computed (for ``verdict(key:onceSlot:copies:)``).
    /// A fact already known keeps where it was first recorded (its slot, derived from its type
    /// and data, is then filled already).
    mutating func insert(version: UInt32, sequence: UInt64?, onceSlot: String?, key: FactKey) {
        lastVersion = max(lastVersion, version)
        guard position(of: key) == nil else { return }
        let fresh = onceSlot.map { onceFact(in: $0) == nil } ?? false
        // Room for a visit's facts (its scheduling, check-in and check-out) in the first
        // allocation, not three allocations grown one fact at a time.
        if facts.isEmpty { facts.reserveCapacity(Self.firstCapacity) }
        facts.append(Fact(key: key, version: version, sequence: sequence, slot: fresh ? onceSlot : nil))
        if index != nil {
            index?[key] = facts.count - 1
            if fresh, let onceSlot { once.append((onceSlot, OnceFact(version: version, key: key))) }
        } else if facts.count >= Self.indexedFrom {
            var built: [FactKey: Int] = [:]
            built.reserveCapacity(facts.count * 2)
            for (at, fact) in facts.enumerated() {
                built[fact.key] = at
                if let slot = fact.slot { once.append((slot, OnceFact(version: fact.version, key: fact.key))) }
            }
            index = built
        }
    }

    /// What a new line is, against these facts. With `copies` (a migration, which reproduces an
    /// older record as it was, duplicates included), a line restates a recorded fact only while
    /// the input has stated it fewer times than the store holds it.
    mutating func verdict(
        type: String, occurredAt: Timestamp, payload: [UInt8], onceSlot: String?, copies: Bool = false
    ) -> FactVerdict {
        verdict(
            key: FactIdentity.key(type: type, occurredAt: occurredAt, canonicalPayload: payload), onceSlot: onceSlot,
            copies: copies)
    }

    /// The verdict for a line whose fact key the caller already computed.
    mutating func verdict(key: FactKey, onceSlot: String?, copies: Bool = false) -> FactVerdict {
        let at = position(of: key)
        if copies {
            let stated = inputCopies[key, default: 0]
            inputCopies[key] = stated + 1
            if stated < storeCopies[key, default: 0], let at {
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
        if index != nil {
            for entry in once where entry.slot == slot { return entry.fact }
            return nil
        }
        for fact in facts where fact.slot == slot { return OnceFact(version: fact.version, key: fact.key) }
        return nil
    }
}

/// How a line relates to the facts already known.
enum FactVerdict: Equatable {
    /// Not recorded yet.
    case new
    /// The same fact is already at this stream version (in the store or earlier in the input).
    case alreadyRecorded(version: UInt32, sequence: UInt64?)
    /// A once-per-stream fact is recorded at this version with other data or time (the planner
    /// names the first field that differs).
    case contradicts(version: UInt32)
}
