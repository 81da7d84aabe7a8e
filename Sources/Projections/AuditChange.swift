import CareRecord

/// A change to an earlier entry made between two points in the log.
public struct AuditChange: Hashable, Sendable {
    /// The log sequence of the correction event.
    public var sequence: UInt64
    /// The entry it changed.
    public var target: UInt64
    /// The changed entry's type, when it is at or before the later cut.
    public var targetType: String?
    /// Voided, replaced, or restored (a correction was withdrawn).
    public var action: AuditCorrectionNote.Action
    /// Why.
    public var reason: CorrectionReason
    /// The replacement's summary, for `replaced`.
    public var replacement: [AuditField]?

    /// Creates a change.
    public init(
        sequence: UInt64, target: UInt64, targetType: String?, action: AuditCorrectionNote.Action,
        reason: CorrectionReason, replacement: [AuditField]?
    ) {
        self.sequence = sequence
        self.target = target
        self.targetType = targetType
        self.action = action
        self.reason = reason
        self.replacement = replacement
    }
}
