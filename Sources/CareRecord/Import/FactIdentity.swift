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

extension FactIdentity {
    /// What a stored ``FactIndex`` was built under: a fact's key and slot depend on the
    /// catalogue's current schema versions (a payload is upcast before it is hashed) and on which
    /// types occur once, so an index written under another catalogue is not used.
    public static let indexVersion: String = {
        let schemas = CareEvent.allPayloadTypes.map { "\($0.eventType)@\($0.schemaVersion)" }.sorted()
        let digest = EventHash.sha256(of: Array((schemas + ["once"] + onceTypes.sorted()).joined(separator: "\n").utf8))
        return "carelog-fact-index/1 " + digest.hex
    }()
}

extension FactKey {
    /// Its 32 bytes (the SHA-256), as a ``FactIndex`` stores them.
    package var bytes: [UInt8] { digest.bytes }

    /// The key whose 32 bytes are `bytes`; `nil` for another length.
    package init?(bytes: UnsafeRawBufferPointer) {
        guard let digest = InlineDigest(bytes: bytes) else { return nil }
        self.digest = digest
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

    public func hash(into hasher: inout Hasher) { digest.hash(into: &hasher) }

    /// The digest's word mixed with the table's seed (``EventLog/InlineDigest``), without a
    /// `Hasher`: an import looks up a fact key per line.
    public func _rawHashValue(seed: Int) -> Int { digest._rawHashValue(seed: seed) }
}

/// A once-only fact as the planner remembers it: where it is and its identity, not its data
/// (which the store, or the lines not yet appended, still hold for the rare contradiction).
struct OnceFact {
    /// Its version in the stream.
    var version: UInt32
    /// Its identity key.
    var key: FactKey
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
