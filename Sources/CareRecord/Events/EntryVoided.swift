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

    /// The global sequence number of the entry voided (same stream).
    public var sequence: UInt64
    /// Why.
    public var reason: CorrectionReason

    /// Creates the value; optional fields default to absent.
    public init(sequence: UInt64, reason: CorrectionReason) {
        self.sequence = sequence
        self.reason = reason
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .entryVoided(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.require(sequence >= 1, "sequence", "must be a sequence number (1 or more)")
    }
}
