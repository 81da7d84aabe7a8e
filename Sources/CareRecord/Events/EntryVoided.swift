/// An earlier entry in this stream was entered in error and no longer counts.
///
/// Stream: the corrected entry's stream. Read by: every projection (voided entries are ignored), audit timeline.
/// Rule: Corrections are append-only (rules.md §9 BS ISO 15489; §11.9, §11.28).
public struct EntryVoided: CareEventPayload {
    /// `EntryVoided`.
    public static let eventType = "EntryVoided"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: the stream of the corrected entry.
    public static let streamKind: StreamKind? = nil

    /// The global sequence number of the entry voided (same stream); 0 while the entry is named
    /// by ``target`` and not resolved yet.
    public var sequence: UInt64
    /// The entry named by stream and version, before the import resolves it to ``sequence``.
    public var target: EntryTarget?
    /// Why.
    public var reason: CorrectionReason

    /// Creates the value; optional fields default to absent.
    public init(sequence: UInt64, reason: CorrectionReason, target: EntryTarget? = nil) {
        self.sequence = sequence
        self.reason = reason
        self.target = target
    }

    private enum CodingKeys: String, CodingKey { case sequence, target, reason }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        (sequence, target) = try CorrectionTargetDecoding.decode(c, sequence: .sequence, target: .target)
        reason = try c.decode(CorrectionReason.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let target {
            try c.encode(target, forKey: .target)
        } else {
            try c.encode(sequence, forKey: .sequence)
        }
        try c.encode(reason, forKey: .reason)
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .entryVoided(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        if let target {
            c.require(target.version >= 1, "target.version", "must be a stream version (1 or more)")
        } else {
            c.require(sequence >= 1, "sequence", "must be a sequence number (1 or more)")
        }
    }
}
