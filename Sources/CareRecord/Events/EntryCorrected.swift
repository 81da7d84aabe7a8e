/// An earlier entry in this stream was wrong; `replacement` says what it should have said.
///
/// Stream: the corrected entry's stream. Read by: every projection (the replacement is used in
/// place of the entry it corrects), audit timeline (shown beside the original).
/// Rule: corrections are append-only rectification events, never edits (rules.md §9 BS ISO
/// 15489; §11.9, §11.28).
///
/// JSON: `{"sequence": 42, "reason": "wrongTime", "replacementType": "VisitCheckedIn",
/// "replacement": {…the full corrected payload…}}`, or with `"target": {"stream": "visit/V1",
/// "version": 2}` instead of `sequence` (resolved to the sequence on import; see ``EntryTarget``). The replacement must be of the same type as
/// the entry it corrects, is written at that type's current schema version, and cannot itself
/// be a correction.
public struct EntryCorrected: CareEventPayload {
    /// `EntryCorrected`.
    public static let eventType = "EntryCorrected"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: the stream of the corrected entry.
    public static let streamKind: StreamKind? = nil

    /// The global sequence number of the entry corrected (same stream, same type); 0 while the
    /// entry is named by ``target`` and not resolved yet.
    public var sequence: UInt64
    /// The entry named by stream and version, before the import resolves it to ``sequence``.
    public var target: EntryTarget?
    /// Why.
    public var reason: CorrectionReason
    /// The corrected entry, in full.
    public var replacement: CareEvent

    /// Creates a correction.
    public init(sequence: UInt64, reason: CorrectionReason, replacement: CareEvent, target: EntryTarget? = nil) {
        self.target = target
        self.sequence = sequence
        self.reason = reason
        self.replacement = replacement
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .entryCorrected(self) }

    /// Checks the sequence and that the replacement is itself plausible.
    public func check(_ c: inout PayloadChecks) {
        if let target {
            c.require(target.version >= 1, "target.version", "must be a stream version (1 or more)")
        } else {
            c.require(sequence >= 1, "sequence", "must be a sequence number (1 or more)")
        }
        var inner = PayloadChecks(stream: c.stream, now: c.now, allowedSkewMilliseconds: c.allowedSkewMilliseconds)
        replacement.payload.check(&inner)
        c.absorb(inner, under: "replacement")
    }

    private enum CodingKeys: String, CodingKey {
        case sequence, target, reason, replacementType, replacement
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        (sequence, target) = try CorrectionTargetDecoding.decode(c, sequence: .sequence, target: .target)
        reason = try c.decode(CorrectionReason.self, forKey: .reason)
        let type = try c.decode(String.self, forKey: .replacementType)
        guard CareEventCodec.isKnown(type) else {
            throw PayloadFieldError(
                path: FieldPath.render(c.codingPath + [CodingKeys.replacementType]), kind: .unknownEventType,
                message: "is not an event type in the catalogue")
        }
        guard type != EntryCorrected.eventType, type != EntryVoided.eventType else {
            throw PayloadFieldError(
                path: FieldPath.render(c.codingPath + [CodingKeys.replacementType]), kind: .implausible,
                message: "a correction cannot replace an entry with another correction; void the correction instead")
        }
        replacement = try CareEventCodec.decodeData(
            type: type, schemaVersion: nil, from: try c.superDecoder(forKey: .replacement))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let target {
            try c.encode(target, forKey: .target)
        } else {
            try c.encode(sequence, forKey: .sequence)
        }
        try c.encode(reason, forKey: .reason)
        try c.encode(replacement.type, forKey: .replacementType)
        try replacement.payload.encode(to: c.superEncoder(forKey: .replacement))
    }
}
